/**
 * The facts of the world each supported resource type holds (attribute names: the Terraform AWS provider's
 * resource documentation). An unknown value is followed to the resource it comes from when keyproof can tell its
 * value (a key's ARN, a role's ARN from its name); otherwise it becomes its most permissive value, named in the
 * fact's `unknowns`; where no such value exists (a grant on an unknown key) the resource is unsupported and the
 * answer incomplete, never silently dropped.
 */
import type { SourceLocation } from '../../errors.js';
import { parseArn } from '../../policy/arn.js';
import type { PolicyDocument } from '../../policy/model.js';
import { parsePolicyDocument, type PolicyKind } from '../../policy/parse.js';
import type { Fact } from '../change/model.js';
import { allowEverything } from '../change/upper-bound.js';
import { defaultKeyPolicy } from '../default-key-policy.js';
import { GRANT_OPERATIONS } from '../aws-cli/grants.js';
import type { Grant, GrantConstraints } from '../model.js';
import { isUnknown, type PlanValues, type UnknownValue } from './plan-values.js';
import type { PlanEntry, PlanReader } from './read-plan.js';

/** Types that can change access to keys but that keyproof does not model: a change to one makes answers incomplete. */
export const UNSUPPORTED_TYPES = new Map<string, string>([
  ['aws_iam_role_policies_exclusive', 'it removes inline policies not listed'],
  ['aws_iam_role_policy_attachments_exclusive', 'it detaches managed policies not listed'],
  ['aws_iam_user_policies_exclusive', 'it removes inline policies not listed'],
  ['aws_iam_user_policy_attachments_exclusive', 'it detaches managed policies not listed'],
  ['aws_iam_group_policies_exclusive', 'it removes inline policies not listed'],
  ['aws_iam_group_policy_attachments_exclusive', 'it detaches managed policies not listed'],
  ['aws_organizations_account', 'it moves an account into or out of the organization (and its SCPs)'],
  ['aws_organizations_organizational_unit', 'organizational units are not modelled'],
  ['aws_kms_replica_external_key', 'replica keys with imported key material are not modelled'],
]);

type Builder = (reader: PlanReader, entry: PlanEntry, v: PlanValues) => Fact[];

/** Resolved values of an attribute: each value it can take, and the unknowns that make it more than one. */
interface Resolved {
  values: string[];
  unknowns: string[];
}

/** A string attribute's value(s): known, or followed to the resources it comes from; undefined when neither. */
function resolve(reader: PlanReader, entry: PlanEntry, value: string | UnknownValue | undefined): Resolved | undefined {
  if (value === undefined) return { values: [], unknowns: [] };
  if (!isUnknown(value)) return { values: [value], unknowns: [] };
  const predicted = reader.referencedEntries(entry, value).map(({ entry: e, attribute }) => reader.predict(e, attribute));
  if (predicted.length === 0 || predicted.some((p) => p === undefined)) return undefined;
  const values = [...new Set(predicted as string[])];
  return { values, unknowns: values.length > 1 ? [reader.describe(value)] : [] };
}

function unsupported(reader: PlanReader, entry: PlanEntry, where: SourceLocation, why: string): Fact[] {
  reader.unsupported.push({ resource: entry.address, why, location: where });
  return [];
}

/** A policy document attribute: parsed when known; when unknown, the most permissive document, named. */
function policy(reader: PlanReader, v: PlanValues, attribute: string, kind: PolicyKind): { document: PolicyDocument; unknowns: string[] } | undefined {
  const value = v.get(attribute);
  if (isUnknown(value)) {
    const upper = kind === 'trust' || kind === 'resource' ? kind : kind === 'scp' || kind === 'rcp' ? kind : 'identity';
    return { document: allowEverything(upper, v.at(attribute).location()), unknowns: [reader.describe(value)] };
  }
  if (value === undefined || value === '') return undefined;
  return { document: parsePolicyDocument(value, v.at(attribute), kind), unknowns: [] };
}

