/**
 * Writes a generated organisation as files: one `get-account-authorization-details` output per account, the
 * `get-key-policy`, `list-grants` and `describe-key` outputs of each key, and a native world file that references
 * them with `$file`. Each file is written as soon as it is drawn, so memory holds the skeleton, not the documents.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authorizationDetails } from './authorization-details.js';
import { awsManagedPolicies } from './identity-policies.js';
import { describeKeyOutput, getKeyPolicyOutput, listGrantsOutput } from './key-outputs.js';
import { keyPolicy, keyUserCandidates } from './key-policy.js';
import { serviceControlPolicies } from './organization-policies.js';
import { Random } from './prng.js';
import { planOrganisation, type AccountPlan, type KeyPlan } from './skeleton.js';
import type { GeneratedSize } from './sizes.js';

/** Bump when the generator's output changes, so that stale worlds on disk are generated again. */
export const GENERATOR_VERSION = 1;

export const WORLD_FILE = 'world.json';
export const MANIFEST_FILE = 'manifest.json';

export interface Manifest {
  generatorVersion: number;
  seed: number;
  size: GeneratedSize;
  counts: { accounts: number; users: number; roles: number; groups: number; keys: number; grants: number; files: number };
}

/** The AWS CLI prints JSON with four-space indentation. */
function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 4) + '\n');
}

/** Keys each account's identities may name in their policies: its own, and those shared with it. */
function usableKeys(accounts: AccountPlan[]): Map<string, KeyPlan[]> {
  const usable = new Map(accounts.map((a) => [a.id, [...a.keys]]));
  for (const account of accounts) {
    for (const key of account.keys) for (const id of key.trustedAccounts) usable.get(id)?.push(key);
  }
  return usable;
}

export function writeWorld(directory: string, size: GeneratedSize, seed: number): Manifest {
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(join(directory, 'iam'), { recursive: true });
  mkdirSync(join(directory, 'kms'), { recursive: true });
  // Forks by label: each part draws from its own stream, so a change in one part leaves the others identical.
  const root = new Random(seed);
  const org = planOrganisation(root.fork('plan'), size);
  const byId = new Map(org.accounts.map((a) => [a.id, a]));
  const usable = usableKeys(org.accounts);
  const counts = { accounts: org.accounts.length, users: 0, roles: 0, groups: 0, keys: 0, grants: 0, files: 1 };

  const accounts = org.accounts.map((account) => {
    const file = `iam/${account.id}.json`;
    writeJson(join(directory, file), authorizationDetails(root.fork(`iam:${account.id}`), org, account, usable.get(account.id)!));
    counts.users += account.users.length;
    counts.roles += account.roles.length;
    counts.groups += account.groups.length;
    counts.files++;
    return { id: account.id, authorizationDetails: { $file: file } };
  });

  let index = 0;
  const keys = org.accounts.flatMap((account) => account.keys).map((key) => {
    const random = root.fork(`key:${key.id}`);
    const candidates = keyUserCandidates(org, byId, key);
    const files = { policy: `kms/${key.id}.get-key-policy.json`, grants: `kms/${key.id}.list-grants.json`, metadata: `kms/${key.id}.describe-key.json` };
    writeJson(join(directory, files.policy), getKeyPolicyOutput(keyPolicy(random, org, key, candidates, index++)));
    const grants = listGrantsOutput(random, key, candidates);
    writeJson(join(directory, files.grants), grants);
    writeJson(join(directory, files.metadata), describeKeyOutput(random, key));
    counts.keys++;
    counts.grants += grants.Grants.length;
    counts.files += 3;
    return {
      arn: key.arn,
      policy: { $file: files.policy },
      grants: { $file: files.grants },
      metadata: { $file: files.metadata },
      aliases: key.aliases,
      // Tags as `aws kms list-resource-tags` prints them.
      tags: [{ TagKey: 'app', TagValue: key.app }, { TagKey: 'env', TagValue: byId.get(key.accountId)!.env }],
    };
  });

  writeJson(join(directory, WORLD_FILE), {
    organization: {
      id: org.orgId,
      accounts: org.accounts.map((a) => a.id),
      managementAccount: org.management.id,
      serviceControlPolicies: serviceControlPolicies(org),
    },
    awsManagedPolicies: awsManagedPolicies(),
    accounts,
    keys,
  });
  const manifest: Manifest = { generatorVersion: GENERATOR_VERSION, seed, size, counts };
  writeJson(join(directory, MANIFEST_FILE), manifest);
  return manifest;
}
