/** One role-graph case (role-graphs.ts) in a process of its own: prints its result as one JSON line. */
import { closeEngines, type Engine } from '../../src/index.js';
import { measureRoleGraph } from './role-graphs.js';
import type { RoleGraphShape } from '../generate/role-graphs.js';

const [shape, roles, engine] = process.argv.slice(2);
const result = await measureRoleGraph(shape as RoleGraphShape, Number(roles), engine as Engine);
process.stdout.write(`${JSON.stringify(result)}\n`);
await closeEngines();
process.exit(0);
