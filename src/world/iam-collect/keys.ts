/**
 * The KMS keys of one account in an iam-collect store (iam-collect's kms key sync: ListKeys, GetKeyPolicy,
 * ListResourceTags): `kms/<region>/key/<key-id>/` with `metadata.json` ({ id, arn }), `policy.json` (the key
 * policy) and `tags.json`. That is all iam-collect keeps of a key: no grants, no aliases, no key state and no
 * key metadata; the caller records them as missing parts.
 */
import { join } from 'node:path';
import type { InputWarning } from '../../errors.js';
import { readKeyArn } from '../identifiers.js';
import { readKeyPolicy } from '../../policy/key-policy.js';
import type { Key } from '../model.js';
import { readObject, requireField } from '../../input/read-value.js';
import { readTags } from '../tags.js';
import type { WorldBuilder } from '../world-builder.js';
import { readStoreFile, requireStoreFile, subdirs } from './store-layout.js';

export interface AccountKeys {
  /** The regions that hold at least one key. */
  regions: string[];
  /** Keys whose policy the store lacks (GetKeyPolicy failed): left out of the world. */
  withoutPolicy: Array<{ arn: string; region: string }>;
}

/** Reads the keys of the account in `accountDir`. */
export function readAccountKeys(accountDir: string, account: string, builder: WorldBuilder, warnings: InputWarning[]): AccountKeys {
  const regions: string[] = [];
  const withoutPolicy: AccountKeys['withoutPolicy'] = [];
  for (const region of subdirs(join(accountDir, 'kms'))) {
    const keyDirs = subdirs(join(accountDir, 'kms', region, 'key'));
    for (const name of keyDirs) {
      const dir = join(accountDir, 'kms', region, 'key', name);
      const { value, where } = requireStoreFile(join(dir, 'metadata.json'), warnings, 'the metadata of a KMS key');
      const metadata = readObject(value, where, 'the metadata of a KMS key');
      const arn = readKeyArn(requireField(metadata, 'arn', where, 'the metadata of a KMS key'), where.at('arn'));
      if (arn.account !== account || arn.region !== region) {
        throw where.at('arn').error(`the key ARN "${arn.arn}" does not belong to account ${account}, region ${region}, where the store keeps it`);
      }
      builder.claim(arn.arn, where, 'KMS key');
      const policy = readStoreFile(join(dir, 'policy.json'), warnings);
      if (!policy) {
        // Without its policy nothing about the key can be decided: it is left out, and said so.
        where.warn(`the store has no key policy for ${arn.arn} (iam-collect could not read it): the key is left out`);
        withoutPolicy.push({ arn: arn.arn, region });
        continue;
      }
      const tags = readStoreFile(join(dir, 'tags.json'), warnings);
      const key: Key = {
        arn: arn.arn,
        id: arn.id,
        accountId: arn.account,
        region: arn.region,
        // iam-collect keeps no key state: taken as Enabled (as for a world key without `state`), and recorded missing.
        state: 'Enabled',
        policy: readKeyPolicy(policy.value, policy.where),
        grants: [],
        aliases: [],
        tags: tags ? readTags(tags.value, tags.where) : {},
        location: where.location(),
      };
      builder.world.keys.set(key.arn, key);
    }
    if (keyDirs.length > 0) regions.push(region);
  }
  return { regions, withoutPolicy };
}
