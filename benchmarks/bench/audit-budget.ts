/**
 * The wall time of a full `audit`, within a time budget: past the budget the audit process is stopped and the
 * result says how far it got, and what the whole would take at that pace, rather than hanging the benchmark.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { AuditEvent } from './audit-child.js';
import { runJsonLinesChild } from './child-process.js';

export interface AuditRunOptions {
  /** Worker threads (`audit --jobs`). */
  jobs: number;
  /** Audit one shard only (`--shard I/N`); the whole is projected as N times its time, on one machine. */
  shard?: { index: number; count: number };
  /** After the full audit (with a cache), edit one key policy and audit again: the incremental re-audit. */
  incremental?: boolean;
}

export interface IncrementalRun {
  /** The second audit, after the edit, with the first run's cache (world loading included). */
  seconds?: number;
  cached?: number;
  asked?: number;
  edit?: string;
  status: 'completed' | 'not reached' | 'exceeded budget';
}

export interface AuditRun {
  status: 'completed' | 'exceeded budget' | 'failed';
  budgetSeconds: number;
  /** Loading the world in the audit process. */
  loadSeconds?: number;
  /** The audit itself (completed), or how long it ran before it was stopped. */
  seconds?: number;
  /** Probe-key pairs done, of all (each pair is every KMS operation on a key for one principal). */
  done?: number;
  total?: number;
  /** At the pace reached when stopped, the time the whole audit would take. */
  projectedSeconds?: number;
  keys?: number;
  findings?: number;
  maxRssMb?: number;
  failure?: string;
  jobs?: number;
  shard?: { index: number; count: number };
  /** Shard runs: the time of all shards on one machine at this shard's pace (the shard's time × N). */
  projectedAllShardsSeconds?: number;
  incremental?: IncrementalRun;
}

/** How long loading the world may take, on top of the budget, before the audit process is stopped. */
export const LOAD_ALLOWANCE_SECONDS = 300;

export async function runAuditWithBudget(childScript: string, worldFile: string, budgetSeconds: number, options: AuditRunOptions = { jobs: 1 }): Promise<AuditRun> {
  const run: AuditRun = { status: 'failed', budgetSeconds, jobs: options.jobs, ...(options.shard ? { shard: options.shard } : {}) };
  const args = [worldFile, '--jobs', String(options.jobs)];
  if (options.shard) args.push('--shard', `${options.shard.index}/${options.shard.count}`);
  // The incremental run edits a key policy: on a copy of the world's directory, with a cache of its own.
  let scratch: string | undefined;
  if (options.incremental && !options.shard) {
    scratch = mkdtempSync(join(tmpdir(), 'keyproof-bench-incremental-'));
    const copy = join(scratch, 'world');
    cpSync(dirname(worldFile), copy, { recursive: true });
    args[0] = join(copy, basename(worldFile));
    args.push('--cache', join(scratch, 'cache'), '--incremental');
    run.incremental = { status: 'not reached' };
  }
  const startedAt = performance.now();
  let loadedAt: number | undefined;
  let finishedAt: number | undefined;
  const outcome = await runJsonLinesChild<AuditEvent>(childScript, args, (event) => {
    if (event.event === 'loaded') {
      run.loadSeconds = event.seconds;
      loadedAt = performance.now();
    }
    if (event.event === 'progress') Object.assign(run, { seconds: event.seconds, done: event.done, total: event.total });
    if (event.event === 'finished') {
      Object.assign(run, { status: 'completed', seconds: event.seconds, keys: event.keys, findings: event.findings, maxRssMb: event.maxRssMb });
      finishedAt = performance.now();
    }
    if (event.event === 'edited' && run.incremental) run.incremental.edit = event.edit;
    if (event.event === 'reaudited' && run.incremental) {
      Object.assign(run.incremental, { status: 'completed', seconds: event.seconds, cached: event.cached, asked: event.asked });
      run.maxRssMb = Math.max(run.maxRssMb ?? 0, event.maxRssMb ?? 0);
    }
  }, () => {
    // The budget covers the audit, not the loading, which is measured on its own (but may not take forever either).
    // The incremental re-audit, after it, gets a budget of the same length.
    const now = performance.now();
    if (finishedAt !== undefined) return now - finishedAt > budgetSeconds * 1000;
    if (loadedAt !== undefined) return now - loadedAt > budgetSeconds * 1000;
    return now - startedAt > (budgetSeconds + LOAD_ALLOWANCE_SECONDS) * 1000;
  });
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  if (outcome.stopped && run.status === 'completed') {
    if (run.incremental) run.incremental.status = 'exceeded budget';
  } else if (outcome.stopped) {
    run.status = 'exceeded budget';
    // Projected from the last progress report (its time and count go together), then the time actually spent.
    if (run.done && run.total && run.seconds) run.projectedSeconds = (run.seconds * run.total) / run.done;
    if (loadedAt !== undefined) run.seconds = (performance.now() - loadedAt) / 1000;
  } else if (run.status !== 'completed' || (run.incremental && run.incremental.status !== 'completed')) {
    run.failure = `exit code ${outcome.exitCode}: ${outcome.stderrTail.slice(0, 500)}`;
  }
  if (options.shard) {
    const pace = run.status === 'completed' ? run.seconds : run.projectedSeconds;
    if (pace !== undefined) run.projectedAllShardsSeconds = pace * options.shard.count;
  }
  return run;
}
