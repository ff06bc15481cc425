/**
 * A world from an iam-collect file store (interface.md section 6: `--world` accepts an iam-collect storage
 * directory). Every account folder with IAM data is a complete account of the world (iam-collect stores each
 * account's whole authorization details); one without is not, and its principals stay outside the world; keys come with their policy and tags only, so the grants, aliases, key state and key
 * metadata of each account and region holding keys are recorded as missing parts (see World.missingParts), unless
 * a supplement fills them in (src/world/supplement.ts).
 */
import { join } from 'node:path';
import type { Account, MissingPart, World } from '../model.js';
import { Where } from '../../input/where.js';
import { WorldBuilder } from '../world-builder.js';
import { readAccountIdentities } from './identities.js';
import { readAccountKeys } from './keys.js';
import { readStoreOrganization } from './organization.js';
import { isDirectory, partitionDirs, subdirs } from './store-layout.js';
import { readAccountId } from '../identifiers.js';

/** What iam-collect keeps of no key (its kms key sync: ListKeys, GetKeyPolicy, ListResourceTags only). */
export const KEY_PARTS_NOT_COLLECTED = ['grants', 'aliases', 'key state', 'key metadata'] as const;

export const IAM_COLLECT_REASON = 'an iam-collect store does not hold them';

export function readIamCollectStore(dir: string): World {
  const root = Where.from({ file: dir, pointer: '' });
  const warnings = root.warnings;
  const builder = new WorldBuilder(root);
  const partitions = partitionDirs(dir);
  if (partitions.length === 0) throw root.error('expected an iam-collect store: a folder with aws/<partition>/accounts/ or aws/<partition>/organizations/');
  const organizations = partitions.map((p) => readStoreOrganization(p, warnings)).filter((o) => o !== undefined);
  if (organizations.length > 1) throw root.error('the store holds organizations in several partitions: keyproof reads a world with one organization');
  if (organizations[0]) builder.world.organization = organizations[0];
  const missing: MissingPart[] = [];
  for (const partitionDir of partitions) {
    const accountsDir = join(partitionDir, 'accounts');
    for (const name of subdirs(accountsDir)) {
      const accountDir = join(accountsDir, name);
      const where = Where.from({ file: accountDir, pointer: '' });
      const id = readAccountId(name, where, 'an account folder named by its 12-digit account id');
      if (isDirectory(join(accountDir, 'iam'))) {
        const account: Account = {
          id, users: new Map(), roles: new Map(), groups: new Map(), managedPolicies: new Map(), location: where.location(),
        };
        builder.addAccount(account, where);
        readAccountIdentities(accountDir, account, builder, warnings);
      } else {
        // Without its IAM data the account cannot be complete: its principals stay outside the world, as a class
        // (interface.md section 3: "Any other account that a policy names is external").
        root.warn(`account ${id} has no IAM data in the store (no ${join(name, 'iam')}): its principals are treated as principals outside the world`);
      }
      const keys = readAccountKeys(accountDir, id, builder, warnings);
      for (const region of keys.regions) {
        for (const what of KEY_PARTS_NOT_COLLECTED) missing.push({ account: id, region, service: 'kms', what, reason: IAM_COLLECT_REASON });
      }
      for (const key of keys.withoutPolicy) {
        missing.push({ account: id, region: key.region, service: 'kms', what: 'key policy', resource: key.arn, reason: 'the store has none for it, so the key is left out' });
      }
    }
  }
  const world = builder.finish();
  world.missingParts.push(...missing);
  return world;
}
