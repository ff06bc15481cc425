/**
 * Reads the JSON of `terraform show -json PLANFILE` into a change to the world. The format is terraform-json's
 * Plan (github.com/hashicorp/terraform-json, plan.go): `resource_changes[]` with address, mode, type, name,
 * index, module_address and change {actions, before, after, after_unknown}; `prior_state` (state.go) for the
 * data sources that tell the account and region; `configuration` (config.go) to follow unknown values to the
 * resources they come from. Resources that cannot change who can use a key are left out (listed in `ignored`).
 */
import { InputError } from '../../errors.js';
import { isAccountId, parseArn } from '../../policy/arn.js';
import type { World } from '../model.js';
import { accountsOfChange } from '../change/accounts.js';
import type { ChangeResource, ResourceAction, ResourceChange, SymbolicPrincipal, Unsupported, WorldChange } from '../change/model.js';
import { isPlainObject, readObject, type PlainObject } from '../../input/read-value.js';
import { SourceText } from '../../input/source-text.js';
import { Where } from '../../input/where.js';
import { Configuration, configModulePath, type ResourceReference } from './configuration.js';
import { PlanValues, type UnknownValue } from './plan-values.js';
import { factsOf, SUPPORTED_TYPES, UNSUPPORTED_TYPES } from './resource-facts.js';

export interface TerraformOptions {
  /** The account of resources whose ARN the plan does not give (default: told by the plan's data sources). */
  account?: string;
  region?: string;
  /** The world the plan is applied to, to find the path of a role named by name. */
  world?: World;
}

/** One managed resource instance of the plan. */
export interface PlanEntry {
  address: string;
  /** Module path without instance keys ('' for the root module). */
  module: string;
  moduleAddress: string;
  type: string;
  name: string;
  index: unknown;
  action: ResourceAction;
  before?: PlainObject;
  after?: PlainObject;
  afterUnknown: unknown;
  where: Where;
}

function actionOf(actions: unknown, where: Where): ResourceAction | 'skip' {
  const list = Array.isArray(actions) ? actions.join(',') : '';
  switch (list) {
    case 'no-op': return 'no-op';
    case 'create': return 'create';
    case 'update': return 'update';
    case 'delete': return 'delete';
    case 'delete,create': case 'create,delete': return 'replace';
    // `read` is a data source read during apply; `forget` removes a resource from the state without destroying it.
    case 'read': case 'forget': return 'skip';
    default: throw where.error(`expected change.actions to be one of ["no-op"], ["create"], ["read"], ["update"], ["delete"], ["delete","create"], ["create","delete"], ["forget"], found ${JSON.stringify(actions)}`);
  }
}

export function readTerraformPlan(path: string, options: TerraformOptions = {}): WorldChange {
  const text = SourceText.read(path, (problem) => new InputError(undefined, `--terraform-plan: ${problem}`));
  return new PlanReader(text.value, Where.ofFile(text), options).read();
}

/** The same from a plan already parsed (tests, the library). */
export function readTerraformPlanValue(value: unknown, where: Where, options: TerraformOptions = {}): WorldChange {
  return new PlanReader(value, where, options).read();
}

export class PlanReader {
  readonly entries: PlanEntry[] = [];
  readonly configuration: Configuration;
  readonly unsupported: Unsupported[] = [];
  readonly symbolicPrincipals: SymbolicPrincipal[] = [];
  readonly symbolicKeys = new Map<string, string>();
  readonly symbolicIdentities = new Map<string, string>();
  private readonly keyOfEntry = new Map<PlanEntry, string>();
  private readonly identityOfEntry = new Map<PlanEntry, string>();
  private readonly plan: PlainObject;
  private readonly priorData: PlainObject[] = [];
  private accountValue?: string;
  private regionValue?: string;

