/**
 * `keyproof merge`: the audit of a world from the partial results of its shards (shard.ts). Parts are refused,
 * with a message naming the file, when they come from different worlds or keyproof versions, when a shard is
 * given twice or is missing, or when a part does not hold what its shard should (a key of another shard, a key
 * twice, a key missing). The keys' parts are then put together in the world's key order, exactly as an
 * unsharded audit puts them (key-part.ts), so the merged report is the same, byte for byte.
 */
import { InputError } from '../../errors.js';
import { assembleAudit, type KeyAuditPart } from './key-part.js';
import type { AuditResult } from './result.js';
import { SHARD_FORMAT, shardOfKey, type AuditShardResult } from './shard.js';

export interface ShardInput {
  /** Where the part was read from (for messages). */
  source: string;
  value: unknown;
}

const refuse = (message: string) => new InputError(undefined, `merge: ${message}`);

function asShard({ source, value }: ShardInput): AuditShardResult {
  const v = value as Partial<AuditShardResult> | null;
  if (typeof v !== 'object' || v === null || v.format !== SHARD_FORMAT) {
    throw refuse(`${source}: not a partial audit result (expected the JSON that \`keyproof audit --shard I/N\` writes, with "format": "${SHARD_FORMAT}")`);
  }
  if (v.formatVersion !== 1) throw refuse(`${source}: partial result format version ${String(v.formatVersion)} is not supported (expected 1)`);
  const shard = v.shard;
  const wellFormed = typeof v.worldHash === 'string' && typeof v.world === 'string' && typeof v.keyproof === 'string'
    && typeof shard === 'object' && shard !== null && Number.isInteger(shard.index) && Number.isInteger(shard.count)
    && shard.count >= 1 && shard.index >= 0 && shard.index < shard.count
    && Number.isInteger(v.keyCount) && Array.isArray(v.keys)
    && v.keys.every((k) => typeof k === 'object' && k !== null && Number.isInteger(k.index) && typeof k.part?.key === 'string')
    && (v.organization === undefined || (typeof v.organization?.id === 'string' && Array.isArray(v.organization.accounts)
      && v.organization.accounts.every((a) => typeof a === 'string')));
  if (!wellFormed) throw refuse(`${source}: the partial result is damaged (a field is missing or has the wrong type)`);
  return v as AuditShardResult;
}

export function mergeShards(inputs: readonly ShardInput[]): AuditResult {
  if (inputs.length === 0) throw refuse('no partial results given');
  const shards = inputs.map((input) => ({ source: input.source, shard: asShard(input) }));
  const first = shards[0]!;
  const bySlot = new Map<number, string>();
  for (const { source, shard } of shards) {
    if (shard.keyproof !== first.shard.keyproof) {
      throw refuse(`${source} was written by keyproof ${shard.keyproof}, ${first.source} by keyproof ${first.shard.keyproof}: audit every shard with the same version`);
    }
    if (shard.worldHash !== first.shard.worldHash || shard.world !== first.shard.world || shard.keyCount !== first.shard.keyCount) {
      throw refuse(`${source} and ${first.source} audited different worlds (${shard.world} with content hash ${shard.worldHash.slice(0, 12)}…, `
        + `${first.shard.world} with ${first.shard.worldHash.slice(0, 12)}…): every shard must audit the same world`);
    }
    if (shard.shard.count !== first.shard.shard.count) {
      throw refuse(`${source} is shard ${shard.shard.index}/${shard.shard.count}, ${first.source} is shard ${first.shard.shard.index}/${first.shard.shard.count}: every shard must split the keys into the same number of shards`);
    }
    const other = bySlot.get(shard.shard.index);
    if (other !== undefined) throw refuse(`shard ${shard.shard.index}/${shard.shard.count} is given twice: ${other} and ${source}`);
    bySlot.set(shard.shard.index, source);
  }
  const count = first.shard.shard.count;
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !bySlot.has(i));
  if (missing.length > 0) {
    throw refuse(`missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} (${bySlot.size} of ${count} given)`);
  }
  const parts = new Array<KeyAuditPart | undefined>(first.shard.keyCount);
  for (const { source, shard } of shards) {
    for (const { index, part } of shard.keys) {
      if (index < 0 || index >= parts.length) throw refuse(`${source}: key number ${index} is outside the world's ${parts.length} keys`);
      if (shardOfKey(part.key, count) !== shard.shard.index) throw refuse(`${source}: ${part.key} belongs to shard ${shardOfKey(part.key, count)}/${count}, not ${shard.shard.index}/${count}`);
      if (parts[index]) throw refuse(`${source}: key number ${index} (${part.key}) is given twice`);
      parts[index] = part;
    }
  }
  const absent = parts.findIndex((p) => p === undefined);
  if (absent >= 0) throw refuse(`key number ${absent} of the world is in no partial result (a shard's output is incomplete)`);
  // Shard 0 carries the per-account section; a shard 0 written without one (an older keyproof) leaves it out.
  const accountPart = shards.find(({ shard }) => shard.shard.index === 0)?.shard.accounts;
  return assembleAudit(first.shard.world, parts as KeyAuditPart[], first.shard.worldUndecided ?? [], { accountPart, organization: first.shard.organization });
}
