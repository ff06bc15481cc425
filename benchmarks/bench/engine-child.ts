/**
 * Measures one engine on one world in a process of its own (see engines.ts). Arguments: a JSON settings object.
 * Prints JSON lines: `set` as each set of requests is measured, then `finished` with the whole result.
 */
import type { Engine } from '../../src/index.js';
import { loadWorld } from '../../src/index.js';
import { measureEngine, type EngineResult, type SetResult } from './engines.js';
import { peakRssMb } from './environment.js';
import { sampleRequests, type SampleOptions } from './requests.js';

export interface EngineChildSettings {
  worldFile: string;
  engine: Engine;
  sample: SampleOptions;
  minWarmMs: number;
  budgetMs: number;
}

export type EngineEvent =
  | { event: 'set'; set: 'direct' | 'transitive'; result: SetResult }
  | { event: 'finished'; result: EngineResult };

function emit(event: EngineEvent): void {
  process.stdout.write(JSON.stringify(event) + '\n');
}

const settings = JSON.parse(process.argv[2] ?? '{}') as EngineChildSettings;
const world = loadWorld(settings.worldFile);
const requests = sampleRequests(world, settings.sample);
const result = await measureEngine(world, settings.engine, requests, settings.minWarmMs, settings.budgetMs, (set, r) => emit({ event: 'set', set, result: r }));
emit({ event: 'finished', result: { ...result, maxRssMb: peakRssMb() } });
// An engine may keep worker threads that would hold the process open.
process.exit(0);