  constructor(value: unknown, readonly where: Where, readonly options: TerraformOptions) {
    this.plan = readObject(value, where, 'a Terraform plan in JSON (the output of `terraform show -json PLANFILE`)');
    if (typeof this.plan.format_version !== 'string' || !Array.isArray(this.plan.resource_changes ?? [])) {
      throw where.error('expected a Terraform plan in JSON (the output of `terraform show -json PLANFILE`): an object with "format_version" and "resource_changes"');
    }
    if (!this.plan.format_version.startsWith('1.')) {
      where.at('format_version').warn(`plan format version ${this.plan.format_version}: keyproof reads format 1.x (terraform-json plan.go)`);
    }
    this.configuration = new Configuration(this.plan.configuration);
    this.collectPriorData();
    const changes = (this.plan.resource_changes ?? []) as unknown[];
    changes.forEach((item, i) => {
      const at = where.at('resource_changes', i);
      const rc = readObject(item, at, 'a resource change');
      if (rc.mode === 'data') return;
      const change = readObject(rc.change, at.at('change'), 'the change of a resource ({ actions, before, after })');
      const action = actionOf(change.actions, at.at('change', 'actions'));
      if (action === 'skip' || typeof rc.type !== 'string' || typeof rc.address !== 'string') return;
      this.entries.push({
        address: rc.address, module: configModulePath(typeof rc.module_address === 'string' ? rc.module_address : undefined),
        moduleAddress: typeof rc.module_address === 'string' ? rc.module_address : '',
        type: rc.type, name: typeof rc.name === 'string' ? rc.name : '', index: rc.index, action,
        ...(isPlainObject(change.before) ? { before: change.before } : {}),
        ...(isPlainObject(change.after) ? { after: change.after } : {}),
        afterUnknown: change.after_unknown, where: at,
      });
    });
  }

  read(): WorldChange {
    const resources: ResourceChange[] = [];
    const ignored: string[] = [];
    for (const entry of this.entries) {
      const resource: ChangeResource = { address: entry.address, type: entry.type, action: entry.action, location: entry.where.location() };
      if (UNSUPPORTED_TYPES.has(entry.type) && entry.action !== 'no-op') {
        this.unsupported.push({ resource: entry.address, why: `${entry.type} is not modelled: ${UNSUPPORTED_TYPES.get(entry.type)}`, location: resource.location });
        continue;
      }
      if (!SUPPORTED_TYPES.has(entry.type)) {
        ignored.push(entry.address);
        continue;
      }
      const before = entry.before ? factsOf(this, entry, this.values(entry, 'before')) : [];
      const after = entry.after ? factsOf(this, entry, this.values(entry, 'after')) : [];
      resources.push({ resource, before, after });
    }
    const accounts = accountsOfChange(resources, this.symbolicPrincipals.map((s) => s.account));
    return {
      source: 'terraform-plan', file: this.where.file, resources, accounts, symbolicPrincipals: this.symbolicPrincipals,
      symbolicKeys: this.symbolicKeys, symbolicIdentities: this.symbolicIdentities, unsupported: this.unsupported, ignored,
    };
  }

  values(entry: PlanEntry, side: 'before' | 'after'): PlanValues {
    const object = side === 'before' ? entry.before! : entry.after!;
    const unknownTree = side === 'after' ? entry.afterUnknown : undefined;
    return new PlanValues(side, object, unknownTree, entry.where.at('change', side), (attribute) => this.unknownValue(entry, attribute));
  }

  /** An unknown attribute, named `ADDRESS.ATTRIBUTE`, with the references its expression makes. */
  unknownValue(entry: PlanEntry, attribute: string): UnknownValue {
    const references = this.configuration.references(entry.module, `${entry.type}.${entry.name}`, attribute);
    return { unknown: `${entry.address}.${attribute}`, references };
  }

  /** How an unknown value is named in answers: `aws_kms_grant.x.grantee_principal (from aws_iam_role.app.arn)`. */
  describe(value: UnknownValue): string {
    const refs = value.references.filter((r) => !value.references.some((o) => o !== r && o.startsWith(`${r}.`)));
    return refs.length > 0 ? `${value.unknown} (from ${refs.join(', ')})` : value.unknown;
  }

