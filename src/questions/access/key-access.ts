/**
 * Who can perform which of some operations on a key: the identities of the world themselves, the identities
 * that reach them by assuming roles, and the classes of principals outside the world. Shared by who-can (one
 * operation) and audit (every operation on a key). Every answer is Z3's over a symbolic request; every example
 * it gives is checked by the reference evaluator before it is returned, and a disagreement is a bug (exit 3).
 */
import type { CheckAnswer, MatchedStatement } from '../../answer.js';
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import { keyCouldAdmit, keyCouldName } from '../../engine/principal-prefilter.js';
import type { Limits } from '../../engine/solve-question.js';
import { InternalError } from '../../errors.js';
import { findOperation, KEY_OPERATIONS, type KmsOperation } from '../../kms/operations.js';
import { checkWithReference } from '../../reference/evaluator.js';
import { chainAlong } from '../../reference/role-assumption.js';
import { identityOf, rootArn, type Caller } from '../../request/caller.js';
import { contextFromEntries } from '../../request/context.js';
import { callerContext, keyContext, mergeContext, type ContextEntries } from '../../request/derive-context.js';
import type { Key, World } from '../../world/model.js';
import { groupCallers, kmsQuestionStrings } from '../symbolic/caller-groups.js';
import { outsiderCaller, worldWithOutsider } from '../symbolic/outsider.js';
import { keyCouldAdmitClass } from '../symbolic/class-prefilter.js';
import { classWitnesses } from '../symbolic/class-witnesses.js';
import { residualMemoOf } from '../symbolic/residuals.js';
import { namedAccounts, principalClasses, type PrincipalClass } from '../symbolic/principal-classes.js';
import { callersReaching, type SymbolicChain } from '../symbolic/role-steps.js';
import { operationClasses } from '../symbolic/operation-classes.js';
import { accessRequirements, classRequirements, determinedFor, type Requirement, type RouteRequirements } from './requirements.js';
import { describeRequirements, viaOf, type Via } from './explanation.js';
import { contextFor } from '../../request/kms-request.js';
import { ask, classSubject, programFor, worldSubject, type Outcome, type Subject, type Target } from '../symbolic/request.js';

export type AllowedOutcome = Extract<Outcome, { status: 'allowed' }>;

/** An allowed request: Z3's answer, and for a member of a group other than the one asked, the reference's check. */
export interface Allowed {
  caller: Caller;
  operation: KmsOperation;
  outcome: AllowedOutcome;
  reference?: CheckAnswer;
}

/** An allowed request through a role chain: the chain, and the access of the role at its end. */
export interface ChainedAllowed {
  caller: Caller;
  chain: SymbolicChain;
  target: Allowed;
  /** The request context values the steps and the final request need (verified transitively). */
  example: ContextEntries;
}

/** Access per identity and operation. */
export type AccessMap<T> = Map<string, Map<string, T>>;

function put<T>(map: AccessMap<T>, id: string, action: string, value: T): void {
  const byAction = map.get(id) ?? new Map<string, T>();
  byAction.set(action, value);
  map.set(id, byAction);
}

const operationOf = (action: string): KmsOperation => {
  const op = findOperation(action);
  if (!op) throw new InternalError(`the model chose an unknown operation ${action}; please report this`);
  return op;
};

/** Checks an example (the full request context) with the reference evaluator; a disagreement is a bug in one of the engines. */
export function verify(world: World, key: Key, operation: KmsOperation, caller: Caller, context: ContextEntries, what: string): CheckAnswer {
  const answer = checkWithReference(world, { caller, operation, key, overrides: context, context: contextFromEntries(context) });
  if (answer.decision !== 'ALLOW') {
    throw new InternalError(`the Z3 engine found that ${what} can call ${operation.action} on ${key.arn} with context ${JSON.stringify(Object.fromEntries(context))}, but the reference evaluator answers ${answer.decision} (${answer.reason}); please report this`);
  }
  return answer;
}

/** Context keys the world derives for a caller and key (left out of examples, which show what a request adds). */
export function derivedContext(world: World, caller: Caller, key: Key) {
  return contextFromEntries(mergeContext(callerContext(world, caller), keyContext(key)));
}

/** The context values a request adds to what the world derives. */
export function chosenContext(world: World, caller: Caller, key: Key, context: ContextEntries): ContextEntries {
  const derived = derivedContext(world, caller, key);
  return context.filter(([k]) => !derived.has(k));
}

