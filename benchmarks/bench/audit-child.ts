/**
 * Runs keyproof's `audit` on one world in a process of its own, so that the benchmark can stop it when it
 * exceeds its time budget and can read the audit's own peak memory (the symbolic audit, with its Z3 engine). Reports progress
 * as JSON lines on stdout: `loaded`, then `progress` now and then, then `finished`.
 */
import { audit, closeEngines, loadWorld } from '../../src/index.js';
import { peakRssMb } from './environment.js';

export interface AuditEvent {
  event: 'loaded' | 'progress' | 'finished';
  seconds: number;
  done?: number;
  total?: number;
  keys?: number;
  findings?: number;
  maxRssMb?: number;
}

function emit(event: AuditEvent): void {
  process.stdout.write(JSON.stringify(event) + '\n');
}

const worldFile = process.argv[2];
if (!worldFile) {
  process.stderr.write('usage: audit-child WORLD_FILE\n');
  process.exit(2);
}
let start = performance.now();
const world = loadWorld(worldFile);
emit({ event: 'loaded', seconds: (performance.now() - start) / 1000 });
start = performance.now();
let lastReport = 0;
const result = await audit(world, {
  onProgress: (done: number, total: number) => {
    const now = performance.now();
    if (now - lastReport < 500 && done < total) return;
    lastReport = now;
    emit({ event: 'progress', seconds: (now - start) / 1000, done, total });
  },
});
await closeEngines();
emit({ event: 'finished', seconds: (performance.now() - start) / 1000, keys: result.keys.length, findings: result.findings.length, maxRssMb: peakRssMb() });
