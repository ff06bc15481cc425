/**
 * Reads a CloudFormation template (JSON or YAML, short-form intrinsics included; a CDK app's
 * `cdk.out/STACK.template.json`) into a change to the world. The template is the stack after the change; the
 * stack's current template (`--cloudformation-before`, e.g. from `aws cloudformation get-template` or the main
 * branch's synth) is the stack before it, matched by logical id; without one, the stack is new and every resource
 * is created. AWS CloudFormation User Guide: "Template anatomy", "Parameters", "Conditions", "Pseudo parameters
 * reference", and each resource type's reference (its return values: Ref and Fn::GetAtt).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../../errors.js';
import { isPlainObject, readObject, type PlainObject } from '../../input/read-value.js';
import { SourceText } from '../../input/source-text.js';
import { Where } from '../../input/where.js';
import { isAccountId, parseArn } from '../../policy/arn.js';
import { accountsOfChange } from '../change/accounts.js';
import type { ChangeResource, ResourceAction, ResourceChange, SymbolicPrincipal, Unsupported, WorldChange } from '../change/model.js';
import type { World } from '../model.js';
import { Evaluator, Unknown, unknownsIn, type TemplateContext } from './intrinsics.js';
import { factsOfResource, identityKind, SUPPORTED_TYPES, UNSUPPORTED_TYPES } from './resource-facts.js';
import { SHORT_FORM_TAGS } from './short-form-tags.js';

export interface CloudFormationOptions {
  /** The stack's current template: without it the stack is new. */
  before?: string;
  /** Parameter values (`--parameter K=V`); others take their Default, or are unknown. */
  parameters?: Record<string, string>;
  /** The stack's account and Region (default: a CDK manifest beside the template, or the ARNs the template names). */
  account?: string;
  region?: string;
  world?: World;
}

/** One resource of one side's template. */
export interface TemplateResource {
  logicalId: string;
  type: string;
  where: Where;
}

/** One side (before or after) of the stack: a parsed template and its evaluated values. */
export class TemplateSide {
  readonly resources = new Map<string, TemplateResource>();
  private readonly evaluator: Evaluator;
  private readonly template: PlainObject;
  private readonly conditionValues = new Map<string, boolean | Unknown>();
  private readonly propertyValues = new Map<string, PlainObject>();
  private readonly evaluating = new Set<string>();
  readonly where: Where;

  constructor(readonly reader: TemplateReader, readonly side: 'before' | 'after', text: SourceText) {
    this.where = Where.ofFile(text);
    this.template = readObject(text.value, this.where, 'a CloudFormation template (an object with "Resources")');
    const resources = this.template.Resources;
    if (!isPlainObject(resources)) throw this.where.at('Resources').error('expected a CloudFormation template: an object with "Resources", an object of resources by logical id');
    for (const [logicalId, value] of Object.entries(resources)) {
      const where = this.where.at('Resources', logicalId);
      const resource = readObject(value, where, 'a resource ({ "Type": ..., "Properties": ... })');
      if (typeof resource.Type !== 'string') throw where.at('Type').error('expected the resource type, a string such as "AWS::KMS::Key"');
      this.resources.set(logicalId, { logicalId, type: resource.Type, where });
    }
    const self = this;
    const context: TemplateContext = {
      parameter: (name) => self.parameter(name),
      ref: (id) => reader.refOf(self, self.resources.get(id)!),
      getAtt: (id, attribute) => reader.attributeOf(self, self.resources.get(id)!, attribute),
      hasResource: (id) => self.resources.has(id),
      condition: (name, where) => self.condition(name, where),
      mappings: isPlainObject(this.template.Mappings) ? this.template.Mappings : {},
    };
    this.evaluator = new Evaluator(context);
  }

  get file(): string {
    return this.where.file;
  }