/** A key named by ARN, key id, alias name or alias ARN (as `key_id` and `target_key_id` accept). */
function keyArns(reader: PlanReader, entry: PlanEntry, v: PlanValues, attribute: string): Resolved | undefined {
  const resolved = resolve(reader, entry, v.string(attribute));
  if (!resolved) return undefined;
  const values: string[] = [];
  for (const value of resolved.values) {
    const arn = parseArn(value);
    if (arn?.service === 'kms' && arn.resource.startsWith('key/')) { values.push(value); continue; }
    const aliasName = arn?.service === 'kms' ? arn.resource : value.startsWith('alias/') ? value : undefined;
    if (aliasName) {
      const target = aliasTarget(reader, aliasName);
      if (!target) return undefined;
      values.push(target);
      continue;
    }
    const isKey = (e: PlanEntry) => /^aws_kms_(key|external_key|replica_key)$/.test(e.type);
    const planKey = reader.entries.find((e) => isKey(e) && (e.after?.key_id === value || e.after?.id === value));
    if (planKey) { values.push(reader.keyArnOfEntry(planKey, 'after')); continue; }
    const oldKey = reader.entries.find((e) => isKey(e) && (e.before?.key_id === value || e.before?.id === value));
    if (oldKey) { values.push(reader.keyArnOfEntry(oldKey, 'before')); continue; }
    const worldKey = [...(reader.options.world?.keys.values() ?? [])].find((k) => k.id === value);
    values.push(worldKey?.arn ?? `arn:aws:kms:${reader.region(entry)}:${reader.account(entry)}:key/${value}`);
  }
  return { values, unknowns: resolved.unknowns };
}

function aliasTarget(reader: PlanReader, aliasName: string): string | undefined {
  const world = reader.options.world;
  for (const [arn, key] of world?.aliases ?? []) if (arn.endsWith(`:${aliasName}`)) return key;
  return undefined;
}

/** An IAM identity named by name (as `role`, `user` and `group` attributes do): its ARN, from the plan or the world. */
function holderArn(reader: PlanReader, entry: PlanEntry, kind: 'role' | 'user' | 'group', name: string): string {
  if (name.startsWith('arn:')) return name;
  const planned = reader.entries.find((e) => e.type === `aws_iam_${kind}` && (e.after?.name ?? e.before?.name) === name);
  const fromPlan = planned && reader.iamArnOfEntry(planned, kind);
  if (fromPlan) return fromPlan;
  const account = reader.account(entry);
  const described = reader.options.world?.accounts.get(account)?.[`${kind}s`];
  for (const holder of described?.values() ?? []) if (holder.name === name) return holder.arn;
  return `arn:aws:iam::${account}:${kind}/${name}`;
}

function holders(reader: PlanReader, entry: PlanEntry, v: PlanValues, attribute: string, kind: 'role' | 'user' | 'group'): Resolved | undefined {
  const resolved = resolve(reader, entry, v.string(attribute));
  return resolved && { values: resolved.values.map((n) => holderArn(reader, entry, kind, n)), unknowns: resolved.unknowns };
}

/** Every combination of two resolved values (a fact per pair, when an unknown could be several things). */
function pairs(a: Resolved, b: Resolved): Array<[string, string, string[]]> {
  return a.values.flatMap((x) => b.values.map((y): [string, string, string[]] => [x, y, [...a.unknowns, ...b.unknowns]]));
}

const tags = (v: PlanValues) => {
  const all = v.stringMap('tags_all');
  return Object.keys(all.known).length > 0 ? all.known : v.stringMap('tags').known;
};

