/**
 * The engine the differential test compares with the reference evaluator. Until src/engine/z3-engine.ts exists it is
 * the reference stand-in; to test the Z3 engine, replace the export below with:
 *
 *   export { createZ3Engine as createEngineUnderTest } from '../../src/engine/z3-engine.js';
 */
export { createReferenceStandIn as createEngineUnderTest } from './reference-stand-in.js';
