/**
 * Runs each engine's measurement in its own process (engine-child.ts) and collects the results. A process that
 * crashes (an engine out of memory) or runs far past its budget is stopped; what it measured before is kept.
 */
import type { EngineChildSettings, EngineEvent } from './engine-child.js';
import { ENGINES, type EngineResult } from './engines.js';
import { runJsonLinesChild } from './child-process.js';

/** Loading the world in the engine's process (53 s at XL on the reference machine). */
const ENGINE_LOAD_ALLOWANCE_MS = 120_000;

export async function measureEnginesInProcesses(childScript: string, settings: Omit<EngineChildSettings, 'engine'>): Promise<EngineResult[]> {
  const results: EngineResult[] = [];
  for (const engine of ENGINES) {
    const partial: EngineResult = { engine, available: true };
    let finished: EngineResult | undefined;
    const start = performance.now();
    // Two sets, each a budgeted first pass and a warm pass about as long, plus loading the world.
    const limitMs = 4 * (settings.budgetMs + settings.minWarmMs) + ENGINE_LOAD_ALLOWANCE_MS;
    const outcome = await runJsonLinesChild<EngineEvent>(childScript, [JSON.stringify({ ...settings, engine })], (event) => {
      if (event.event === 'set') partial[event.set] = event.result;
      else finished = event.result;
    }, () => performance.now() - start > limitMs);
    if (finished) {
      results.push(finished);
      continue;
    }
    const why = outcome.stopped ? `no result within ${Math.round(limitMs / 1000)} s` : `the process ended with exit code ${outcome.exitCode}`;
    const last = outcome.stderrTail.split('\n').filter((l) => l.trim() !== '').slice(-1)[0] ?? '';
    partial.stalled = `${why} while measuring ${partial.direct ? 'transitive' : 'direct'} requests${last ? `: ${last.slice(0, 400)}` : ''}`;
    results.push(partial);
  }
  return results;
}