const keyFacts: Builder = (reader, entry, v) => {
  const arn = reader.keyArnOfEntry(entry, v.side);
  const parsed = parseArn(arn)!;
  const location = v.where.location();
  const enabled = v.get(entry.type === 'aws_kms_key' ? 'is_enabled' : 'enabled');
  const facts: Fact[] = [{
    kind: 'key', arn, accountId: parsed.account, region: parsed.region, location, unknowns: [],
    state: enabled === false ? 'Disabled' : 'Enabled', tags: tags(v),
    ...(entry.type === 'aws_kms_external_key' ? { origin: 'EXTERNAL' } : {}),
    ...(typeof v.get('customer_master_key_spec') === 'string' ? { keySpec: v.get('customer_master_key_spec') as string } : {}),
    ...(typeof v.get('key_usage') === 'string' ? { keyUsage: v.get('key_usage') as string } : {}),
    ...(v.get('multi_region') === true || entry.type === 'aws_kms_replica_key' ? { multiRegion: true } : {}),
  }];
  // A key created without a policy gets the default key policy (kms/key-policy-default.md): the plan shows its
  // policy as unknown, and the configuration shows that it sets none.
  const setsPolicy = reader.configuration.sets(entry.module, `${entry.type}.${entry.name}`, 'policy');
  const stated = v.side === 'after' && v.unknownAt('policy') && setsPolicy === false ? undefined : policy(reader, v, 'policy', 'resource');
  const document = stated?.document ?? defaultKeyPolicy(parsed.account, location).document;
  facts.push({ kind: 'key-policy', keyArn: arn, document, priority: 1, location: v.at('policy').location(), unknowns: stated?.unknowns ?? [] });
  return facts;
};

const keyPolicyFacts: Builder = (reader, entry, v) => {
  const keys = keyArns(reader, entry, v, 'key_id');
  if (!keys) return unsupported(reader, entry, v.at('key_id').location(), `the key ${entry.address} sets the policy of is unknown until apply`);
  const stated = policy(reader, v, 'policy', 'resource');
  if (!stated) return [];
  return keys.values.map((keyArn) => ({ kind: 'key-policy', keyArn, document: stated.document, priority: 2, location: v.at('policy').location(), unknowns: [...keys.unknowns, ...stated.unknowns] }));
};

function constraintsOf(reader: PlanReader, v: PlanValues): { constraints?: GrantConstraints; unknowns: string[] } {
  const blocks = v.blocks('constraints');
  // Unknown constraints could be none at all: the most permissive grant has none.
  if (isUnknown(blocks)) return { unknowns: [reader.describe(blocks)] };
  const block = blocks[0];
  if (!block) return { unknowns: [] };
  const equals = block.stringMap('encryption_context_equals');
  const subset = block.stringMap('encryption_context_subset');
  const unknowns = [...equals.unknown, ...subset.unknown];
  if (unknowns.length > 0) return { unknowns };
  const constraints: GrantConstraints = {};
  if (Object.keys(equals.known).length > 0) constraints.encryptionContextEquals = equals.known;
  if (Object.keys(subset.known).length > 0) constraints.encryptionContextSubset = subset.known;
  return { constraints, unknowns: [] };
}

/** A principal attribute: known, followed to a resource of the plan, or a symbol (any principal it could be). */
function principal(reader: PlanReader, entry: PlanEntry, v: PlanValues, attribute: string): Resolved {
  const value = v.string(attribute);
  const resolved = resolve(reader, entry, value);
  if (resolved) return resolved;
  const described = reader.describe(value as UnknownValue);
  return { values: [`arn:aws:iam::${reader.symbolicPrincipal(described)}:role/unknown-principal`], unknowns: [described] };
}

const grantFacts: Builder = (reader, entry, v) => {
  const keys = keyArns(reader, entry, v, 'key_id');
  if (!keys) return unsupported(reader, entry, v.at('key_id').location(), `the key of ${entry.address} is unknown until apply`);
  const grantees = principal(reader, entry, v, 'grantee_principal');
  const ops = v.strings('operations');
  const operations = isUnknown(ops) || ops.some(isUnknown) ? [...GRANT_OPERATIONS] : (ops as string[]);
  const opUnknowns = isUnknown(ops) ? [reader.describe(ops)] : ops.filter(isUnknown).map((o) => reader.describe(o));
  const { constraints, unknowns } = constraintsOf(reader, v);
  const id = v.string('grant_id');
  const retiring = v.string('retiring_principal');
  const name = v.string('name');
  return pairs(keys, grantees).map(([keyArn, grantee, pairUnknowns]): Fact => {
    const grant: Grant = {
      grantId: typeof id === 'string' ? id : `${entry.address} (grant id known after apply)`,
      keyArn, granteePrincipal: grantee, operations,
      ...(typeof name === 'string' ? { name } : {}),
      ...(typeof retiring === 'string' ? { retiringPrincipal: retiring } : {}),
      ...(constraints && Object.keys(constraints).length > 0 ? { constraints } : {}),
      location: v.where.location(),
    };
    return { kind: 'grant', grant, location: v.where.location(), unknowns: [...pairUnknowns, ...opUnknowns, ...unknowns] };
  });
};