  /** The resources of the plan an unknown value comes from, with the attribute it reads. */
  referencedEntries(entry: PlanEntry, value: UnknownValue): Array<{ entry: PlanEntry; attribute: string }> {
    const found: Array<{ entry: PlanEntry; attribute: string }> = [];
    for (const reference of this.configuration.follow(entry.module, value.references)) {
      for (const candidate of this.instancesOf(reference, entry)) found.push({ entry: candidate, attribute: reference.attribute });
    }
    return found;
  }

  /** The instances a reference can mean: the one with the referrer's own index when there is one, else all. */
  private instancesOf(reference: ResourceReference, referrer: PlanEntry): PlanEntry[] {
    const all = this.entries.filter((e) => e.module === reference.module && `${e.type}.${e.name}` === reference.resource
      && (reference.module !== referrer.module || e.moduleAddress === referrer.moduleAddress));
    const sameIndex = all.filter((e) => referrer.index !== undefined && e.index === referrer.index);
    return sameIndex.length === 1 ? sameIndex : all;
  }

  /**
   * What the resource's attribute will be after apply, when keyproof can tell: a key's ARN (a symbol standing for
   * the new key), an IAM identity's or policy's ARN from its name and path, a name; undefined otherwise.
   */
  predict(entry: PlanEntry, attribute: string): string | undefined {
    const after = entry.after ?? entry.before;
    const known = after?.[attribute];
    const unknown = entry.after && this.values(entry, 'after').unknownAt(attribute);
    if (typeof known === 'string' && known !== '' && !unknown) return known;
    if (/^aws_kms_(key|external_key|replica_key|replica_external_key)$/.test(entry.type) && ['arn', 'id', 'key_id'].includes(attribute)) {
      return this.keyArnOfEntry(entry);
    }
    const kind = /^aws_iam_(role|user|group|policy)$/.exec(entry.type)?.[1];
    if (kind) {
      const arn = this.iamArnOfEntry(entry, kind);
      if (attribute === 'arn' || (attribute === 'id' && kind === 'policy')) return arn;
      if (attribute === 'name' || attribute === 'id') return arn?.slice(arn.lastIndexOf('/') + 1);
    }
    if (entry.type === 'aws_organizations_policy' && (attribute === 'id' || attribute === 'arn')) return `unknown:${entry.address}`;
    return undefined;
  }

  /**
   * The ARN of a key the plan holds, on one side of its change: its own when known, else a symbol standing for the
   * new key (`key/unknown-N`; reports name it by the resource that creates it).
   */
  keyArnOfEntry(entry: PlanEntry, side: 'before' | 'after' = entry.after ? 'after' : 'before'): string {
    const values = side === 'after' ? entry.after : entry.before;
    const known = values?.arn;
    if (typeof known === 'string' && known.startsWith('arn:') && !(side === 'after' && this.values(entry, 'after').unknownAt('arn'))) return known;
    let arn = this.keyOfEntry.get(entry);
    if (!arn) {
      arn = `arn:aws:kms:${this.region(entry)}:${this.account(entry)}:key/unknown-${this.symbolicKeys.size + 1}`;
      this.keyOfEntry.set(entry, arn);
      this.symbolicKeys.set(arn, entry.address);
    }
    return arn;
  }

