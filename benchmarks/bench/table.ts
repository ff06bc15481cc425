/** The benchmark's printed summary: one row per figure, one column per world, targets marked met or missed. */
import { basename, dirname } from 'node:path';
import type { SetResult } from './engines.js';
import { TARGETS, type BenchResult, type WorldResult } from './results.js';

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : String(n));
const secs = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1)) + ' s';
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function rate(set: SetResult | undefined): string {
  if (!set) return '-';
  const errors = set.errors > 0 ? `, ${set.errors} errors` : '';
  const reached = set.requests + set.errors < set.sampled ? `; time budget: timed on ${set.requests} of ${set.sampled}` : '';
  return `${int(set.warmPerSecond)}/s warm (${int(set.firstPassPerSecond)}/s first pass; ${set.allowed}/${set.requests} allowed${errors}${reached})`;
}

function engineRows(world: WorldResult): Array<[string, string]> {
  return world.engines.flatMap((e): Array<[string, string]> => e.available
    ? [
      [`checks, ${e.engine}, direct`, rate(e.direct)], [`checks, ${e.engine}, transitive`, rate(e.transitive)],
      ...(e.stalled ? [[`checks, ${e.engine}`, `FAILED: ${e.stalled}`] as [string, string]] : []),
      ...(e.maxRssMb ? [[`  ${e.engine} process peak RSS`, `${e.maxRssMb} MB`] as [string, string]] : []),
    ]
    : [[`checks, ${e.engine}`, `not available (${e.reason})`]]);
}

function peerRows(world: WorldResult): Array<[string, string]> {
  const p = world.peer;
  if (!p) return [['peer', world.peerFailure ? `failed: ${world.peerFailure}` : '-']];
  const kinds = Object.entries(p.byKind).map(([k, n]) => `${n} ${k}`).join(', ');
  return [
    ['peer requests', `${p.requests} (${p.sameAccount} same-account, ${p.crossAccount} cross-account; no grants, no role assumption)`],
    ['  keyproof reference', `${int(p.keyproof.warmPerSecond)}/s`],
    [`  ${p.peer} runSimulation`, `${int(p.peerValidated.warmPerSecond)}/s`],
    [`  ${p.peer} runUnsafeSimulation`, 'warmPerSecond' in p.peerUnsafe ? `${int(p.peerUnsafe.warmPerSecond)}/s` : `not measured: ${p.peerUnsafe.reason}`],
    ['  ratio keyproof/peer', `${p.ratio.toFixed(1)}x${p.ratioToUnsafe ? ` (to unvalidated: ${p.ratioToUnsafe.toFixed(1)}x)` : ''}; target >= ${TARGETS.peerRatio}x: ${verdict(p.ratio >= TARGETS.peerRatio)}`],
    ['  disagreements', `${p.disagreements.length} of ${p.requests}${kinds ? ` (${kinds})` : ''}`],
  ];
}

function auditRow(world: WorldResult): string {
  const a = world.audit;
  if (!a) return '-';
  const how = `--jobs ${a.jobs ?? 1}${a.shard ? `, shard ${a.shard.index}/${a.shard.count}` : ''}: `;
  const allShards = a.projectedAllShardsSeconds !== undefined && a.shard
    ? `; all ${a.shard.count} shards on one machine, projected ${secs(a.projectedAllShardsSeconds)} (on ${a.shard.count} machines ≈ the slowest shard)` : '';
  const memory = a.maxRssMb !== undefined ? `; audit process peak RSS ${a.maxRssMb} MB${a.maxRssMb > TARGETS.memoryMbAtL ? ' (over 4 GB)' : ''}` : '';
  if (a.status === 'completed') return `${how}${secs(a.seconds ?? 0)} (${a.keys} keys, ${a.findings} findings${memory}; its load ${secs(a.loadSeconds ?? 0)})${allShards}`;
  if (a.status === 'failed') return `${how}failed: ${a.failure}`;
  const progress = a.done && a.total
    ? ` after ${((100 * a.done) / a.total).toFixed(1)}% (${a.done}/${a.total} keys)`
    : ' before its first progress report (no key done)';
  const projected = a.projectedSeconds ? `; projected ${secs(a.projectedSeconds)}` : '';
  return `${how}exceeded budget of ${a.budgetSeconds} s${progress}${projected}${allShards}`;
}