/**
 * The operations the subject can perform, among `operations`: one question per class of operations the
 * question cannot tell apart (src/questions/symbolic/operation-classes.ts); undecided classes are reported.
 */
async function allowedOperations(
  rt: QuestionRuntime, world: World, key: Key, subject: Subject, operations: readonly KmsOperation[], limits: Limits,
  witnesses: readonly Subject[] = [],
): Promise<{ found: AllowedOutcome[]; unknown?: string }> {
  const found: AllowedOutcome[] = [];
  // Undecided operations by reason (an unknown policy leaves most operations undecided for the same reason).
  const unknown = new Map<string, string[]>();
  if (operations.length === 0) return { found };
  const program = programFor(rt, world, { kind: 'kms', key, operation: operations[0]! }, subject);
  for (const alike of operationClasses(program, key.state, operations)) {
    const outcome = await askWithWitnesses(rt, world, { kind: 'kms', key, operation: alike[0]! }, subject, witnesses, limits);
    if (outcome.status === 'unknown') unknown.set(outcome.why, [...(unknown.get(outcome.why) ?? []), ...alike.map((op) => op.action)]);
    if (outcome.status !== 'allowed') continue;
    for (const op of alike) found.push({ ...outcome, action: op.action });
  }
  return unknown.size > 0 ? { found, unknown: [...unknown].map(([why, actions]) => `${actions.join(', ')}: ${why}`).join('; ') } : { found };
}

/**
 * The subject's question, after its concrete witnesses (src/questions/symbolic/class-witnesses.ts): the first
 * witness allowed answers it; a witness denied or undecided says nothing about the others, so the open question
 * is then asked.
 */
async function askWithWitnesses(
  rt: QuestionRuntime, world: World, target: Target, subject: Subject, witnesses: readonly Subject[], limits: Limits,
): Promise<Outcome> {
  const memo = target.kind === 'kms' ? residualMemoOf(target.key) : undefined;
  for (const witness of witnesses) {
    const outcome = await ask(rt, world, target, witness, limits, memo);
    if (outcome.status === 'allowed') return outcome;
  }
  return ask(rt, world, target, subject, limits, memo);
}

/**
 * The identities of the world that can perform the operations themselves, by group of interchangeable callers
 * (src/questions/symbolic/caller-groups.ts): Z3 answers for the group's first member; every other member's own example
 * (its derived context and the context the model chose) is checked by the reference evaluator.
 */
export async function directAccess(
  rt: QuestionRuntime, world: World, key: Key, operations: readonly KmsOperation[], callers: readonly Caller[], limits: Limits, undecided: string[],
): Promise<AccessMap<Allowed>> {
  const direct: AccessMap<Allowed> = new Map();
  // Only callers that the key policy or a grant could name, and whose IAM policies could allow it when the key
  // policy names their account, can use the key (src/engine/principal-prefilter.ts).
  const actions = operations.map((op) => op.action);
  const named = callers.filter((caller) => keyCouldAdmit(world, key, caller, actions));
  for (const group of groupCallers(world, named, kmsQuestionStrings(world, key))) {
    const representative = group[0]!;
    const id = identityOf(representative);
    const { found, unknown } = await allowedOperations(rt, world, key, worldSubject(world, key, representative), operations, limits);
    if (unknown) undecided.push(`${id}${group.length > 1 ? ` (and ${group.length - 1} principals with the same policies)` : ''}: ${unknown}`);
    for (const outcome of found) {
      const operation = operationOf(outcome.action);
      verify(world, key, operation, representative, outcome.context, id);
      const allowed: Allowed = { caller: representative, operation, outcome };
      for (const member of group) put(direct, identityOf(member), operation.action, member === representative ? allowed : memberAllowed(world, key, allowed, member));
    }
  }
  return direct;
}

/** A member of an allowed group: the group's answer with the member's own derived context, verified. */
export function memberAllowed(world: World, key: Key, found: Allowed, member: Caller): Allowed {
  const chosen = chosenContext(world, found.caller, key, found.outcome.context);
  const context = mergeContext(callerContext(world, member), keyContext(key), chosen);
  const reference = verify(world, key, found.operation, member, context, identityOf(member));
  return { caller: member, operation: found.operation, outcome: { ...found.outcome, context }, reference };
}

/**
 * A caller's access through a chain to a role with direct access: the steps' and the final request's context
 * values, checked by the reference along that chain. The steps and the final request are each found under their
 * own request context; when the reference denies the request under their union (a step needs a value the final
 * request must not have, or two values of one key), no example for the whole chain is known: the access is
 * undecided, named, never reported as allowed nor dropped as denied.
 */
