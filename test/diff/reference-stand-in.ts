/**
 * The reference evaluator behind the Engine interface: it stands in for the Z3 engine until that exists, so that the
 * harness itself runs (and must find every case agreeing).
 */
import { checkWithReference } from '../../src/reference/evaluator.js';
import type { Engine } from './engine.js';

export async function createReferenceStandIn(): Promise<Engine> {
  return {
    check: async (world, request, options = {}) => checkWithReference(world, request, { transitive: options.transitive ?? false }),
    close: () => {},
  };
}