  /** Template-level transforms (AWS::Serverless, macros) rewrite the template at deploy time. */
  get transforms(): string[] {
    const t = this.template.Transform;
    return (Array.isArray(t) ? t : t === undefined ? [] : [t]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  }

  parameterNames(): string[] {
    return isPlainObject(this.template.Parameters) ? Object.keys(this.template.Parameters) : [];
  }

  /** A parameter's value: given, its Default, or unknown; a pseudo parameter's; undefined for other names. */
  parameter(name: string): unknown {
    const pseudo = this.reader.pseudoParameter(name, this.where);
    if (pseudo !== undefined) return pseudo;
    const declared = isPlainObject(this.template.Parameters) ? this.template.Parameters[name] : undefined;
    if (!isPlainObject(declared)) return undefined;
    const type = typeof declared.Type === 'string' ? declared.Type : 'String';
    // SSM parameter types are resolved from Parameter Store at deploy time: the value given is the parameter's name.
    if (type.startsWith('AWS::SSM::Parameter::Value<')) return new Unknown([`parameter ${name} (from SSM ${String(this.reader.options.parameters?.[name] ?? declared.Default)})`]);
    const given = this.reader.options.parameters?.[name];
    const value = given ?? declared.Default;
    if (value === undefined) return new Unknown([`parameter ${name}`]);
    const text = String(value);
    return type === 'CommaDelimitedList' || type.startsWith('List<') ? text.split(',').map((v) => v.trim()) : text;
  }

  condition(name: string, where: Where): boolean | Unknown {
    const known = this.conditionValues.get(name);
    if (known !== undefined) return known;
    const conditions = isPlainObject(this.template.Conditions) ? this.template.Conditions : {};
    if (!(name in conditions)) throw where.error(`the template declares no condition ${name}`);
    if (this.evaluating.has(`condition ${name}`)) throw where.error(`condition ${name} refers to itself`);
    this.evaluating.add(`condition ${name}`);
    const value = this.evaluator.test(conditions[name], this.where.at('Conditions', name));
    this.evaluating.delete(`condition ${name}`);
    this.conditionValues.set(name, value);
    return value;
  }

  /** Whether the resource exists on this side (its `Condition`, when it has one). */
  exists(resource: TemplateResource): boolean | Unknown {
    const raw = (this.template.Resources as PlainObject)[resource.logicalId] as PlainObject;
    if (raw.Condition === undefined) return true;
    if (typeof raw.Condition !== 'string') throw resource.where.at('Condition').error('expected the name of a condition');
    return this.condition(raw.Condition, resource.where.at('Condition'));
  }

  /**
   * Whether removing the resource from the stack leaves it in the account: `DeletionPolicy: Retain` (CloudFormation
   * User Guide, "DeletionPolicy attribute"; CDK sets it on keys by default).
   */
  retained(resource: TemplateResource): boolean {
    const raw = (this.template.Resources as PlainObject)[resource.logicalId] as PlainObject;
    return raw.DeletionPolicy === 'Retain' || raw.DeletionPolicy === 'RetainExceptOnCreate';
  }

  /** The resource's Properties with every intrinsic function evaluated. */
  properties(resource: TemplateResource): PlainObject {
    const cached = this.propertyValues.get(resource.logicalId);
    if (cached) return cached;
    const key = `resource ${resource.logicalId}`;
    if (this.evaluating.has(key)) throw resource.where.error(`${resource.logicalId} depends on itself (a circular reference)`);
    this.evaluating.add(key);
    const raw = (this.template.Resources as PlainObject)[resource.logicalId] as PlainObject;
    const value = raw.Properties === undefined ? {} : this.evaluator.evaluate(raw.Properties, resource.where.at('Properties'));
    this.evaluating.delete(key);
    const properties = readObject(value, resource.where.at('Properties'), 'the resource\'s Properties (an object)');
    this.propertyValues.set(resource.logicalId, properties);
    return properties;
  }

  /** One evaluated property as a string: known, unknown, or undefined when absent. */
  property(resource: TemplateResource, name: string): string | Unknown | undefined {
    const value = this.properties(resource)[name];
    return value instanceof Unknown || typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  }
}

/** The account and Region a CDK app's manifest gives the stack of a template (`environment: aws://ACCOUNT/REGION`). */
function cdkEnvironment(templateFile: string): { account?: string; region?: string } {
  const manifest = join(dirname(templateFile), 'manifest.json');
  if (!existsSync(manifest)) return {};
  try {
    const artifacts = (JSON.parse(readFileSync(manifest, 'utf8')) as { artifacts?: Record<string, { type?: string; environment?: string; properties?: { templateFile?: string } }> }).artifacts ?? {};
    for (const artifact of Object.values(artifacts)) {
      if (artifact.type !== 'aws:cloudformation:stack' || artifact.properties?.templateFile !== basename(templateFile)) continue;
      const [, account, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '') ?? [];
      return { ...(account && isAccountId(account) ? { account } : {}), ...(region && region !== 'unknown-region' ? { region } : {}) };
    }
  } catch {
    // A manifest keyproof cannot read tells nothing: the template's own ARNs or --account/--region do.
  }
  return {};
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Every string of a value (the raw template: literal pieces of ARNs included). */
function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, into));
  else if (isPlainObject(value)) Object.values(value).forEach((v) => stringsOf(v, into));
  return into;
}

