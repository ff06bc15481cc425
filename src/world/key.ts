/**
 * A KMS key of the world: its ARN, state, key policy (an object, a JSON string or the verbatim output of
 * `aws kms get-key-policy`), grants, aliases, tags and, optionally, the `KeyMetadata` of `aws kms describe-key`.
 */
import { readGrants } from './aws-cli/grants.js';
import { aliasArn, readAliasName, readKeyArn, type KmsArn } from './identifiers.js';
import { applyKeyMetadata } from './aws-cli/key-metadata.js';
import { readKeyPolicy } from '../policy/key-policy.js';
import type { Key } from './model.js';
import { readKeyState } from './key-state.js';
import { checkFields, optionalItems, readObject, requireField } from '../input/read-value.js';
import { readTags } from './tags.js';
import type { Where } from '../input/where.js';
import type { WorldBuilder } from './world-builder.js';

const KEY_FIELDS = ['arn', 'state', 'policy', 'grants', 'aliases', 'tags', 'metadata'];

export function readKey(item: unknown, where: Where, builder: WorldBuilder): void {
  const object = readObject(item, where, 'a KMS key');
  checkFields(object, where, 'a KMS key', KEY_FIELDS);
  const arn = readKeyArn(requireField(object, 'arn', where, 'a KMS key'), where.at('arn'));
  builder.claim(arn.arn, where, 'KMS key');
  const key: Key = {
    arn: arn.arn,
    id: arn.id,
    accountId: arn.account,
    region: arn.region,
    // Without `state` or metadata the key is taken as Enabled, the state in which most keys are created (key-state.md).
    state: object.state === undefined ? 'Enabled' : readKeyState(object.state, where.at('state')),
    policy: readKeyPolicy(requireField(object, 'policy', where, 'a KMS key'), where.at('policy')),
    grants: object.grants === undefined ? [] : readGrants(object.grants, where.at('grants'), arn),
    aliases: [],
    tags: readTags(object.tags, where.at('tags')),
    location: where.location(),
  };
  if (object.metadata !== undefined) applyKeyMetadata(key, object.state !== undefined, object.metadata, where.at('metadata'));
  for (const [alias, aliasWhere] of optionalItems(object.aliases, where.at('aliases'), 'a list of aliases')) {
    addAlias(key, arn, readAliasName(alias, aliasWhere, arn), aliasWhere, builder);
  }
  builder.world.keys.set(key.arn, key);
}

/** An alias names one key: the alias ARN is unique in the world. */
function addAlias(key: Key, arn: KmsArn, name: string, where: Where, builder: WorldBuilder): void {
  const fullArn = aliasArn(arn, name);
  const owner = builder.world.aliases.get(fullArn);
  if (owner !== undefined || key.aliases.includes(name)) {
    throw where.error(`the alias "${fullArn}" is already used by key "${owner ?? key.arn}"; an alias names exactly one key`);
  }
  builder.world.aliases.set(fullArn, key.arn);
  key.aliases.push(name);
}
