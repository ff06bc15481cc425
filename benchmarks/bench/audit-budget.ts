/**
 * The wall time of a full `audit`, within a time budget: past the budget the audit process is stopped and the
 * result says how far it got, and what the whole would take at that pace, rather than hanging the benchmark.
 */
import type { AuditEvent } from './audit-child.js';
import { runJsonLinesChild } from './child-process.js';

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
}

/** How long loading the world may take, on top of the budget, before the audit process is stopped. */
export const LOAD_ALLOWANCE_SECONDS = 300;

export async function runAuditWithBudget(childScript: string, worldFile: string, budgetSeconds: number): Promise<AuditRun> {
  const run: AuditRun = { status: 'failed', budgetSeconds };
  const startedAt = performance.now();
  let loadedAt: number | undefined;
  const outcome = await runJsonLinesChild<AuditEvent>(childScript, [worldFile], (event) => {
    if (event.event === 'loaded') {
      run.loadSeconds = event.seconds;
      loadedAt = performance.now();
    }
    if (event.event === 'progress') Object.assign(run, { seconds: event.seconds, done: event.done, total: event.total });
    if (event.event === 'finished') {
      Object.assign(run, { status: 'completed', seconds: event.seconds, keys: event.keys, findings: event.findings, maxRssMb: event.maxRssMb });
    }
  }, () => {
    // The budget covers the audit, not the loading, which is measured on its own (but may not take forever either).
    const now = performance.now();
    if (loadedAt !== undefined) return now - loadedAt > budgetSeconds * 1000;
    return now - startedAt > (budgetSeconds + LOAD_ALLOWANCE_SECONDS) * 1000;
  });
  if (outcome.stopped) {
    run.status = 'exceeded budget';
    // Projected from the last progress report (its time and count go together), then the time actually spent.
    if (run.done && run.total && run.seconds) run.projectedSeconds = (run.seconds * run.total) / run.done;
    if (loadedAt !== undefined) run.seconds = (performance.now() - loadedAt) / 1000;
  } else if (run.status !== 'completed') {
    run.failure = `exit code ${outcome.exitCode}: ${outcome.stderrTail.slice(0, 500)}`;
  }
  return run;
}