export function readCloudFormation(path: string, options: CloudFormationOptions = {}): WorldChange {
  const read = (file: string, flag: string) => SourceText.read(file, (problem) => new InputError(undefined, `${flag}: ${problem}`), SHORT_FORM_TAGS);
  const after = read(path, '--cloudformation');
  const before = options.before ? read(options.before, '--cloudformation-before') : undefined;
  return new TemplateReader(after, before, path, options).read();
}

/** The same from templates already parsed (tests, the library). */
export function readCloudFormationText(after: SourceText, before: SourceText | undefined, options: CloudFormationOptions = {}): WorldChange {
  return new TemplateReader(after, before, after.file, options).read();
}

export class TemplateReader {
  readonly after: TemplateSide;
  readonly before?: TemplateSide;
  readonly unsupported: Unsupported[] = [];
  readonly symbolicPrincipals: SymbolicPrincipal[] = [];
  readonly symbolicKeys = new Map<string, string>();
  readonly symbolicIdentities = new Map<string, string>();
  private readonly symbols = new Map<string, string>();
  private readonly defaults: { account?: string; region?: string };
  private accountValue?: string;
  private regionValue?: string;

  constructor(afterText: SourceText, beforeText: SourceText | undefined, file: string, readonly options: CloudFormationOptions) {
    this.after = new TemplateSide(this, 'after', afterText);
    if (beforeText) this.before = new TemplateSide(this, 'before', beforeText);
    const cdk = cdkEnvironment(file);
    const seen = [afterText.value, beforeText?.value].flatMap((v) => stringsOf(v));
    this.defaults = {
      account: options.account ?? cdk.account ?? mostCommon(seen.flatMap((s) => [...s.matchAll(/(?:^|:)(\d{12})(?=:|$)/g)].map((m) => m[1]!))),
      region: options.region ?? cdk.region ?? mostCommon(seen.map((s) => parseArn(s)).filter((a) => a?.service === 'kms' && a.region !== '').map((a) => a!.region)),
    };
    const declared = new Set([...this.after.parameterNames(), ...(this.before?.parameterNames() ?? [])]);
    for (const name of Object.keys(options.parameters ?? {})) {
      if (!declared.has(name)) throw new InputError(undefined, `--parameter ${name}: the template declares no parameter ${name} (it declares ${[...declared].join(', ') || 'none'})`);
    }
  }

  account(where: Where): string {
    this.accountValue ??= this.defaults.account;
    if (!this.accountValue) throw where.error('cannot tell which account the stack is deployed in: the template names no account and no CDK manifest gives one; pass --account ID');
    return this.accountValue;
  }

  region(where: Where): string {
    this.regionValue ??= this.defaults.region;
    if (!this.regionValue) throw where.error('cannot tell which Region the stack is deployed in: the template names no key ARN and no CDK manifest gives one; pass --region REGION');
    return this.regionValue;
  }

  /** Pseudo parameters ("Pseudo parameters reference"); the stack's own name and id are only known once deployed. */
  pseudoParameter(name: string, where: Where): unknown {
    switch (name) {
      case 'AWS::AccountId': return this.account(where);
      case 'AWS::Region': return this.region(where);
      case 'AWS::Partition': {
        const region = this.regionValue ?? this.defaults.region ?? '';
        return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
      }
      case 'AWS::URLSuffix': return (this.regionValue ?? this.defaults.region ?? '').startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::StackName': case 'AWS::StackId': case 'AWS::NotificationARNs':
        return new Unknown([name]);
      default: return undefined;
    }
  }

  /** A placeholder standing for a value CloudFormation generates (a key id, a name), the same on both sides. */
  private symbol(resource: TemplateResource, what: string, make: (n: number) => string, registry: Map<string, string>): string {
    const id = `${resource.type} ${resource.logicalId} ${what}`;
    let value = this.symbols.get(id);
    if (!value) {
      value = make(registry.size + 1);
      this.symbols.set(id, value);
      registry.set(value, resource.logicalId);
    }
    return value;
  }

  /** The ARN of a key of the template: CloudFormation generates its id, so it is a symbol (`key/unknown-N`). */
  keyArn(resource: TemplateResource): string {
    return this.symbol(resource, 'arn', (n) => `arn:aws:kms:${this.region(resource.where)}:${this.account(resource.where)}:key/unknown-${n}`, this.symbolicKeys);
  }

