/**
 * The facts of the world each supported CloudFormation resource type holds (property names: the AWS CloudFormation
 * User Guide's resource type reference, AWS::KMS::Key, AWS::IAM::Role, ...). A policy document that depends on a
 * value known only after deployment takes its most permissive value (upper-bound.ts), named in the fact's
 * `unknowns`; an unknown key, holder or attachment target makes the answer incomplete, named, never dropped.
 */
import type { PolicyDocument } from '../../policy/model.js';
import { parsePolicyDocument, type PolicyKind } from '../../policy/parse.js';
import { isPlainObject } from '../../input/read-value.js';
import type { Where } from '../../input/where.js';
import type { Fact } from '../change/model.js';
import { allowEverything } from '../change/upper-bound.js';
import { defaultKeyPolicy } from '../default-key-policy.js';
import { parseArn } from '../../policy/arn.js';
import { Unknown, unknownsIn } from './intrinsics.js';
import type { TemplateReader, TemplateResource, TemplateSide } from './read-template.js';

/** Types that can change access to keys but that keyproof does not model: a change to one makes answers incomplete. */
export const UNSUPPORTED_TYPES = new Map<string, string>([
  ['AWS::Organizations::Account', 'it moves an account into or out of the organization (and its SCPs)'],
  ['AWS::Organizations::OrganizationalUnit', 'organizational units are not modelled'],
  ['AWS::CloudFormation::Stack', 'a nested stack\'s template is not read: pass it with --cloudformation on its own'],
  ['AWS::Serverless::Function', 'AWS SAM resources are expanded by the AWS::Serverless transform (roles and policies keyproof does not see)'],
]);

type Builder = (reader: TemplateReader, side: TemplateSide, resource: TemplateResource) => Fact[];

export function identityKind(type: string): 'role' | 'user' | 'group' | undefined {
  return type === 'AWS::IAM::Role' ? 'role' : type === 'AWS::IAM::User' ? 'user' : type === 'AWS::IAM::Group' ? 'group' : undefined;
}

const at = (resource: TemplateResource, property: string): Where => resource.where.at('Properties', property);

/**
 * A statement's `Principal: { AWS: ... }` values that are unknown become fresh principals of accounts of their own
 * (any principal the value could be, as an unknown Terraform grantee: reader.symbolicPrincipal), named; the rest of
 * the document must then be known. Undefined when some other part is unknown.
 */
function withSymbolicPrincipals(reader: TemplateReader, resource: TemplateResource, value: unknown, label: string): { value: unknown; unknowns: string[] } | undefined {
  if (!isPlainObject(value)) return undefined;
  const unknowns: string[] = [];
  const statementOf = (statement: unknown): unknown => {
    if (!isPlainObject(statement) || !isPlainObject(statement.Principal)) return statement;
    const aws = statement.Principal.AWS;
    const symbolic = (v: unknown) => {
      if (!(v instanceof Unknown)) return v;
      const name = `${resource.logicalId}.${label} principal (from ${v.names.join(', ')})`;
      unknowns.push(name);
      return `arn:aws:iam::${reader.symbolicPrincipal(name)}:root`;
    };
    return { ...statement, Principal: { ...statement.Principal, AWS: Array.isArray(aws) ? aws.map(symbolic) : symbolic(aws) } };
  };
  const statements = value.Statement;
  const replaced = { ...value, Statement: Array.isArray(statements) ? statements.map(statementOf) : statementOf(statements) };
  return unknownsIn(replaced).length === 0 ? { value: replaced, unknowns } : undefined;
}

/**
 * A policy document property (an object, or a JSON string). Unknown principals are symbolic (above); any other
 * unknown part makes it the most permissive document, named.
 */
function policy(resource: TemplateResource, value: unknown, where: Where, kind: PolicyKind, label: string, reader?: TemplateReader): { document: PolicyDocument; unknowns: string[] } | undefined {
  if (value === undefined || value === '') return undefined;
  const unknowns = value instanceof Unknown ? value.names : unknownsIn(value);
  const symbolic = unknowns.length > 0 && reader && (kind === 'resource' || kind === 'trust') ? withSymbolicPrincipals(reader, resource, value, label) : undefined;
  if (symbolic) return { document: parsePolicyDocument(symbolic.value, where, kind), unknowns: symbolic.unknowns };
  if (unknowns.length > 0) {
    return { document: allowEverything(kind, where.location()), unknowns: [`${resource.logicalId}.${label} (from ${unknowns.join(', ')})`] };
  }
  return { document: parsePolicyDocument(value, where, kind), unknowns: [] };
}

