/**
 * A seeded sample of concrete requests against a loaded world: users and role sessions of the world asking for
 * KMS operations on keys of their own account and of other accounts, some with an encryption context or a calling
 * service, some transitive (the caller may first assume roles). Half the keys are drawn from those the caller's
 * own policies name, so that the sample holds allowed requests as well as denied ones.
 */
import type { World } from '../../src/index.js';
import { Random } from '../generate/prng.js';

type Key = World['keys'] extends Map<string, infer K> ? K : never;
type Account = World['accounts'] extends Map<string, infer A> ? A : never;
type Holder = Account['users'] extends Map<string, infer U> ? U : never;
type RoleHolder = Account['roles'] extends Map<string, infer R> ? R : never;

export interface BenchRequest {
  principal: string;
  action: string;
  /** A key ARN, or an alias ARN of the key (as users often name keys). */
  key: string;
  /** The key ARN the request is about (the same as `key` unless `key` is an alias). */
  keyArn: string;
  context: string[];
  transitive: boolean;
  crossAccount: boolean;
}

const ACTIONS = [
  ['kms:Decrypt', 25], ['kms:Encrypt', 15], ['kms:GenerateDataKey', 15], ['kms:DescribeKey', 10], ['kms:ReEncryptFrom', 3],
  ['kms:GenerateDataKeyWithoutPlaintext', 2], ['kms:CreateGrant', 5], ['kms:ListGrants', 3], ['kms:Sign', 3], ['kms:GenerateMac', 2],
  ['kms:GetPublicKey', 2], ['kms:GetKeyPolicy', 3], ['kms:PutKeyPolicy', 4], ['kms:ScheduleKeyDeletion', 4], ['kms:DisableKey', 3],
  ['kms:TagResource', 2],
] as const;

const APPS = ['billing', 'checkout', 'ledger', 'catalog', 'reports', 'profiles', 'events', 'media'];

/** Key ARNs that the identity's own policies (inline, attached, through its groups) name as resources. */
function keysNamedBy(world: World, account: Account, holder: Holder | RoleHolder): string[] {
  const documents = [...holder.inlinePolicies.map((p) => p.document)];
  const managedArns = [...holder.managedPolicyArns];
  if (holder.kind === 'user') {
    for (const groupArn of holder.groupArns) {
      const group = account.groups.get(groupArn);
      if (!group) continue;
      documents.push(...group.inlinePolicies.map((p) => p.document));
      managedArns.push(...group.managedPolicyArns);
    }
  }
  for (const arn of managedArns) {
    const managed = account.managedPolicies.get(arn) ?? world.awsManagedPolicies.get(arn);
    if (managed) documents.push(managed.document);
  }
  const named = new Set<string>();
  for (const document of documents) {
    for (const statement of document.statements) {
      for (const resource of statement.resource ?? []) if (world.keys.has(resource)) named.add(resource);
    }
  }
  return [...named];
}

export interface SampleOptions {
  seed: number;
  count: number;
  /** The share of requests that are transitive. */
  transitiveShare: number;
}

export function sampleRequests(world: World, options: SampleOptions): BenchRequest[] {
  const random = new Random(options.seed);
  const accounts = [...world.accounts.values()];
  const holders = accounts.flatMap((account) => [...account.users.values(), ...account.roles.values()].map((holder) => ({ account, holder })));
  const keys = [...world.keys.values()];
  const keysByAccount = new Map<string, Key[]>();
  for (const key of keys) keysByAccount.set(key.accountId, [...(keysByAccount.get(key.accountId) ?? []), key]);
  const aliasesByKey = new Map<string, string[]>();
  for (const [alias, keyArn] of world.aliases) aliasesByKey.set(keyArn, [...(aliasesByKey.get(keyArn) ?? []), alias]);
  if (holders.length === 0 || keys.length === 0) return [];

  const requests: BenchRequest[] = [];
  for (let i = 0; i < options.count; i++) {
    const { account, holder } = random.pick(holders);
    const transitive = holder.kind === 'user' && random.chance(options.transitiveShare * 1.6);
    const named = random.chance(0.5) ? keysNamedBy(world, account, holder) : [];
    const own = keysByAccount.get(account.id) ?? [];
    const others = keys.filter((k) => k.accountId !== account.id);
    const pool = named.length > 0 ? named.map((arn) => world.keys.get(arn)!) : random.chance(0.5) && own.length > 0 ? own : others.length > 0 ? others : keys;
    const key = random.pick(pool);
    const context: string[] = [];
    if (random.chance(0.3)) context.push(`kms:EncryptionContext:app=${random.pick([key.tags.app ?? random.pick(APPS), random.pick(APPS)])}`);
    if (random.chance(0.1)) context.push(`kms:ViaService=s3.${key.region}.amazonaws.com`);
    const aliases = aliasesByKey.get(key.arn) ?? [];
    requests.push({
      principal: holder.arn,
      action: random.weighted(ACTIONS),
      key: aliases.length > 0 && random.chance(0.1) ? random.pick(aliases) : key.arn,
      keyArn: key.arn,
      context,
      transitive,
      crossAccount: key.accountId !== account.id,
    });
  }
  return requests;
}
