/**
 * `audit --jobs N`: keys answered on N worker threads, each with its own Z3 (src/api/audit-worker.ts). Keys are
 * handed out one at a time to whichever worker is free; each answer is a key's part (key-part.ts), returned with
 * the key's place in the world, so the caller puts the audit together in the world's order whatever finished
 * first. A worker's error stops the audit with that error (an InternalError stays one).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Limits } from '../engine/limits.js';
import { InternalError } from '../errors.js';
import type { KeyAuditPart } from '../questions/audit/key-part.js';
import type { World } from '../world/model.js';

export interface WorkerSetup {
  world: World;
  limits: Limits;
}

export type ToWorker = { kind: 'key'; index: number } | { kind: 'stop' };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'part'; index: number; part: KeyAuditPart }
  | { kind: 'failed'; index: number; name: string; message: string; stack: string };

/**
 * The worker's compiled entry: next to this module once built (dist/src/api/); from the source tree (tests run
 * the sources), the built copy in dist/, which `npm run build` makes.
 */
function workerEntry(): URL {
  for (const candidate of [new URL('./audit-worker.js', import.meta.url), new URL('../../dist/src/api/audit-worker.js', import.meta.url)]) {
    if (existsSync(fileURLToPath(candidate))) return candidate;
  }
  throw new InternalError('the audit worker (dist/src/api/audit-worker.js) is missing: run `npm run build`');
}

/** Answers the keys at `indices` (places in world.keys) on `jobs` threads; `onPart` is called as each arrives. */
export async function partsOnWorkers(
  world: World, indices: readonly number[], limits: Limits, jobs: number, onPart: (index: number, part: KeyAuditPart) => void,
): Promise<void> {
  const queue = [...indices];
  const entry = workerEntry();
  const setup: WorkerSetup = { world, limits };
  const workers: Worker[] = [];
  const exited = new Set<Worker>();
  try {
    await new Promise<void>((resolve, reject) => {
      let pending = queue.length;
      let failed = false;
      const fail = (error: Error) => { if (!failed) { failed = true; reject(error); } };
      if (pending === 0) { resolve(); return; }
      const give = (worker: Worker) => {
        const index = queue.shift();
        if (index !== undefined) worker.postMessage({ kind: 'key', index } satisfies ToWorker);
      };
      for (let i = 0; i < Math.min(jobs, queue.length); i++) {
        const worker = new Worker(entry, { workerData: setup });
        workers.push(worker);
        worker.on('message', (message: FromWorker) => {
          if (failed) return;
          if (message.kind === 'ready') return give(worker);
          if (message.kind === 'failed') {
            const error = new InternalError(`${message.message}${message.name === 'InternalError' ? '' : `\n(in an audit worker, on key number ${message.index})\n${message.stack}`}`);
            return fail(error);
          }
          onPart(message.index, message.part);
          if (--pending === 0) resolve();
          else give(worker);
        });
        worker.on('error', (error) => fail(new InternalError(`an audit worker failed: ${error.stack ?? error.message}`)));
        worker.on('exit', (code) => { exited.add(worker); if (pending > 0) fail(new InternalError(`an audit worker stopped (exit code ${code}) before the audit was done`)); });
      }
    });
  } finally {
    await Promise.all(workers.filter((worker) => !exited.has(worker)).map((worker) => stop(worker)));
  }
}

/** Asks a worker to close its Z3 and exit; one that does not within a few seconds is terminated. */
function stop(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { void worker.terminate().then(() => resolve()); }, 5000);
    worker.once('exit', () => { clearTimeout(timer); resolve(); });
    worker.postMessage({ kind: 'stop' } satisfies ToWorker);
  });
}
