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
import { conditionsOf, viaOf } from './explanation.js';
import {
  chainedAccess, chainedVerified, chosenContext, classAccess, directAccess, type Allowed, type ChainedAllowed, type ClassAllowed,
} from './key-access.js';
import { describeIncompletePart, incompletePartsAffecting } from './incomplete-parts.js';
import { principalClasses, type PrincipalClass } from '../symbolic/principal-classes.js';
import type { SymbolicChain } from '../symbolic/role-steps.js';
import { missingPartsFor } from './missing-parts.js';

export interface WhoCanPrincipal {
  arn: string;
  via: Array<'key-policy' | 'iam-policy' | 'grant'>;
  conditions: string[];
  path: string[];
  /** A request context under which it is allowed (checked by the reference evaluator). */
  example: Record<string, string[]>;
}

export interface WhoCanClass {
  kind: PrincipalClass['kind'];
  value: string;
  conditions: string[];
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

function directEntry(world: World, key: Key, found: Allowed): WhoCanPrincipal {
  const id = identityOf(found.caller);
  return {
    arn: id, via: viaOf(found.outcome.matched), conditions: conditionsOf(world, found.outcome.matched, key, found.operation), path: [id],
    example: Object.fromEntries(chosenContext(world, found.caller, key, found.outcome.context)),
  };
}

function chainEntry(world: World, key: Key, found: ChainedAllowed): WhoCanPrincipal {
  const matched = found.target.outcome.matched;
  return {
    arn: identityOf(found.caller), via: viaOf(matched), conditions: conditionsOf(world, matched, key, found.target.operation),
    path: found.chain.path, example: Object.fromEntries(found.example),
  };
}

/** A class's entry in a who-can answer. */
export function classEntry(world: World, key: Key, found: ClassAllowed): WhoCanClass {
  return {
    kind: found.cls.kind, value: found.cls.value, conditions: conditionsOf(world, found.outcome.matched, key, found.operation),
    example: { principal: found.example.arn, context: Object.fromEntries(found.outcome.context) },
  };
}

export async function whoCan(rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, limits: Limits): Promise<WhoCanResult> {
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
    if (found) principals.push(directEntry(world, key, found));
    else if (through) principals.push(chainEntry(world, key, through));
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
  return found ? classEntry(world, key, found) : undefined;
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
  if (self) return { principal: directEntry(world, key, self), undecided };
  for (const chain of chains) {
    const target = await itself(chain.caller);
    if (target) return { principal: chainEntry(world, key, chainedVerified(world, key, caller, chain, target)), undecided };
  }
  return { undecided };
}
