/**
 * `audit`: who can use each key of a world, per operation group, with findings (../shared/spec/interface.md).
 * Keys can be answered on worker threads (`jobs`), read back from a cache of earlier answers (`cacheDir`), and
 * split into shards (`auditShard`, merged by `mergeAuditShards`); every way gives the same result, byte for byte,
 * because each key's answer is a part put together in the world's key order (src/questions/audit/key-part.ts).
 */
import { limitsOf, type Limits } from '../engine/limits.js';
import { InputError } from '../errors.js';
import { packageVersion } from '../package-files.js';
import { callersOfWorld } from '../request/caller.js';
import { AuditCache } from '../questions/audit/cache.js';
import { KeyAnswerHasher } from '../questions/audit/cache-key.js';
import { LocationIndex } from '../questions/audit/relocate.js';
import { assembleAudit, auditKeyPart, type KeyAuditPart } from '../questions/audit/key-part.js';
import { mergeShards, type ShardInput } from '../questions/audit/merge.js';
import type { AuditResult } from '../questions/audit/result.js';
import { SHARD_FORMAT, shardOfKey, type AuditShardResult, type Shard } from '../questions/audit/shard.js';
import { worldContentHash } from '../world/content-hash.js';
import type { World } from '../world/model.js';
import { argumentsObject, optionalFunction, optionalPositiveInteger, worldArgument } from './arguments.js';
import { partsOnWorkers } from './audit-workers.js';
import { auditOrganizationOf, worldUndecided } from '../questions/audit/audit.js';
import { auditAccountsPart } from '../questions/audit/account-part.js';
import { z3Engine } from './engine-instance.js';

export type { AuditAccess, AuditAccount, AuditAccountOperation, AuditKey, AuditResult, Finding, FindingKind, ReachGraph } from '../questions/audit/result.js';
export { FAIL_ON_KINDS } from '../questions/audit/result.js';
export type { AuditShardResult, Shard } from '../questions/audit/shard.js';
export { parseShard, shardOfKey } from '../questions/audit/shard.js';

export interface AuditOptions {
  /** Time limit per solver question (ms); an answer not found in time makes the audit incomplete, never wrong. */
  timeoutMs?: number;
  /** Called once with 0 before the first key, then after each key (keys read from the cache count too). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Worker threads, each with its own Z3 (default 1: in this thread). The CLI's default is the number of cores.
   * The result is the same whatever the number.
   */
  jobs?: number;
  /** A directory keeping each key's answer by the content hash of what it depends on; only changed keys are asked. */
  cacheDir?: string;
  /** Warnings that do not stop the audit (an unreadable cache entry). Default: none reported. */
  onWarning?: (message: string) => void;
}

/** How the keys of one run were answered. */
export interface AuditRunStats {
  keys: number;
  /** Read from the cache. */
  cached: number;
  /** Asked (in this thread or on workers). */
  asked: number;
}

interface KeyParts {
  indices: number[];
  parts: Map<number, KeyAuditPart>;
  stats: AuditRunStats;
}

