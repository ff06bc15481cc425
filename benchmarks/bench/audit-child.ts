/**
 * Runs keyproof's `audit` on one world in a process of its own, so that the benchmark can stop it when it
 * exceeds its time budget and can read the audit's own peak memory (the symbolic audit, its worker threads and
 * their Z3s: one process). Reports progress as JSON lines on stdout: `loaded`, then `progress` now and then, then
 * `finished`; with `--incremental`, then `edited` and `reaudited` (one key policy changed, audited again with
 * the cache of the first run).
 *
 * usage: audit-child WORLD_FILE [--jobs N] [--shard I/N] [--cache DIR] [--incremental]
 */
import { parseArgs } from 'node:util';
import { auditShard, auditWithStats, closeEngines, loadWorld, parseShard, type AuditOptions } from '../../src/index.js';
import { peakRssMb } from './environment.js';
import { editOneKeyPolicy } from './edit-key-policy.js';

export interface AuditEvent {
  event: 'loaded' | 'progress' | 'finished' | 'edited' | 'reaudited';
  seconds: number;
  done?: number;
  total?: number;
  keys?: number;
  findings?: number;
  maxRssMb?: number;
  /** reaudited: keys read from the cache and keys asked again. */
  cached?: number;
  asked?: number;
  /** edited: what was changed. */
  edit?: string;
}

function emit(event: AuditEvent): void {
  process.stdout.write(JSON.stringify(event) + '\n');
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { jobs: { type: 'string', default: '1' }, shard: { type: 'string' }, cache: { type: 'string' }, incremental: { type: 'boolean', default: false } },
});
const worldFile = positionals[0];
if (!worldFile || (values.incremental && !values.cache)) {
  process.stderr.write('usage: audit-child WORLD_FILE [--jobs N] [--shard I/N] [--cache DIR] [--incremental (needs --cache)]\n');
  process.exit(2);
}
let start = performance.now();
const world = loadWorld(worldFile);
emit({ event: 'loaded', seconds: (performance.now() - start) / 1000 });
start = performance.now();
let lastReport = 0;
const options: AuditOptions = {
  jobs: Number(values.jobs),
  ...(values.cache ? { cacheDir: values.cache } : {}),
  onProgress: (done: number, total: number) => {
    const now = performance.now();
    if (now - lastReport < 500 && done < total) return;
    lastReport = now;
    emit({ event: 'progress', seconds: (now - start) / 1000, done, total });
  },
};
if (values.shard) {
  const shard = parseShard(values.shard);
  if ('error' in shard) { process.stderr.write(`--shard: ${shard.error}\n`); process.exit(2); }
  const part = await auditShard(world, shard, options);
  emit({ event: 'finished', seconds: (performance.now() - start) / 1000, keys: part.keys.length, findings: part.keys.reduce((n, k) => n + k.part.findings.length, 0), maxRssMb: peakRssMb() });
} else {
  const { result } = await auditWithStats(world, options);
  emit({ event: 'finished', seconds: (performance.now() - start) / 1000, keys: result.keys.length, findings: result.findings.length, maxRssMb: peakRssMb() });
  if (values.incremental) {
    const edit = editOneKeyPolicy(world);
    emit({ event: 'edited', seconds: 0, edit });
    start = performance.now();
    // As a user would run it again: the world read anew from its files, then the audit with the same cache.
    const { stats } = await auditWithStats(loadWorld(worldFile), { ...options, onProgress: () => {} });
    emit({ event: 'reaudited', seconds: (performance.now() - start) / 1000, cached: stats.cached, asked: stats.asked, maxRssMb: peakRssMb() });
  }
}
await closeEngines();