  /**
   * `arn:aws:iam::ACCOUNT:KIND/PATH/NAME` from the resource's name and path properties; a name CloudFormation
   * generates (none given) or that is unknown is a symbol `KIND/PATH/unknown-N`.
   */
  identityArn(side: TemplateSide, resource: TemplateResource, kind: 'role' | 'user' | 'group' | 'policy'): string {
    const nameProperty = { role: 'RoleName', user: 'UserName', group: 'GroupName', policy: 'ManagedPolicyName' }[kind];
    const name = side.property(resource, nameProperty);
    const pathValue = side.property(resource, 'Path');
    const path = typeof pathValue === 'string' ? pathValue : '/';
    const account = this.account(resource.where);
    // A path only known once deployed makes the ARN unknown too: a symbol, which no policy can name yet.
    if (typeof name === 'string' && name !== '' && !(pathValue instanceof Unknown)) return `arn:aws:iam::${account}:${kind}${path}${name}`;
    return this.symbol(resource, `arn ${path}`, (n) => `arn:aws:iam::${account}:${kind}${path}unknown-${n}`, this.symbolicIdentities);
  }

  /** `Ref` of a resource (each type's "Return values"). */
  refOf(side: TemplateSide, resource: TemplateResource): unknown {
    switch (resource.type) {
      case 'AWS::KMS::Key': case 'AWS::KMS::ReplicaKey': return this.keyArn(resource).split('/').pop();
      case 'AWS::KMS::Alias': return side.property(resource, 'AliasName') ?? new Unknown([`Ref ${resource.logicalId}`]);
      case 'AWS::IAM::ManagedPolicy': return this.identityArn(side, resource, 'policy');
      case 'AWS::Organizations::Policy': return `unknown:${resource.logicalId}`;
    }
    const kind = identityKind(resource.type);
    if (kind) return this.identityArn(side, resource, kind).split('/').pop();
    return new Unknown([`Ref ${resource.logicalId}`]);
  }

  attributeOf(side: TemplateSide, resource: TemplateResource, attribute: string): unknown {
    const kind = identityKind(resource.type);
    if ((resource.type === 'AWS::KMS::Key' || resource.type === 'AWS::KMS::ReplicaKey') && (attribute === 'Arn' || attribute === 'KeyId')) {
      const arn = this.keyArn(resource);
      return attribute === 'Arn' ? arn : arn.split('/').pop();
    }
    if (kind && attribute === 'Arn') return this.identityArn(side, resource, kind);
    if (resource.type === 'AWS::IAM::ManagedPolicy' && attribute === 'PolicyArn') return this.identityArn(side, resource, 'policy');
    if (resource.type === 'AWS::Organizations::Policy' && attribute === 'Id') return `unknown:${resource.logicalId}`;
    return new Unknown([`${resource.logicalId}.${attribute}`]);
  }

  /** An IAM identity named by name (as `Roles`, `Users`, `Groups` and `GroupName` do): its ARN. */
  holderArn(side: TemplateSide, kind: 'role' | 'user' | 'group', name: string, where: Where): string {
    if (name.startsWith('arn:')) return name;
    for (const resource of side.resources.values()) {
      if (identityKind(resource.type) !== kind) continue;
      const arn = this.identityArn(side, resource, kind);
      if (arn.endsWith(`/${name}`)) return arn;
    }
    const account = this.account(where);
    for (const holder of this.options.world?.accounts.get(account)?.[`${kind}s`]?.values() ?? []) if (holder.name === name) return holder.arn;
    return `arn:aws:iam::${account}:${kind}/${name}`;
  }

  /** A key named by ARN, key id, alias name or alias ARN (as `TargetKeyId` accepts); undefined when unknown. */
  keyArnOf(side: TemplateSide, value: string, where: Where): string | undefined {
    const arn = parseArn(value);
    if (arn?.service === 'kms' && arn.resource.startsWith('key/')) return value;
    const aliasName = arn?.service === 'kms' ? arn.resource : value.startsWith('alias/') ? value : undefined;
    if (aliasName) {
      for (const resource of side.resources.values()) {
        if (resource.type !== 'AWS::KMS::Alias' || side.property(resource, 'AliasName') !== aliasName) continue;
        const target = side.property(resource, 'TargetKeyId');
        return typeof target === 'string' && !target.includes(aliasName) ? this.keyArnOf(side, target, where) : undefined;
      }
      for (const [alias, key] of this.options.world?.aliases ?? []) if (alias.endsWith(`:${aliasName}`)) return key;
      return undefined;
    }
    const symbolic = [...this.symbolicKeys.keys()].find((k) => k.endsWith(`/${value}`));
    if (symbolic) return symbolic;
    const worldKey = [...(this.options.world?.keys.values() ?? [])].find((k) => k.id === value);
    return worldKey?.arn ?? `arn:aws:kms:${this.region(where)}:${this.account(where)}:key/${value}`;
  }

