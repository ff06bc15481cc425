/**
 * The process's Z3 engine, started on first use (Z3 takes about 0.5 s to start) and shared by every question.
 * Loaded lazily, so that the reference engine and the other commands do not pay for Z3.
 */
import type { Z3Engine } from '../engine/z3-engine.js';

let running: Promise<Z3Engine> | undefined;

export function z3Engine(): Promise<Z3Engine> {
  running ??= import('../engine/z3-engine.js').then((m) => m.createZ3Engine());
  return running;
}

/** Stops Z3's worker threads so the process can exit; the next question starts Z3 again. */
export async function closeEngines(): Promise<void> {
  const engine = running;
  running = undefined;
  if (engine) await (await engine).close();
}
