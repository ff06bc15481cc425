/**
 * `audit --shard I/N`: a stable partition of a world's keys, by a hash of each key's ARN (so a key stays in its
 * shard whatever other keys are added or removed), and the self-contained partial result a shard writes, which
 * `keyproof merge` puts together (merge.ts). Shards are numbered from 0, like JOB_COMPLETION_INDEX (Kubernetes
 * Indexed Jobs) and AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array jobs), so either can be passed as I unchanged.
 */
import type { AccountAuditPart } from './account-part.js';
import { createHash } from 'node:crypto';
import type { KeyAuditPart } from './key-part.js';
import type { AuditOrganization } from './result.js';

export interface Shard {
  /** 0 .. count - 1. */
  index: number;
  count: number;
}

/** The shard of a key: the first 48 bits of SHA-256 of its ARN, modulo the number of shards. */
export function shardOfKey(keyArn: string, count: number): number {
  const prefix = createHash('sha256').update(keyArn).digest().readUIntBE(0, 6);
  return prefix % count;
}

/** Parses `I/N`, or says why it is not a shard. */
export function parseShard(text: string): Shard | { error: string } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return { error: `expected I/N (shard I of N, counted from 0), e.g. 0/4; got '${text}'` };
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) return { error: `the number of shards must be at least 1; got '${text}'` };
  if (index >= count) return { error: `shard index ${index} is not below the number of shards ${count} (shards are counted from 0); got '${text}'` };
  return { index, count };
}

export const SHARD_FORMAT = 'keyproof-audit-shard';

/** What `audit --shard I/N` writes: everything `merge` needs, and what it checks before merging. */
export interface AuditShardResult {
  format: typeof SHARD_FORMAT;
  formatVersion: 1;
  /** keyproof's version: shards of different versions may answer differently, so they are not merged. */
  keyproof: string;
  /** The content hash of the world (src/world/content-hash.ts): every shard must have audited the same world. */
  worldHash: string;
  /** The world file, as the report names it. */
  world: string;
  shard: Shard;
  /** How many keys the world has, over all shards. */
  keyCount: number;
  /** What the world itself leaves undecided (parts its source lacks or a collector could not read): every shard's. */
  worldUndecided: string[];
  /** The audit's per-account section (account-part.ts): computed by shard 0 only, absent in the others. */
  accounts?: AccountAuditPart;
  /** The world's organization (absent when none): the merged report classifies access by it, as an unsharded audit does. */
  organization?: AuditOrganization;
  /** This shard's keys: their place in the world's key order, and their answers. */
  keys: Array<{ index: number; part: KeyAuditPart }>;
}
