/**
 * The concrete worlds in which the diff brute-force test judges a policy pair with the reference evaluator, built
 * as world files are (the native format, read by keyproof's own loader) rather than by the diff's own scenario code,
 * so that a mistake in how `diff` builds its worlds cannot hide itself.
 *
 * - Key policies: the key `diff` compares on, holding one side's policy; accounts with the identities asked about,
 *   whose own IAM policies allow every KMS action (`allow-all`) or are absent (`none`): `diff` leaves them unknown,
 *   so both must be tried.
 * - Identity policies: one account whose identities hold one side's policy, and keys of that account with the
 *   default key policy, which lets IAM policies decide.
 */
import { parseArn } from '../../../src/policy/arn.js';
import type { Side } from '../../../src/engine/pair-solver.js';
import { rootArn } from '../../../src/request/caller.js';
import type { World } from '../../../src/world/model.js';
import { loadNativeWorld } from '../../diff/arbitrary-world.js';
import type { JsonPolicyDocument, NativeAccount, NativeNamedPolicy, NativeWorld } from '../../diff/native-format.js';
import type { PolicyPair } from './policy-pairs.js';

/** What the identities' own IAM policies are: allow every KMS action, none, or the identity policy under comparison. */
export type IamVariant = 'allow-all' | 'none' | 'compared';

export interface PairWorldSpec {
  /** IAM user and role ARNs (accounts are made for them). */
  identities: readonly string[];
  /** Key ARNs: each holds the compared key policy (key pairs) or the default key policy (identity pairs). */
  keys: readonly string[];
  iam: IamVariant;
}

const ALLOW_ALL_KMS: NativeNamedPolicy = {
  name: 'own-iam-policy-allows-kms',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] },
};

/**
 * The default key policy's first statement gives the account full access and so lets its IAM policies decide
 * (kms/key-policy-default.md#key-policy-default-allow-root-enable-iam).
 */
function defaultKeyPolicy(account: string): JsonPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: rootArn(account) }, Action: 'kms:*', Resource: '*' }],
  };
}

const accountOf = (arn: string) => parseArn(arn)!.account;

export function pairWorld(pair: PolicyPair, side: Side, spec: PairWorldSpec): World {
  const policies = spec.iam === 'allow-all' ? [ALLOW_ALL_KMS]
    : spec.iam === 'compared' ? [{ name: `${side}.json`, document: pair[side] }] : [];
  const accounts = new Map<string, NativeAccount>();
  for (const arn of new Set(spec.identities)) {
    const id = accountOf(arn);
    const account = accounts.get(id) ?? { id, users: [], roles: [] };
    if (arn.includes(':user/')) account.users!.push({ arn, policies });
    else account.roles!.push({ arn, policies });
    accounts.set(id, account);
  }
  const native: NativeWorld = {
    accounts: [...accounts.values()],
    keys: spec.keys.map((arn) => ({ arn, policy: pair.kind === 'key' ? pair[side] : defaultKeyPolicy(accountOf(arn)) })),
  };
  return loadNativeWorld(native, `${side}-world.json`);
}
