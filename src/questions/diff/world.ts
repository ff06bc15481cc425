/**
 * The synthetic worlds `keyproof diff` compares policies in: one enabled key, and for identity policies the
 * identities the policy is attached to. Everything else (other identities, organizations, grants) is absent,
 * so that the policy under comparison is the only thing that differs between the old and the new world.
 */
import { InputError, type SourceLocation } from '../../errors.js';
import { parseArn } from '../../policy/arn.js';
import type { NamedPolicy, PolicyDocument } from '../../policy/model.js';
import { accountOfPrincipal } from '../../reference/principal-match.js';
import type { Account, Key, Role, User, World } from '../../world/model.js';
import { defaultKeyPolicy as sharedDefaultKeyPolicy } from '../../world/default-key-policy.js';

const SYNTHETIC: SourceLocation = { file: '(keyproof diff)', pointer: '' };

/** The region of the synthetic key of a key policy diff (the policy is attached to one key; its region is moot). */
export const DIFF_KEY_REGION = 'us-east-1';
export const DIFF_USER_NAME = 'keyproof-diff-user';
export const DIFF_ROLE_NAME = 'keyproof-diff-role';

export function diffKeyArn(account: string): string {
  return `arn:aws:kms:${DIFF_KEY_REGION}:${account}:key/keyproof-diff`;
}

/** An enabled key with this ARN and key policy, no grants, aliases or tags. */
export function syntheticKey(arn: string, policy: NamedPolicy): Key {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'kms' || !parsed.resource.startsWith('key/')) throw new InputError(undefined, `not a key ARN: '${arn}'`);
  return {
    arn, id: parsed.resource.slice('key/'.length), accountId: parsed.account, region: parsed.region, state: 'Enabled',
    policy, grants: [], aliases: [], tags: {}, location: SYNTHETIC,
  };
}

export function worldOf(keys: Key[], accounts: Account[] = []): World {
  return {
    file: SYNTHETIC.file,
    accounts: new Map(accounts.map((a) => [a.id, a])),
    keys: new Map(keys.map((k) => [k.arn, k])),
    aliases: new Map(),
    awsManagedPolicies: new Map(),
    missingManagedPolicies: [],
    missingParts: [],
    warnings: [],
    incompleteParts: [],
  };
}

/**
 * The default key policy of a synthetic key, which lets the account's IAM policies decide
 * (kms/key-policy-default.md#key-policy-default-allow-root-enable-iam, "Enable IAM policies").
 */
export const defaultKeyPolicy = (account: string): NamedPolicy => sharedDefaultKeyPolicy(account, SYNTHETIC);

/** An account holding one user and one role, both with the identity policy attached (inline). */
export function identityAccount(account: string, policy: NamedPolicy): Account {
  const holder = { accountId: account, inlinePolicies: [policy], managedPolicyArns: [], location: SYNTHETIC };
  const user: User = { ...holder, kind: 'user', arn: `arn:aws:iam::${account}:user/${DIFF_USER_NAME}`, name: DIFF_USER_NAME, groupArns: [], tags: {} };
  const role: Role = { ...holder, kind: 'role', arn: `arn:aws:iam::${account}:role/${DIFF_ROLE_NAME}`, name: DIFF_ROLE_NAME, tags: {}, serviceLinked: false };
  return { id: account, users: new Map([[user.arn, user]]), roles: new Map([[role.arn, role]]), groups: new Map(), managedPolicies: new Map(), location: SYNTHETIC };
}

const namedAccount = (value: string) => accountOfPrincipal(value) ?? /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];

/**
 * The account that owns the key a key policy is attached to: the account whose root the policies name (the
 * "Enable IAM policies" statement names the owner's root); otherwise the one account their principals name.
 */
export function inferKeyAccount(policies: readonly NamedPolicy[]): string | undefined {
  const entries = policies.flatMap((p) => p.document.statements.flatMap((s) => [...(s.principal ?? []), ...(s.notPrincipal ?? [])]))
    .filter((e) => e.type === 'AWS');
  const root = entries.map((e) => accountOfPrincipal(e.value)).find((a) => a !== undefined);
  if (root) return root;
  const named = new Set(entries.map((e) => namedAccount(e.value)).filter((a) => a !== undefined));
  return named.size === 1 ? [...named][0] : undefined;
}

/** The account of the keys identity policies name in Resource, when they name exactly one. */
export function inferIdentityAccount(policies: readonly NamedPolicy[]): string | undefined {
  const named = new Set<string>();
  for (const p of policies) {
    for (const s of p.document.statements) {
      for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
        const account = /^arn:aws:kms:[^:]*:(\d{12}):/.exec(r)?.[1];
        if (account) named.add(account);
      }
    }
  }
  return named.size === 1 ? [...named][0] : undefined;
}
