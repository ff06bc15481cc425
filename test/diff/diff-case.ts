/** One case of the differential test: a generated world and a request resolved against it. */
import fc from 'fast-check';
import type { CheckRequest } from '../../src/reference/evaluator.js';
import type { World } from '../../src/world/model.js';
import { loadNativeWorld, nativeWorldArb } from './arbitrary-world.js';
import { requestChoiceArb, resolveRequest, toKmsRequest, type DiffRequest, type RequestChoice } from './arbitrary-request.js';
import type { NativeWorld } from './native-format.js';

export interface DiffCase {
  world: NativeWorld;
  choice: RequestChoice;
}

export const diffCaseArb: fc.Arbitrary<DiffCase> = fc.record({ world: nativeWorldArb, choice: requestChoiceArb });

export interface PreparedCase {
  world: World;
  request: DiffRequest;
  /** A request on a key, or for an operation that uses no key. */
  kmsRequest: CheckRequest;
}

/** Loads the world (with the loader's validation) and builds the request as `keyproof check` would. */
export function prepareCase(diffCase: DiffCase): PreparedCase {
  const world = loadNativeWorld(diffCase.world);
  const request = resolveRequest(world, diffCase.choice);
  return { world, request, kmsRequest: toKmsRequest(world, request) };
}