  /**
   * `arn:aws:iam::ACCOUNT:KIND/PATH/NAME` from the resource's name and path. A name only known after apply (a
   * `name_prefix`) gets a symbol, `KIND/PATH/unknown-N`: no policy can name it yet, as no policy can name the
   * identity it stands for.
   */
  iamArnOfEntry(entry: PlanEntry, kind: string, side: 'before' | 'after' = entry.after ? 'after' : 'before'): string {
    const values = side === 'after' ? entry.after : entry.before;
    const unknownAt = (a: string) => side === 'after' && this.values(entry, 'after').unknownAt(a);
    if (typeof values?.arn === 'string' && values.arn.startsWith('arn:') && !unknownAt('arn')) return values.arn;
    const path = typeof values?.path === 'string' && values.path !== '' ? values.path : '/';
    const name = values?.name;
    if (typeof name === 'string' && name !== '' && !unknownAt('name')) return `arn:aws:iam::${this.account(entry)}:${kind}${path}${name}`;
    let arn = this.identityOfEntry.get(entry);
    if (!arn) {
      arn = `arn:aws:iam::${this.account(entry)}:${kind}${path}unknown-${this.symbolicIdentities.size + 1}`;
      this.identityOfEntry.set(entry, arn);
      this.symbolicIdentities.set(arn, entry.address);
    }
    return arn;
  }

  /** A placeholder account standing for an unknown principal (any principal the value could turn out to be). */
  symbolicPrincipal(value: string): string {
    const taken = new Set([...(this.options.world?.accounts.keys() ?? [])]);
    let n = this.symbolicPrincipals.length + 1;
    let account = String(n).padStart(12, '0');
    while (taken.has(account)) account = String(++n).padStart(12, '0');
    this.symbolicPrincipals.push({ account, value });
    return account;
  }

  private collectPriorData(): void {
    const visit = (module: unknown) => {
      if (!isPlainObject(module)) return;
      if (Array.isArray(module.resources)) for (const r of module.resources) if (isPlainObject(r) && r.mode === 'data') this.priorData.push(r);
      if (Array.isArray(module.child_modules)) module.child_modules.forEach(visit);
    };
    const prior = this.plan.prior_state;
    if (isPlainObject(prior) && isPlainObject(prior.values)) visit(prior.values.root_module);
  }

  private dataValue(type: string, attributes: string[]): string | undefined {
    for (const data of this.priorData) {
      if (data.type !== type || !isPlainObject(data.values)) continue;
      for (const a of attributes) if (typeof data.values[a] === 'string' && data.values[a] !== '') return data.values[a] as string;
    }
    return undefined;
  }

  /** Known ARNs of the plan's resources, for the account and region they are in. */
  private knownArns(): string[] {
    return this.entries.flatMap((e) => [e.before?.arn, e.after?.arn]).filter((a): a is string => typeof a === 'string' && a.startsWith('arn:'));
  }

  account(entry: PlanEntry): string {
    this.accountValue ??= this.options.account ?? this.dataValue('aws_caller_identity', ['account_id'])
      ?? mostCommon(this.knownArns().map((a) => parseArn(a)?.account ?? '').filter(isAccountId));
    if (!this.accountValue) {
      throw entry.where.error(`cannot tell which account ${entry.address} is created in: the plan reads no aws_caller_identity data source and names no ARN; pass --account ID`);
    }
    return this.accountValue;
  }

  region(entry: PlanEntry): string {
    this.regionValue ??= this.options.region ?? this.dataValue('aws_region', ['name', 'region']) ?? this.providerRegion()
      ?? mostCommon(this.knownArns().map((a) => parseArn(a)).filter((a) => a?.service === 'kms').map((a) => a!.region));
    if (!this.regionValue) {
      throw entry.where.error(`cannot tell which region ${entry.address} is created in: the plan reads no aws_region data source, its provider sets no constant region, and it names no key ARN; pass --region REGION`);
    }
    return this.regionValue;
  }

  private providerRegion(): string | undefined {
    const config = this.plan.configuration;
    const providers = isPlainObject(config) && isPlainObject(config.provider_config) ? config.provider_config : {};
    const aws = providers.aws;
    const region = isPlainObject(aws) && isPlainObject(aws.expressions) && isPlainObject(aws.expressions.region) ? aws.expressions.region.constant_value : undefined;
    return typeof region === 'string' ? region : undefined;
  }
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