const aliasFacts: Builder = (reader, entry, v) => {
  const name = v.string('name');
  if (typeof name !== 'string') return [];
  const keys = keyArns(reader, entry, v, 'target_key_id');
  if (!keys) return unsupported(reader, entry, v.at('target_key_id').location(), `the key alias ${name} names is unknown until apply`);
  return keys.values.map((keyArn) => ({ kind: 'alias', keyArn, name, location: v.where.location(), unknowns: keys.unknowns }));
};

/** A user or role's own facts: the entity, its permissions boundary, and its inline and managed policies. */
function identityFacts(kind: 'role' | 'user' | 'group'): Builder {
  return (reader, entry, v) => {
    const arn = reader.iamArnOfEntry(entry, kind, v.side);
    const location = v.where.location();
    const facts: Fact[] = [];
    const boundary = resolve(reader, entry, v.string('permissions_boundary'));
    if (!boundary) {
      unsupported(reader, entry, v.at('permissions_boundary').location(), `the permissions boundary of ${entry.address} is unknown until apply`);
    }
    const boundaryArn = boundary?.values[0];
    if (kind === 'group') facts.push({ kind: 'group', arn, location, unknowns: [] });
    if (kind === 'user') facts.push({ kind: 'user', arn, tags: tags(v), location, unknowns: boundary?.unknowns ?? [], ...(boundaryArn ? { boundaryArn } : {}) });
    if (kind === 'role') {
      const trust = policy(reader, v, 'assume_role_policy', 'trust');
      facts.push({ kind: 'role', arn, tags: tags(v), location, unknowns: [...(trust?.unknowns ?? []), ...(boundary?.unknowns ?? [])], ...(trust ? { trustPolicy: trust.document } : {}), ...(boundaryArn ? { boundaryArn } : {}) });
      // inline_policy and managed_policy_arns are optional and computed: unknown means not configured, so the
      // role keeps what it has (the before side's values).
      const own = v.side === 'after' && entry.before && v.unknownAt('inline_policy') ? undefined : v.blocks('inline_policy');
      for (const block of Array.isArray(own) ? own : []) {
        const name = block.string('name');
        const document = policy(reader, block, 'policy', 'identity');
        if (typeof name === 'string' && document) facts.push({ kind: 'inline-policy', holderArn: arn, name, document: document.document, location: block.where.location(), unknowns: document.unknowns });
      }
      const managed = v.side === 'after' && entry.before && v.unknownAt('managed_policy_arns') ? [] : v.strings('managed_policy_arns');
      for (const policyArn of isUnknown(managed) ? [] : managed) {
        const resolved = resolve(reader, entry, policyArn);
        if (!resolved) { unsupported(reader, entry, v.at('managed_policy_arns').location(), `a managed policy of ${entry.address} is unknown until apply`); continue; }
        for (const p of resolved.values) facts.push({ kind: 'attachment', holderArn: arn, policyArn: p, location: v.at('managed_policy_arns').location(), unknowns: resolved.unknowns });
      }
      if (v.side === 'after' && entry.before && (v.unknownAt('inline_policy') || v.unknownAt('managed_policy_arns'))) {
        const kept = new Set(facts.map((f) => f.kind));
        facts.push(...keptFromBefore(reader, entry).filter((f) => (f.kind === 'inline-policy' && v.unknownAt('inline_policy') && !kept.has('inline-policy'))
          || (f.kind === 'attachment' && v.unknownAt('managed_policy_arns'))));
      }
    }
    return facts;
  };
}