function tagsOf(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (Array.isArray(value)) for (const t of value) if (isPlainObject(t) && typeof t.Key === 'string' && typeof t.Value === 'string') tags[t.Key] = t.Value;
  return tags;
}

/** A list property of names or ARNs; unknown items are reported, known ones returned. */
function names(reader: TemplateReader, resource: TemplateResource, value: unknown, property: string, what: string): string[] {
  if (value === undefined) return [];
  if (value instanceof Unknown || !Array.isArray(value)) {
    reader.note(resource, `the ${what} of ${resource.logicalId} depend on ${value instanceof Unknown ? value.names.join(', ') : 'a value that is not a list'}`, at(resource, property));
    return [];
  }
  return value.flatMap((item, i) => {
    if (typeof item === 'string') return [item];
    reader.note(resource, `a ${what.replace(/s$/, '')} of ${resource.logicalId} depends on ${item instanceof Unknown ? item.names.join(', ') : 'a value that is not a string'}`, at(resource, property).at(i));
    return [];
  });
}

const keyFacts: Builder = (reader, side, resource) => {
  const p = side.properties(resource);
  const arn = reader.keyArn(resource);
  const parsed = parseArn(arn)!;
  const location = resource.where.location();
  const facts: Fact[] = [{
    kind: 'key', arn, accountId: parsed.account, region: parsed.region, location, unknowns: [],
    // Enabled: false disables the key; an unknown value is taken as enabled (the more permissive).
    state: p.Enabled === false || p.Enabled === 'false' ? 'Disabled' : 'Enabled', tags: tagsOf(p.Tags),
    ...(typeof p.KeySpec === 'string' ? { keySpec: p.KeySpec } : {}),
    ...(typeof p.KeyUsage === 'string' ? { keyUsage: p.KeyUsage } : {}),
    ...(p.MultiRegion === true || p.MultiRegion === 'true' || resource.type === 'AWS::KMS::ReplicaKey' ? { multiRegion: true } : {}),
    ...(p.Origin === 'EXTERNAL' ? { origin: 'EXTERNAL' } : {}),
  }];
  // AWS::KMS::Key, KeyPolicy: without one, KMS gives the key the default key policy (kms/key-policy-default.md).
  const stated = policy(resource, p.KeyPolicy, at(resource, 'KeyPolicy'), 'resource', 'KeyPolicy', reader);
  facts.push({
    kind: 'key-policy', keyArn: arn, priority: 1, location: at(resource, 'KeyPolicy').location(), unknowns: stated?.unknowns ?? [],
    document: stated?.document ?? defaultKeyPolicy(parsed.account, location).document,
  });
  return facts;
};

const aliasFacts: Builder = (reader, side, resource) => {
  const name = side.property(resource, 'AliasName');
  const target = side.property(resource, 'TargetKeyId');
  if (typeof name !== 'string') return [];
  const keyArn = typeof target === 'string' ? reader.keyArnOf(side, target, at(resource, 'TargetKeyId')) : undefined;
  if (!keyArn) {
    reader.note(resource, `the key alias ${name} names ${target instanceof Unknown ? `depends on ${target.names.join(', ')}` : 'is not known'}`, at(resource, 'TargetKeyId'));
    return [];
  }
  return [{ kind: 'alias', keyArn, name, location: resource.where.location(), unknowns: [] }];
};

/** Inline policies (`Policies: [{ PolicyName, PolicyDocument }]`) of a role, user or group. */
function inlinePolicies(reader: TemplateReader, side: TemplateSide, resource: TemplateResource, holderArn: string): Fact[] {
  const list = side.properties(resource).Policies;
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    reader.note(resource, `the inline policies of ${resource.logicalId} depend on ${list instanceof Unknown ? list.names.join(', ') : 'a value that is not a list'}`, at(resource, 'Policies'));
    return [];
  }
  return list.flatMap((item, i): Fact[] => {
    const where = at(resource, 'Policies').at(i);
    if (!isPlainObject(item)) throw where.error('expected a policy ({ "PolicyName": ..., "PolicyDocument": ... })');
    const document = policy(resource, item.PolicyDocument, where.at('PolicyDocument'), 'identity', `Policies[${i}]`);
    if (!document) return [];
    const name = typeof item.PolicyName === 'string' ? item.PolicyName : `${resource.logicalId} policy ${i} (name known after deployment)`;
    return [{ kind: 'inline-policy', holderArn, name, document: document.document, location: where.location(), unknowns: document.unknowns }];
  });
}

function managedAttachments(reader: TemplateReader, side: TemplateSide, resource: TemplateResource, holderArn: string): Fact[] {
  return names(reader, resource, side.properties(resource).ManagedPolicyArns, 'ManagedPolicyArns', 'managed policies')
    .map((policyArn) => ({ kind: 'attachment', holderArn, policyArn, location: at(resource, 'ManagedPolicyArns').location(), unknowns: [] }));
}

