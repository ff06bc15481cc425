/** who-can per key: wall time of `whoCan` for a sample of keys (kms:Decrypt), in process, within a budget. */
import { closeEngines, whoCan } from '../../src/index.js';
import type { World } from '../../src/world/model.js';
import { median, quantile } from './timing.js';

export interface WhoCanRun {
  available: true;
  action: string;
  keysMeasured: number;
  keysInWorld: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Principals and classes found, summed over the keys measured. */
  principalsFound: number;
  classesFound: number;
  incomplete: number;
  budgetSeconds: number;
  budgetExceeded: boolean;
}

export async function measureWhoCan(world: World, maxKeys: number, budgetSeconds: number): Promise<WhoCanRun> {
  const action = 'kms:Decrypt';
  const keys = [...world.keys.values()].slice(0, maxKeys);
  const times: number[] = [];
  let principalsFound = 0;
  let classesFound = 0;
  let incomplete = 0;
  const deadline = performance.now() + budgetSeconds * 1000;
  let budgetExceeded = false;
  try {
    for (const key of keys) {
      if (performance.now() > deadline) { budgetExceeded = true; break; }
      const start = performance.now();
      const result = await whoCan(world, { key: key.arn, action });
      times.push(performance.now() - start);
      principalsFound += result.principals.length;
      classesFound += result.classes.length;
      if (!result.complete) incomplete++;
    }
  } finally {
    await closeEngines();
  }
  return {
    available: true, action, keysMeasured: times.length, keysInWorld: world.keys.size,
    medianMs: median(times), p95Ms: quantile(times, 0.95), maxMs: Math.max(0, ...times),
    principalsFound, classesFound, incomplete, budgetSeconds, budgetExceeded,
  };
}