  /**
   * A placeholder account standing for an unknown principal (any principal the value could turn out to be), one per
   * value: the same on both sides of the change.
   */
  symbolicPrincipal(value: string): string {
    const known = this.symbolicPrincipals.find((s) => s.value === value);
    if (known) return known.account;
    const taken = new Set([...(this.options.world?.accounts.keys() ?? []), this.defaults.account]);
    let n = this.symbolicPrincipals.length + 1;
    let account = String(n).padStart(12, '0');
    while (taken.has(account) || this.symbolicPrincipals.some((s) => s.account === account)) account = String(++n).padStart(12, '0');
    this.symbolicPrincipals.push({ account, value });
    return account;
  }

  note(resource: TemplateResource, why: string, where: Where = resource.where): void {
    this.unsupported.push({ resource: resource.logicalId, why, location: where.location() });
  }

  read(): WorldChange {
    const resources: ResourceChange[] = [];
    const ignored: string[] = [];
    for (const side of [this.before, this.after]) {
      for (const transform of side?.transforms ?? []) {
        this.unsupported.push({ resource: `${side!.file} Transform`, why: `the template is processed by the transform ${transform} at deploy time, which can add resources keyproof does not see: check the processed template instead`, location: side!.where.at('Transform').location() });
      }
    }
    const ids = [...new Set([...(this.before?.resources.keys() ?? []), ...this.after.resources.keys()])];
    for (const id of ids) {
      const was = this.before?.resources.get(id);
      const now = this.after.resources.get(id);
      const exists = (side: TemplateSide | undefined, resource: TemplateResource | undefined) => {
        if (!side || !resource) return false;
        const e = side.exists(resource);
        if (e instanceof Unknown) this.note(resource, `whether ${id} exists depends on ${e.names.join(', ')}: it is assumed to exist`, resource.where.at('Condition'));
        return e !== false;
      };
      const hadIt = exists(this.before, was);
      const hasIt = exists(this.after, now);
      const resource = (now && hasIt ? now : was ?? now)!;
      if (!hadIt && !hasIt) continue;
      if (UNSUPPORTED_TYPES.has(resource.type)) {
        this.note(resource, `${resource.type} is not modelled: ${UNSUPPORTED_TYPES.get(resource.type)}`);
        continue;
      }
      if (!SUPPORTED_TYPES.has(resource.type) && !(was && SUPPORTED_TYPES.has(was.type))) {
        ignored.push(id);
        continue;
      }
      // A retained resource leaves the stack but stays in the account, as it was: no change to access.
      const action = hadIt && !hasIt && this.before!.retained(was!) ? 'no-op' : this.actionOf(hadIt ? was : undefined, hasIt ? now : undefined);
      const changed: ChangeResource = { address: id, type: resource.type, action, location: resource.where.location() };
      resources.push({
        resource: changed,
        before: hadIt && was && SUPPORTED_TYPES.has(was.type) ? factsOfResource(this, this.before!, was) : [],
        after: hasIt && now && SUPPORTED_TYPES.has(now.type) ? factsOfResource(this, this.after, now) : [],
      });
    }
    return {
      source: 'cloudformation', file: this.after.file, resources, accounts: accountsOfChange(resources, this.symbolicPrincipals.map((p) => p.account)),
      symbolicPrincipals: this.symbolicPrincipals,
      symbolicKeys: this.symbolicKeys, symbolicIdentities: this.symbolicIdentities, unsupported: this.unsupported, ignored,
    };
  }

  /** Without a stack before, everything is created; otherwise a resource whose evaluated properties differ is updated. */
  private actionOf(was: TemplateResource | undefined, now: TemplateResource | undefined): ResourceAction {
    if (!was) return 'create';
    if (!now) return 'delete';
    if (was.type !== now.type) return 'replace';
    const same = canonical(this.before!.properties(was)) === canonical(this.after.properties(now));
    return same ? 'no-op' : 'update';
  }
}

/** A stable text of an evaluated value (unknowns by name), to tell whether a resource changed. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Unknown ? { unknown: v.names } : v)) + JSON.stringify(unknownsIn(value));
}