/** The parts of the keys at `indices`: from the cache where it has them, else asked, on workers or here. */
async function answerKeys(world: World, indices: readonly number[], limits: Limits, options: AuditOptions): Promise<KeyParts> {
  const keys = [...world.keys.values()];
  const parts = new Map<number, KeyAuditPart>();
  const jobs = options.jobs ?? 1;
  if (!Number.isInteger(jobs) || jobs < 1) throw new InputError(undefined, `--jobs: expected a positive whole number; got ${jobs}`);
  const cache = options.cacheDir !== undefined ? new AuditCache(options.cacheDir, options.onWarning ?? (() => {})) : undefined;
  const hasher = cache ? new KeyAnswerHasher(world) : undefined;
  const locations = cache ? new LocationIndex(world) : undefined;
  const hashes = new Map<number, string>();
  let done = 0;
  const progress = () => options.onProgress?.(++done, indices.length);
  options.onProgress?.(0, indices.length);
  const toAsk: number[] = [];
  for (const index of indices) {
    const key = keys[index]!;
    if (cache && hasher) {
      const hash = hasher.hash(key);
      hashes.set(index, hash);
      const stored = cache.get(hash, key.arn);
      // Moved to the current world's line and column numbers; an answer citing a place the world lacks is asked again.
      const part = stored && locations?.relocate(stored);
      if (part) { parts.set(index, part); progress(); continue; }
    }
    toAsk.push(index);
  }
  const received = (index: number, part: KeyAuditPart) => {
    parts.set(index, part);
    const hash = hashes.get(index);
    if (cache && hash !== undefined) cache.put(hash, part);
    progress();
  };
  if (jobs > 1 && toAsk.length > 1) {
    await partsOnWorkers(world, toAsk, limits, jobs, received);
  } else if (toAsk.length > 0) {
    const engine = await z3Engine();
    const callers = callersOfWorld(world);
    for (const index of toAsk) received(index, await auditKeyPart(engine.runtime, world, keys[index]!, callers, limits));
  }
  return { indices: [...indices], parts, stats: { keys: indices.length, cached: indices.length - toAsk.length, asked: toAsk.length } };
}

const limitsFrom = (options: AuditOptions) => limitsOf({ timeoutMs: options.timeoutMs });

/** The audit and how its keys were answered. */
export async function auditWithStats(world: World, options: AuditOptions = {}): Promise<{ result: AuditResult; stats: AuditRunStats }> {
  const all = [...world.keys.keys()].map((_, i) => i);
  const { parts, stats } = await answerKeys(world, all, limitsFrom(options), options);
  const accountPart = await auditAccountsPart((await z3Engine()).runtime, world, limitsFrom(options));
  const organization = auditOrganizationOf(world);
  const extras = { accountPart, ...(organization ? { organization } : {}) };
  return { result: assembleAudit(world.file, all.map((i) => parts.get(i)!), worldUndecided(world, [...world.keys.values()], true), extras), stats };
}

export async function audit(world: World, options: AuditOptions = {}): Promise<AuditResult> {
  worldArgument(world, 'audit');
  const args = argumentsObject(options, 'audit(options)');
  optionalPositiveInteger(args['timeoutMs'], 'audit: timeoutMs');
  optionalFunction<(done: number, total: number) => void>(args['onProgress'], 'audit: onProgress');
  return (await auditWithStats(world, options)).result;
}

/**
 * One shard of the audit (`audit --shard I/N`): the keys whose ARN hashes to shard `shard.index` of `shard.count`,
 * as a self-contained partial result for `mergeAuditShards`.
 */
export async function auditShard(world: World, shard: Shard, options: AuditOptions = {}): Promise<AuditShardResult> {
  const keys = [...world.keys.values()];
  const indices = keys.flatMap((key, i) => (shardOfKey(key.arn, shard.count) === shard.index ? [i] : []));
  const { parts } = await answerKeys(world, indices, limitsFrom(options), options);
  const accounts = shard.index === 0 ? await auditAccountsPart((await z3Engine()).runtime, world, limitsFrom(options)) : undefined;
  return {
    format: SHARD_FORMAT, formatVersion: 1, keyproof: packageVersion(), worldHash: worldContentHash(world), world: world.file,
    shard, keyCount: keys.length, keys: indices.map((index) => ({ index, part: parts.get(index)! })),
    worldUndecided: worldUndecided(world, keys, true),
    ...(accounts ? { accounts } : {}),
    ...(world.organization ? { organization: auditOrganizationOf(world)! } : {}),
  };
}

/** The audit from every shard's partial result; refuses (InputError) parts of different worlds, duplicates, gaps. */
export function mergeAuditShards(parts: readonly ShardInput[]): AuditResult {
  return mergeShards(parts);
}