export function chainedVerified(world: World, key: Key, caller: Caller, chain: SymbolicChain, target: Allowed): ChainedAllowed | { undecided: string } {
  const example = mergeContext(chain.context, chosenContext(world, target.caller, key, target.outcome.context));
  const through = chain.path.slice(1);
  const steps = chainAlong(world, caller, through, example);
  // The chain's values (e.g. the Region its role assumptions chose) apply to its steps; the KMS request at its end
  // keeps its key's Region (contextFor).
  const request = { caller, operation: target.operation, key, overrides: example, context: contextFor(world, caller, key, undefined, example) };
  if (!steps || checkWithReference(world, request, { transitive: true, chains: [steps] }).decision !== 'ALLOW') {
    return { undecided: `${identityOf(caller)} ${target.operation.action} through ${through.join(' -> ')}: the role assumptions and the request each need their own request context (${JSON.stringify(Object.fromEntries(chain.context))}, then ${JSON.stringify(Object.fromEntries(chosenContext(world, target.caller, key, target.outcome.context)))}) and keyproof knows no single context for the whole chain` };
  }
  return { caller, chain, target, example };
}

/**
 * The identities that reach, by assuming roles, a role with direct access: for each operation, the shortest
 * chain to a role allowed it (found backwards from those roles), verified transitively by the reference.
 */
export async function chainedAccess(
  rt: QuestionRuntime, world: World, key: Key, operations: readonly KmsOperation[], callers: readonly Caller[], direct: AccessMap<Allowed>, limits: Limits, undecided: string[],
): Promise<AccessMap<ChainedAllowed>> {
  const chained: AccessMap<ChainedAllowed> = new Map();
  // Operations allowed to the same roles share one search.
  const byTargets = new Map<string, { targets: Set<string>; operations: KmsOperation[] }>();
  for (const operation of operations) {
    const targets = [...direct].filter(([, ops]) => { const a = ops.get(operation.action); return a?.caller.kind === 'role-session'; }).map(([id]) => id).sort();
    if (targets.length === 0) continue;
    const entry = byTargets.get(targets.join('\n')) ?? { targets: new Set(targets), operations: [] };
    entry.operations.push(operation);
    byTargets.set(targets.join('\n'), entry);
  }
  for (const { targets, operations: ops } of byTargets.values()) {
    const reaching = await callersReaching(rt, world, targets, limits);
    undecided.push(...reaching.undecided);
    for (const caller of callers) {
      const id = identityOf(caller);
      const chain = reaching.chains.get(id);
      if (!chain) continue;
      for (const operation of ops) {
        if (direct.get(id)?.has(operation.action)) continue;
        const found = chainedVerified(world, key, caller, chain, direct.get(chain.path[chain.path.length - 1]!)!.get(operation.action)!);
        if ('undecided' in found) undecided.push(found.undecided);
        else put(chained, id, operation.action, found);
      }
    }
  }
  return chained;
}

/**
 * The root user of an account that neither the world nor the key's policy and grants name: a principal of the
 * class "anyone". The key policy or a grant can name such principals only as "*" or through NotPrincipal (a
 * named account is a class of its own), so if it cannot name this one, it names no one of the class.
 */
function unnamedAccountRoot(world: World, key: Key): Caller {
  const named = namedAccounts(world, key);
  let id = 999999999999;
  while (named.has(String(id))) id--;
  return { kind: 'root', arn: rootArn(String(id)), accountId: String(id) };
}

/**
 * An access as every question reports it: the path, what allows it, the conditions of every hop, and the
 * request context values of a verified example. who-can, what-can, audit and reach all read it from here.
 */
export interface AccessDescription {
  /** The caller, then each role assumed (length 1 without role assumption). */
  path: string[];
  via: Via[];
  /** What must hold, as sentences (src/questions/access-explanation.ts). */
  conditions: string[];
  /** The same, as data: per request on the path, the clauses of its route and of the Denies it avoids. */
  requires: Requirement[];
  /** The statements and grants of every hop's route (the reference evaluator's, for the example). */
  matched: MatchedStatement[];
  /** The KMS request's route alone. */
  final: MatchedStatement[];
  /** The context values the request chooses (beyond what the world derives). */
  example: ContextEntries;
}

const descriptions = new WeakMap<object, AccessDescription>();

