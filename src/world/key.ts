/**
 * A KMS key of the world: its ARN, state, key policy (an object, a JSON string or the verbatim output of
 * `aws kms get-key-policy`), grants, aliases, tags and, optionally, the `KeyMetadata` of `aws kms describe-key`.
 */
import type { NamedPolicy } from '../policy/model.js';
import { parsePolicyDocument } from '../policy/parse.js';
import { followFileRefs } from './file-refs.js';
import { readGrants } from './grants.js';
import { aliasArn, readAliasName, readKeyArn, type KmsArn } from './identifiers.js';
import { applyKeyMetadata } from './key-metadata.js';
import type { Key, KeyState } from './model.js';
import { checkFields, describeValue, isPlainObject, optionalItems, readObject, requireField } from './read-value.js';
import { readTags } from './tags.js';
import type { Where } from './where.js';
import type { WorldBuilder } from './world-builder.js';

const KEY_FIELDS = ['arn', 'state', 'policy', 'grants', 'aliases', 'tags', 'metadata'];
const GET_KEY_POLICY_FIELDS = ['Policy', 'PolicyName'];

/** kms/key-state.md#key-state-cmk-type: the key states a KMS key can be in. */
export const KEY_STATES: readonly KeyState[] = [
  'Creating', 'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Unavailable', 'Updating',
];

export function readKeyState(value: unknown, where: Where): KeyState {
  const state = KEY_STATES.find((s) => s === value);
  if (!state) throw where.error(`expected a key state (${KEY_STATES.join(', ')}), found ${describeValue(value)}`);
  return state;
}

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

/** A key policy document, or `{"Policy": "<document string>", "PolicyName": "default"}` from get-key-policy. */
function readKeyPolicy(raw: unknown, rawWhere: Where): NamedPolicy {
  const { value, where } = followFileRefs(raw, rawWhere);
  if (isPlainObject(value) && value.Policy !== undefined && value.Statement === undefined) {
    checkFields(value, where, 'get-key-policy output', GET_KEY_POLICY_FIELDS, 'lenient');
    return { name: 'key-policy', document: parsePolicyDocument(value.Policy, where.at('Policy'), 'resource') };
  }
  return { name: 'key-policy', document: parsePolicyDocument(value, where, 'resource') };
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
