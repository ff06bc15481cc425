/**
 * `who-can`: for a key and an operation, every principal of the world that can perform it for at least one
 * request context (directly or through roles), and the classes of principals outside the world that could.
 * The answers are src/questions/access/key-access.ts's for one operation: Z3's over a symbolic request context, each
 * example checked by the reference evaluator before it is reported.
 */
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { Limits } from '../../engine/solve-question.js';
import type { KmsOperation } from '../../kms/operations.js';
import { callersOfWorld, identityOf, type Caller } from '../../request/caller.js';
import type { Key, World } from '../../world/model.js';
import type { Requirement } from './requirements.js';
import { viaOf } from './explanation.js';
import {
  chainedAccess, chainedVerified, classAccess, describeAccess, describeClassAccess, directAccess, type Allowed, type ChainedAllowed, type ClassAllowed,
} from './key-access.js';
import { describeIncompletePart, incompletePartsAffecting } from './incomplete-parts.js';
import { principalClasses, type PrincipalClass } from '../symbolic/principal-classes.js';
import type { SymbolicChain } from '../symbolic/role-steps.js';
import { missingPartsFor } from './missing-parts.js';

export interface WhoCanPrincipal {
  arn: string;
  via: Array<'key-policy' | 'iam-policy' | 'grant'>;
  conditions: string[];
  /** The conditions as data: per request on the path (each role assumed, then the KMS request), what must hold. */
  requires: Requirement[];
  path: string[];
  /** A request context under which it is allowed (checked by the reference evaluator). */
  example: Record<string, string[]>;
}

export interface WhoCanClass {
  kind: PrincipalClass['kind'];
  value: string;
  conditions: string[];
  requires: Requirement[];
  /** One principal of the class and a request context under which it is allowed (checked by the reference). */
  example: { principal: string; context: Record<string, string[]> };
}

export interface WhoCanResult {
  key: string;
  action: string;
  principals: WhoCanPrincipal[];
  classes: WhoCanClass[];
  complete: boolean;
  /** What could not be decided, when `complete` is false. */
  undecided: string[];
}

/** An identity's entry: the access as every question describes it (describeAccess). */
function principalEntry(world: World, key: Key, found: Allowed | ChainedAllowed): WhoCanPrincipal {
  const { via, conditions, requires, path, example } = describeAccess(world, key, found);
  return { arn: identityOf(found.caller), via, conditions, requires, path, example: Object.fromEntries(example) };
}

/** A class's entry in a who-can answer. */
export function whoCanClassEntry(world: World, key: Key, found: ClassAllowed): WhoCanClass {
  const { via: _via, conditions, requires } = describeClassAccess(world, key, found);
  return {
    kind: found.cls.kind, value: found.cls.value, conditions, requires,
    example: { principal: found.example.arn, context: Object.fromEntries(found.outcome.context) },
  };
}

export async function askWhoCan(rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, limits: Limits): Promise<WhoCanResult> {
  // Data the world lacks for this key (grants, aliases, key state...) can change who can use it.
  const undecided: string[] = missingPartsFor(world, [key]);
  const callers = callersOfWorld(world);
  const direct = await directAccess(rt, world, key, [operation], callers, limits, undecided);
  const chained = await chainedAccess(rt, world, key, [operation], callers, direct, limits, undecided);
  const principals: WhoCanPrincipal[] = [];
  for (const caller of callers) {
    const id = identityOf(caller);
    const found = direct.get(id)?.get(operation.action);
    const through = chained.get(id)?.get(operation.action);
    const entry = found ?? through;
    if (entry) principals.push(principalEntry(world, key, entry));
  }
  const classes: WhoCanClass[] = [];
  for (const cls of principalClasses(world, key)) {
    const found = await classCan(rt, world, key, operation, cls, limits, undecided);
    if (found) classes.push(found);
  }
  undecided.push(...incompletePartsAffecting(world, { keys: [key], everyKey: false }).map(describeIncompletePart));
  return { key: key.arn, action: operation.action, principals, classes, complete: undecided.length === 0, undecided };
}

/** Whether some principal of a class outside the world can perform the operation (example verified). */
export async function classCan(
  rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, cls: PrincipalClass, limits: Limits, undecided: string[],
): Promise<WhoCanClass | undefined> {
  const [found] = await classAccess(rt, world, key, [operation], cls, limits, undecided);
  return found ? whoCanClassEntry(world, key, found) : undefined;
}

/**
 * Whether one caller can perform the operation on the key, itself or through the first of `chains` (its role
 * chains, shortest first) whose role can: one entry of who-can, asked for one caller (what-can asks it per key
 * and operation).
 */
export async function callerCan(
  rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, caller: Caller, chains: readonly SymbolicChain[], limits: Limits,
): Promise<{ principal?: WhoCanPrincipal; undecided: string[] }> {
  const undecided: string[] = [];
  // Whether one identity itself (no role assumption) can: the who-can question for a single caller.
  const itself = async (identity: Caller) =>
    (await directAccess(rt, world, key, [operation], [identity], limits, undecided)).get(identityOf(identity))?.get(operation.action);
  const self = await itself(caller);
  if (self) return { principal: principalEntry(world, key, self), undecided };
  for (const chain of chains) {
    const target = await itself(chain.caller);
    if (!target) continue;
    const found = chainedVerified(world, key, caller, chain, target);
    if (!('undecided' in found)) return { principal: principalEntry(world, key, found), undecided };
    undecided.push(found.undecided);
  }
  return { undecided };
}