function boundaryOf(reader: TemplateReader, side: TemplateSide, resource: TemplateResource): string | undefined {
  const boundary = side.property(resource, 'PermissionsBoundary');
  if (boundary instanceof Unknown) reader.note(resource, `the permissions boundary of ${resource.logicalId} depends on ${boundary.names.join(', ')}`, at(resource, 'PermissionsBoundary'));
  return typeof boundary === 'string' ? boundary : undefined;
}

const roleFacts: Builder = (reader, side, resource) => {
  const p = side.properties(resource);
  const arn = reader.identityArn(side, resource, 'role');
  const trust = policy(resource, p.AssumeRolePolicyDocument, at(resource, 'AssumeRolePolicyDocument'), 'trust', 'AssumeRolePolicyDocument', reader);
  const boundaryArn = boundaryOf(reader, side, resource);
  return [
    { kind: 'role', arn, tags: tagsOf(p.Tags), location: resource.where.location(), unknowns: trust?.unknowns ?? [], ...(trust ? { trustPolicy: trust.document } : {}), ...(boundaryArn ? { boundaryArn } : {}) },
    ...inlinePolicies(reader, side, resource, arn),
    ...managedAttachments(reader, side, resource, arn),
  ];
};

const userFacts: Builder = (reader, side, resource) => {
  const p = side.properties(resource);
  const arn = reader.identityArn(side, resource, 'user');
  const boundaryArn = boundaryOf(reader, side, resource);
  const groups = names(reader, resource, p.Groups, 'Groups', 'groups');
  return [
    { kind: 'user', arn, tags: tagsOf(p.Tags), location: resource.where.location(), unknowns: [], ...(boundaryArn ? { boundaryArn } : {}) },
    ...inlinePolicies(reader, side, resource, arn),
    ...managedAttachments(reader, side, resource, arn),
    ...groups.map((g): Fact => ({ kind: 'membership', userArn: arn, groupArn: reader.holderArn(side, 'group', g, at(resource, 'Groups')), location: at(resource, 'Groups').location(), unknowns: [] })),
  ];
};

const groupFacts: Builder = (reader, side, resource) => {
  const arn = reader.identityArn(side, resource, 'group');
  return [
    { kind: 'group', arn, location: resource.where.location(), unknowns: [] },
    ...inlinePolicies(reader, side, resource, arn),
    ...managedAttachments(reader, side, resource, arn),
  ];
};

/** The holders a policy names (`Roles`, `Users`, `Groups`: names, or ARNs for roles), as ARNs. */
function holdersOf(reader: TemplateReader, side: TemplateSide, resource: TemplateResource): Array<{ arn: string; where: Where }> {
  const p = side.properties(resource);
  return (['role', 'user', 'group'] as const).flatMap((kind) => {
    const property = `${kind[0]!.toUpperCase()}${kind.slice(1)}s`;
    return names(reader, resource, p[property], property, `${kind}s`).map((name) => ({ arn: reader.holderArn(side, kind, name, at(resource, property)), where: at(resource, property) }));
  });
}

/** AWS::IAM::Policy: an inline policy of each role, user and group it names. */
const policyFacts: Builder = (reader, side, resource) => {
  const p = side.properties(resource);
  const document = policy(resource, p.PolicyDocument, at(resource, 'PolicyDocument'), 'identity', 'PolicyDocument');
  if (!document) return [];
  const name = typeof p.PolicyName === 'string' ? p.PolicyName : `${resource.logicalId} (name known after deployment)`;
  return holdersOf(reader, side, resource).map(({ arn }): Fact => ({ kind: 'inline-policy', holderArn: arn, name, document: document.document, location: at(resource, 'PolicyDocument').location(), unknowns: document.unknowns }));
};

const managedPolicyFacts: Builder = (reader, side, resource) => {
  const p = side.properties(resource);
  const arn = reader.identityArn(side, resource, 'policy');
  const document = policy(resource, p.PolicyDocument, at(resource, 'PolicyDocument'), 'identity', 'PolicyDocument');
  if (!document) return [];
  return [
    { kind: 'managed-policy', arn, document: document.document, location: at(resource, 'PolicyDocument').location(), unknowns: document.unknowns },
    ...holdersOf(reader, side, resource).map(({ arn: holderArn, where }): Fact => ({ kind: 'attachment', holderArn, policyArn: arn, location: where.location(), unknowns: [] })),
  ];
};