function keptFromBefore(reader: PlanReader, entry: PlanEntry): Fact[] {
  return entry.before ? identityFacts('role')(reader, entry, reader.values(entry, 'before')) : [];
}

function inlinePolicyFacts(kind: 'role' | 'user' | 'group'): Builder {
  return (reader, entry, v) => {
    const holder = holders(reader, entry, v, kind, kind);
    if (!holder) return unsupported(reader, entry, v.at(kind).location(), `the ${kind} of ${entry.address} is unknown until apply`);
    const name = v.string('name');
    const document = policy(reader, v, 'policy', 'identity');
    if (!document) return [];
    const policyName = typeof name === 'string' ? name : `${entry.address} (name known after apply)`;
    return holder.values.map((holderArn) => ({ kind: 'inline-policy', holderArn, name: policyName, document: document.document, location: v.at('policy').location(), unknowns: [...holder.unknowns, ...document.unknowns] }));
  };
}

const managedPolicyFacts: Builder = (reader, entry, v) => {
  const arn = reader.iamArnOfEntry(entry, 'policy', v.side);
  const document = policy(reader, v, 'policy', 'identity');
  if (!document) return [];
  return [{ kind: 'managed-policy', arn, document: document.document, location: v.at('policy').location(), unknowns: document.unknowns }];
};

function attachmentFacts(kind: 'role' | 'user' | 'group'): Builder {
  return (reader, entry, v) => {
    const holder = holders(reader, entry, v, kind, kind);
    const policyArn = resolve(reader, entry, v.string('policy_arn'));
    if (!holder || !policyArn) return unsupported(reader, entry, v.where.location(), `the ${!holder ? kind : 'policy'} ${entry.address} attaches is unknown until apply`);
    return pairs(holder, policyArn).map(([holderArn, p, unknowns]) => ({ kind: 'attachment', holderArn, policyArn: p, location: v.where.location(), unknowns }));
  };
}

const policyAttachmentFacts: Builder = (reader, entry, v) => {
  const policyArn = resolve(reader, entry, v.string('policy_arn'));
  if (!policyArn) return unsupported(reader, entry, v.at('policy_arn').location(), `the policy ${entry.address} attaches is unknown until apply`);
  const facts: Fact[] = [];
  for (const kind of ['role', 'user', 'group'] as const) {
    const names = v.strings(`${kind}s`);
    if (isUnknown(names)) { unsupported(reader, entry, v.at(`${kind}s`).location(), `the ${kind}s ${entry.address} attaches to are unknown until apply`); continue; }
    for (const name of names) {
      const holder = resolve(reader, entry, name);
      if (!holder) { unsupported(reader, entry, v.at(`${kind}s`).location(), `a ${kind} ${entry.address} attaches to is unknown until apply`); continue; }
      for (const [arn, p, unknowns] of pairs({ ...holder, values: holder.values.map((n) => holderArn(reader, entry, kind, n)) }, policyArn)) {
        facts.push({ kind: 'attachment', holderArn: arn, policyArn: p, location: v.at(`${kind}s`).location(), unknowns });
      }
    }
  }
  return facts;
};

/**
 * Memberships of one holder (`aws_iam_group_membership`: a group and its users; `aws_iam_user_group_membership`: a
 * user and its groups): the same reading with the sides swapped.
 */
function membershipFacts(one: 'user' | 'group', manyField: 'users' | 'groups'): Builder {
  const many = one === 'group' ? 'user' : 'group';
  return (reader, entry, v) => {
    const holder = holders(reader, entry, v, one, one);
    const names = v.strings(manyField);
    if (!holder || isUnknown(names)) return unsupported(reader, entry, v.where.location(), `the ${one} or ${manyField} of ${entry.address} are unknown until apply`);
    return names.flatMap((name) => {
      const member = resolve(reader, entry, name);
      if (!member) return unsupported(reader, entry, v.at(manyField).location(), `a ${many} of ${entry.address} is unknown until apply`);
      const members = { ...member, values: member.values.map((n) => holderArn(reader, entry, many, n)) };
      return (one === 'group' ? pairs(members, holder) : pairs(holder, members))
        .map(([userArn, groupArn, unknowns]): Fact => ({ kind: 'membership', userArn, groupArn, location: v.where.location(), unknowns }));
    });
  };
}

