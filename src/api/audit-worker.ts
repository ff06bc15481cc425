/**
 * The entry of an audit worker thread (`audit --jobs N`, audit-workers.ts): it receives the world (a structured
 * clone of the loaded world, which costs far less than loading the file again) and the solver limits, starts its
 * own Z3, answers the keys it is sent one at a time, and closes Z3 when told to stop, so that the thread exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { callersOfWorld } from '../request/caller.js';
import { auditKeyPart } from '../questions/audit/key-part.js';
import type { Key } from '../world/model.js';
import { closeEngines, z3Engine } from './engine-instance.js';
import type { ToWorker, FromWorker, WorkerSetup } from './audit-workers.js';

const port = parentPort!;
const { world, limits } = workerData as WorkerSetup;
const keys: Key[] = [...world.keys.values()];
const callers = callersOfWorld(world);

const post = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  void (async () => {
    if (message.kind === 'stop') {
      await closeEngines();
      port.close();
      return;
    }
    try {
      const engine = await z3Engine();
      const part = await auditKeyPart(engine.runtime, world, keys[message.index]!, callers, limits);
      post({ kind: 'part', index: message.index, part });
    } catch (error) {
      post({ kind: 'failed', index: message.index, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack ?? '' : '' });
    }
  })();
});
post({ kind: 'ready' });