function incrementalRow(world: WorldResult): string {
  const i = world.audit?.incremental;
  if (!i) return world.audit?.shard ? 'not measured (sharded audit)' : '-';
  if (i.status !== 'completed') return `${i.status}${world.audit?.failure ? `: ${world.audit.failure}` : ''}`;
  return `${secs(i.seconds ?? 0)} with --cache after one key policy edit, world load included (${i.asked} keys asked, ${i.cached} from the cache); target at L <= ${TARGETS.incrementalSecondsAtL} s`;
}

function rows(world: WorldResult): Array<[string, string]> {
  const c = world.counts;
  const r = world.requests;
  const generation = world.generation;
  return [
    ['world', `${basename(dirname(world.file))}/${basename(world.file)}`],
    ['size', `${c.accounts} accounts, ${c.users + c.roles} principals (${c.users} users, ${c.roles} roles), ${c.keys} keys, ${c.grants} grants`],
    ...(generation ? [['generation', generation.generated ? secs(generation.seconds) : 'up to date on disk'] as [string, string]] : []),
    ['world load (in process)', secs(world.loadSeconds)],
    ['requests', `${r.total}: ${r.direct} direct, ${r.transitive} transitive; ${r.crossAccount} cross-account; ${r.withContext} with context; ${r.throughAlias} by alias`],
    ...engineRows(world),
    ...peerRows(world),
    ...world.coldChecks.map((cold): [string, string] => [`cold \`keyproof check --engine ${cold.engine}\`${cold.worldCache ? ' (KEYPROOF_WORLD_CACHE)' : ''}`, cold.failure
      ? `failed: ${cold.failure}`
      : `median ${int(cold.medianMs)} ms over ${cold.runs} runs (min ${int(cold.minMs)}, max ${int(cold.maxMs)}); target < ${TARGETS.coldCheckMs} ms: ${verdict(cold.medianMs < TARGETS.coldCheckMs)}${cold.agreesWithLibrary === false ? `; answered ${cold.decision}, the library (reference) another way` : ''}`]),
    ['who-can per key', world.whoCan.available
      ? `median ${int(world.whoCan.medianMs)} ms, p95 ${int(world.whoCan.p95Ms)} ms, max ${int(world.whoCan.maxMs)} ms over ${world.whoCan.keysMeasured} of ${world.whoCan.keysInWorld} keys (${world.whoCan.action}; ${world.whoCan.principalsFound} principals, ${world.whoCan.classesFound} classes found${world.whoCan.incomplete ? `, ${world.whoCan.incomplete} incomplete` : ''}${world.whoCan.budgetExceeded ? `, budget ${world.whoCan.budgetSeconds} s exceeded` : ''}); target at L < ${TARGETS.whoCanMedianMsAtL} ms`
      : `not available (${world.whoCan.reason})`],
    ['audit (symbolic, Z3; every key, every operation)', auditRow(world)],
    ['incremental re-audit', incrementalRow(world)],
  ];
}

export function renderTable(result: BenchResult): string {
  const env = result.environment;
  const lines = [
    `keyproof benchmark, size ${result.size}${result.smoke ? ' (smoke)' : ''}: ${env.machine.cpuModel}, ${env.machine.cpus} CPUs, ${env.machine.totalMemoryGb} GB; `
      + `Node ${env.versions.node}, keyproof ${env.versions.keyproof} (${env.commit}), z3-solver ${env.versions.z3Solver}, peer ${env.versions.iamSimulate}`,
  ];
  for (const world of result.worlds) {
    const table = rows(world);
    const width = Math.max(...table.map(([label]) => label.length));
    lines.push('', ...table.map(([label, value]) => `${label.padEnd(width)}  ${value}`));
  }
  for (const graph of result.roleGraphs ?? []) {
    const target = graph.shape === 'chain' ? TARGETS.roleChainSeconds : TARGETS.completeRoleGraphSeconds;
    lines.push(`check --transitive, ${graph.shape} of ${graph.roles} roles, ${graph.engine}: ${graph.failure
      ? `failed (${graph.failure})`
      : `${graph.decision} (chain of ${graph.pathLength! - 1}) first ${secs(graph.firstSeconds!)}, warm ${secs(graph.warmSeconds!)}; target < ${target} s`}`);
  }
  lines.push('', `peak RSS of the benchmark process: ${result.peakRssMb} MB; total ${secs(result.totalSeconds)}`);
  return lines.join('\n') + '\n';
}
