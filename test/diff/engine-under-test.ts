/** The engine the differential test compares with the reference evaluator: the Z3 engine. */
export { createZ3Engine as createEngineUnderTest } from '../../src/engine/z3-engine.js';