const groupMembershipFacts = membershipFacts('group', 'users');
const userGroupMembershipFacts = membershipFacts('user', 'groups');

const ORGANIZATION_POLICY_TYPES: Record<string, 'scp' | 'rcp'> = { SERVICE_CONTROL_POLICY: 'scp', RESOURCE_CONTROL_POLICY: 'rcp' };

const organizationPolicyFacts: Builder = (reader, entry, v) => {
  const type = v.get('type') ?? 'SERVICE_CONTROL_POLICY';
  if (isUnknown(type)) return unsupported(reader, entry, v.at('type').location(), `the type of ${entry.address} is unknown until apply`);
  const policyType = ORGANIZATION_POLICY_TYPES[String(type)];
  if (!policyType) return [];
  const id = reader.predict(entry, 'id')!;
  const name = v.string('name');
  const document = policy(reader, v, 'content', policyType);
  if (!document) return [];
  return [{ kind: 'org-policy', policyType, id, name: typeof name === 'string' ? name : entry.address, document: document.document, location: v.at('content').location(), unknowns: document.unknowns }];
};

const organizationAttachmentFacts: Builder = (reader, entry, v) => {
  const policyId = resolve(reader, entry, v.string('policy_id'));
  const target = resolve(reader, entry, v.string('target_id'));
  if (!policyId || !target) return unsupported(reader, entry, v.where.location(), `the policy or target of ${entry.address} is unknown until apply`);
  const facts: Fact[] = [];
  for (const [p, t, unknowns] of pairs(policyId, target)) {
    if (!/^\d{12}$/.test(t)) {
      // Organizational units and the root are not modelled (yet): say so rather than drop the attachment.
      unsupported(reader, entry, v.at('target_id').location(), `${entry.address} attaches a policy to ${t}, an organizational unit or the root, which keyproof does not model: list the accounts instead`);
      continue;
    }
    facts.push({ kind: 'org-attachment', policyId: p, target: t, location: v.where.location(), unknowns });
  }
  return facts;
};

const BUILDERS: Record<string, Builder> = {
  aws_kms_key: keyFacts,
  aws_kms_external_key: keyFacts,
  aws_kms_replica_key: keyFacts,
  aws_kms_key_policy: keyPolicyFacts,
  aws_kms_grant: grantFacts,
  aws_kms_alias: aliasFacts,
  aws_iam_role: identityFacts('role'),
  aws_iam_user: identityFacts('user'),
  aws_iam_group: identityFacts('group'),
  aws_iam_role_policy: inlinePolicyFacts('role'),
  aws_iam_user_policy: inlinePolicyFacts('user'),
  aws_iam_group_policy: inlinePolicyFacts('group'),
  aws_iam_policy: managedPolicyFacts,
  aws_iam_role_policy_attachment: attachmentFacts('role'),
  aws_iam_user_policy_attachment: attachmentFacts('user'),
  aws_iam_group_policy_attachment: attachmentFacts('group'),
  aws_iam_policy_attachment: policyAttachmentFacts,
  aws_iam_group_membership: groupMembershipFacts,
  aws_iam_user_group_membership: userGroupMembershipFacts,
  aws_organizations_policy: organizationPolicyFacts,
  aws_organizations_policy_attachment: organizationAttachmentFacts,
};

export const SUPPORTED_TYPES = new Set(Object.keys(BUILDERS));

export function factsOf(reader: PlanReader, entry: PlanEntry, values: PlanValues): Fact[] {
  return BUILDERS[entry.type]!(reader, entry, values);
}