/** AWS::IAM::RolePolicy, UserPolicy, GroupPolicy: one inline policy of one holder, named by name. */
function holderPolicyFacts(kind: 'role' | 'user' | 'group'): Builder {
  const property = `${kind[0]!.toUpperCase()}${kind.slice(1)}Name`;
  return (reader, side, resource) => {
    const p = side.properties(resource);
    const holder = side.property(resource, property);
    if (typeof holder !== 'string') {
      reader.note(resource, `the ${kind} of ${resource.logicalId} ${holder instanceof Unknown ? `depends on ${holder.names.join(', ')}` : 'is not given'}`, at(resource, property));
      return [];
    }
    const document = policy(resource, p.PolicyDocument, at(resource, 'PolicyDocument'), 'identity', 'PolicyDocument');
    if (!document) return [];
    const name = typeof p.PolicyName === 'string' ? p.PolicyName : resource.logicalId;
    return [{ kind: 'inline-policy', holderArn: reader.holderArn(side, kind, holder, at(resource, property)), name, document: document.document, location: at(resource, 'PolicyDocument').location(), unknowns: document.unknowns }];
  };
}

const userToGroupFacts: Builder = (reader, side, resource) => {
  const group = side.property(resource, 'GroupName');
  if (typeof group !== 'string') {
    reader.note(resource, `the group of ${resource.logicalId} ${group instanceof Unknown ? `depends on ${group.names.join(', ')}` : 'is not given'}`, at(resource, 'GroupName'));
    return [];
  }
  const groupArn = reader.holderArn(side, 'group', group, at(resource, 'GroupName'));
  return names(reader, resource, side.properties(resource).Users, 'Users', 'users')
    .map((u): Fact => ({ kind: 'membership', userArn: reader.holderArn(side, 'user', u, at(resource, 'Users')), groupArn, location: at(resource, 'Users').location(), unknowns: [] }));
};

const ORGANIZATION_POLICY_TYPES: Record<string, 'scp' | 'rcp'> = { SERVICE_CONTROL_POLICY: 'scp', RESOURCE_CONTROL_POLICY: 'rcp' };

/** AWS::Organizations::Policy: an SCP or RCP, and its attachments (`TargetIds`: accounts; OUs and the root are not modelled). */
const organizationPolicyFacts: Builder = (reader, side, resource) => {
  const p = side.properties(resource);
  if (p.Type instanceof Unknown) {
    reader.note(resource, `the type of ${resource.logicalId} depends on ${p.Type.names.join(', ')}`, at(resource, 'Type'));
    return [];
  }
  const policyType = ORGANIZATION_POLICY_TYPES[String(p.Type)];
  if (!policyType) return [];
  const id = `unknown:${resource.logicalId}`;
  const document = policy(resource, p.Content, at(resource, 'Content'), policyType, 'Content');
  if (!document) return [];
  const facts: Fact[] = [{ kind: 'org-policy', policyType, id, name: typeof p.Name === 'string' ? p.Name : resource.logicalId, document: document.document, location: at(resource, 'Content').location(), unknowns: document.unknowns }];
  names(reader, resource, p.TargetIds, 'TargetIds', 'targets').forEach((target, i) => {
    if (!/^\d{12}$/.test(target)) {
      reader.note(resource, `${resource.logicalId} attaches a policy to ${target}, an organizational unit or the root, which keyproof does not model: list the accounts instead`, at(resource, 'TargetIds').at(i));
      return;
    }
    facts.push({ kind: 'org-attachment', policyId: id, target, location: at(resource, 'TargetIds').at(i).location(), unknowns: [] });
  });
  return facts;
};

const BUILDERS: Record<string, Builder> = {
  'AWS::KMS::Key': keyFacts,
  'AWS::KMS::ReplicaKey': keyFacts,
  'AWS::KMS::Alias': aliasFacts,
  'AWS::IAM::Role': roleFacts,
  'AWS::IAM::User': userFacts,
  'AWS::IAM::Group': groupFacts,
  'AWS::IAM::Policy': policyFacts,
  'AWS::IAM::ManagedPolicy': managedPolicyFacts,
  'AWS::IAM::RolePolicy': holderPolicyFacts('role'),
  'AWS::IAM::UserPolicy': holderPolicyFacts('user'),
  'AWS::IAM::GroupPolicy': holderPolicyFacts('group'),
  'AWS::IAM::UserToGroupAddition': userToGroupFacts,
  'AWS::Organizations::Policy': organizationPolicyFacts,
};

export const SUPPORTED_TYPES = new Set(Object.keys(BUILDERS));

export function factsOfResource(reader: TemplateReader, side: TemplateSide, resource: TemplateResource): Fact[] {
  return BUILDERS[resource.type]!(reader, side, resource);
}