function described(found: object, make: () => { path: string[]; route: RouteRequirements; example: ContextEntries }): AccessDescription {
  let description = descriptions.get(found);
  if (!description) {
    const { path, route, example } = make();
    description = {
      path, via: viaOf(route.final), conditions: describeRequirements(route.requirements), requires: route.requirements,
      matched: route.matched, final: route.final, example,
    };
    descriptions.set(found, description);
  }
  return description;
}

/** The description of an access by an identity of the world, itself or through roles. */
export function describeAccess(world: World, key: Key, found: Allowed | ChainedAllowed): AccessDescription {
  return described(found, () => {
    if ('chain' in found) {
      const route = accessRequirements(world, key, found.target.operation, found.caller, found.example, found.chain.path.slice(1));
      return { path: found.chain.path, route, example: found.example };
    }
    const example = chosenContext(world, found.caller, key, found.outcome.context);
    return { path: [identityOf(found.caller)], route: accessRequirements(world, key, found.operation, found.caller, example), example };
  });
}

/** The description of an access by a class of principals outside the world (its example principal's). */
export function describeClassAccess(world: World, key: Key, found: ClassAllowed): AccessDescription {
  return described(found, () => {
    // Only the key's values are decided here: what the class fixes of its principals (their organization, that
    // they are no service) stays in the description, since it says which principals of the class can.
    const determined = determinedFor(keyContext(key), ['aws:ResourceTag/*']);
    const route = classRequirements(worldWithOutsider(world, found.example), key, found.operation, found.example, found.outcome.context, determined);
    return { path: [found.cls.value], route, example: found.outcome.context };
  });
}

/** The statements behind a direct access (the reference evaluator's route for its example). */
export const matchedOf = (world: World, key: Key, found: Allowed): MatchedStatement[] => describeAccess(world, key, found).final;

/** An operation some principal of a class outside the world can perform, with one verified example. */
export interface ClassAllowed {
  cls: PrincipalClass;
  operation: KmsOperation;
  outcome: AllowedOutcome;
  /** The principal of the class the example uses. */
  example: Caller;
}

/** The operations some principal of the class can perform, for some request context; each example verified. */
export async function classAccess(
  rt: QuestionRuntime, world: World, key: Key, operations: readonly KmsOperation[], cls: PrincipalClass, limits: Limits, undecided: string[],
): Promise<ClassAllowed[]> {
  if (cls.kind === 'anyone' && !keyCouldName(key, unnamedAccountRoot(world, key))) return [];
  // No statement or grant can admit a principal of the class (its ARN, account or organization rule it out).
  if (!keyCouldAdmitClass(world, key, cls)) return [];
  const subject = classSubject(world, key, cls);
  if (!subject) return [];
  const { found, unknown } = await allowedOperations(rt, world, key, subject, operations, limits, classWitnesses(world, key, cls, subject));
  if (unknown) undecided.push(`${cls.kind} ${cls.value}: ${unknown}`);
  return found.map((outcome) => {
    const operation = operationOf(outcome.action);
    const caller: Caller = cls.kind === 'service' ? { kind: 'service', arn: cls.value, service: cls.value } : outsiderCaller(outcome.fields);
    verify(worldWithOutsider(world, caller), key, operation, caller, outcome.context, `${cls.kind} ${cls.value} (for example ${caller.arn})`);
    return { cls, operation, outcome, example: caller };
  });
}

/** Everything found for one key: what audit, its findings and the reach graph read. */
export interface KeyAccess {
  key: Key;
  callers: readonly Caller[];
  direct: AccessMap<Allowed>;
  chained: AccessMap<ChainedAllowed>;
  classes: ClassAllowed[];
  /** What could not be decided about this key (also added to the audit's list). */
  undecided: string[];
}

/** Who can perform each operation on a key: identities of the world, through roles, and classes outside it. */
export async function keyAccess(rt: QuestionRuntime, world: World, key: Key, callers: readonly Caller[], limits: Limits, undecided: string[]): Promise<KeyAccess> {
  const ofKey: string[] = [];
  const direct = await directAccess(rt, world, key, KEY_OPERATIONS, callers, limits, ofKey);
  const chained = await chainedAccess(rt, world, key, KEY_OPERATIONS, callers, direct, limits, ofKey);
  const classes: ClassAllowed[] = [];
  for (const cls of principalClasses(world, key)) classes.push(...await classAccess(rt, world, key, KEY_OPERATIONS, cls, limits, ofKey));
  undecided.push(...ofKey);
  return { key, callers, direct, chained, classes, undecided: ofKey };
}
