/**
 * `which keys are public` and `which keys are external` (issue 4, item 5): for every key of the world and every KMS
 * operation on a key, whether some principal outside the world could perform it for some request context.
 * - public: the `anyone` class, any principal of any AWS account the world neither describes nor names;
 * - external: every class outside the organization (the accounts that policies and grants name but the
 *   organization does not hold, and anyone); without an organization, outside the world's accounts.
 * Each answer is src/questions/access/key-access.ts's `classAccess` (one question per class of alike operations): Z3 over a
 * symbolic request, its example checked by the reference evaluator.
 */
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { Limits } from '../../engine/solve-question.js';
import { KEY_OPERATIONS } from '../../kms/operations.js';
import type { Key, World } from '../../world/model.js';
import { classOutsideOrganization, principalClasses, type PrincipalClass } from '../symbolic/principal-classes.js';
import { classAccess } from './key-access.js';
import { whoCanClassEntry, type WhoCanClass } from './who-can.js';
import { describeIncompletePart, incompletePartsAffecting } from './incomplete-parts.js';

export type ExposureQuestion = 'public' | 'external';

export interface ExposedOperation {
  action: string;
  /** The classes outside that can perform it, each with its conditions and a verified example. */
  classes: WhoCanClass[];
}

export interface ExposedKey {
  key: string;
  aliases: string[];
  operations: ExposedOperation[];
}

export interface ExposedKeysResult {
  question: ExposureQuestion;
  /** Only the keys with at least one operation that a class outside can perform. */
  keys: ExposedKey[];
  complete: boolean;
  /** What could not be decided, when `complete` is false. */
  undecided: string[];
}


function classesAsked(world: World, key: Key, question: ExposureQuestion): PrincipalClass[] {
  const classes = principalClasses(world, key);
  return question === 'public' ? classes.filter((c) => c.kind === 'anyone') : classes.filter((c) => classOutsideOrganization(world, key, c));
}

export async function exposedKeys(rt: QuestionRuntime, world: World, question: ExposureQuestion, limits: Limits): Promise<ExposedKeysResult> {
  const keys: ExposedKey[] = [];
  const undecided: string[] = [];
  for (const key of world.keys.values()) {
    const byAction = new Map<string, WhoCanClass[]>();
    for (const cls of classesAsked(world, key, question)) {
      const open: string[] = [];
      for (const found of await classAccess(rt, world, key, KEY_OPERATIONS, cls, limits, open)) {
        byAction.set(found.operation.action, [...(byAction.get(found.operation.action) ?? []), whoCanClassEntry(world, key, found)]);
      }
      undecided.push(...open.map((u) => `${key.arn}: ${u}`));
    }
    const operations = KEY_OPERATIONS.filter((op) => byAction.has(op.action)).map((op) => ({ action: op.action, classes: byAction.get(op.action)! }));
    if (operations.length > 0) keys.push({ key: key.arn, aliases: [...key.aliases], operations });
  }
  undecided.push(...incompletePartsAffecting(world, { keys: [...world.keys.values()], everyKey: true }).map(describeIncompletePart));
  return { question, keys, complete: undecided.length === 0, undecided };
}
