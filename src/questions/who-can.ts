/**
 * `who-can`: for a key and an operation, every principal of the world that can perform it for at least one
 * request context (directly or through roles), and the classes of principals outside the world that could.
 * Each answer comes from Z3 over a symbolic request context (src/questions/open-context.ts); each example the
 * model gives is checked by the reference evaluator before it is reported, and a disagreement is a bug.
 */
import type { CheckAnswer, MatchedStatement } from '../answer.js';
import type { QuestionRuntime } from '../engine/question-runtime.js';
import { keyCouldName } from '../engine/principal-prefilter.js';
import type { Limits } from '../engine/solve-question.js';
import { InternalError } from '../errors.js';
import type { KmsOperation } from '../kms/operations.js';
import { describeClause } from '../policy/conditions.js';
import { checkWithReference } from '../reference/evaluator.js';
import { callersOfWorld, identityOf, type Caller } from '../request/caller.js';
import { contextFromEntries } from '../request/context.js';
import { callerContext, keyContext, mergeContext, type ContextEntries } from '../request/derive-context.js';
import type { Key, World } from '../world/model.js';
import { groupCallers, kmsQuestionStrings } from './caller-groups.js';
import { outsiderCaller, worldWithOutsider } from './outsider.js';
import { principalClasses, type PrincipalClass } from './principal-classes.js';
import { callersReaching, type SymbolicChain } from './role-steps.js';
import { statementIndex } from './statement-index.js';
import { ask, classSubject, worldSubject, type Outcome } from './symbolic-request.js';

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


/**
 * Checks a witness with the reference evaluator; a disagreement is a bug in one of the engines. With
 * `transitive`, `context` holds only the values a request chooses (they apply to every step, as --context does).
 */
function verify(world: World, key: Key, operation: KmsOperation, caller: Caller, context: ContextEntries, what: string, transitive = false): CheckAnswer {
  const request = transitive
    ? { caller, operation, key, overrides: context, context: contextFromEntries(mergeContext(callerContext(world, caller), keyContext(key), context)) }
    : { caller, operation, key, overrides: context, context: contextFromEntries(context) };
  const answer = checkWithReference(world, request, { transitive });
  if (answer.decision !== 'ALLOW') {
    throw new InternalError(`the Z3 engine found that ${what} can call ${operation.action} on ${key.arn} with context ${JSON.stringify(Object.fromEntries(context))}, but the reference evaluator answers ${answer.decision} (${answer.reason}); please report this`);
  }
  return answer;
}

/** Grant constraints do not apply to these operations (kms/create-grant-overview.md#grant-constraints). */
const IGNORE_GRANT_CONSTRAINTS = new Set(['kms:DescribeKey', 'kms:RetireGrant']);

function conditionsOf(world: World, matched: MatchedStatement[], key: Key, operation?: KmsOperation): string[] {
  const index = statementIndex(world);
  const conditions = new Set<string>();
  for (const m of matched) {
    if (m.source === 'grant') {
      if (operation && IGNORE_GRANT_CONSTRAINTS.has(operation.action)) continue;
      const grant = key.grants.find((g) => g.grantId === m.policy);
      for (const [k, val] of Object.entries(grant?.constraints?.encryptionContextSubset ?? {})) conditions.add(`encryption context ${k} = ${val}`);
      for (const [k, val] of Object.entries(grant?.constraints?.encryptionContextEquals ?? {})) conditions.add(`encryption context ${k} = ${val} (and no other pair)`);
      continue;
    }
    const stmt = m.location ? index.get(m.location) : undefined;
    for (const clause of stmt?.conditions ?? []) conditions.add(describeClause(clause));
  }
  return [...conditions];
}

const viaOf = (matched: MatchedStatement[]) =>
  [...new Set(matched.map((m) => m.source).filter((s): s is 'key-policy' | 'iam-policy' | 'grant' => s === 'key-policy' || s === 'iam-policy' || s === 'grant'))];

/** An allowed answer; for a member of a group other than the one asked, the reference's answer for its example. */
type Allowed = { caller: Caller; outcome: Extract<Outcome, { status: 'allowed' }>; reference?: CheckAnswer };


/** Whether the identity itself (no role assumption) can perform the operation; an allowed answer is verified. */
async function askIdentity(rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, caller: Caller, limits: Limits, undecided: string[]): Promise<Allowed | undefined> {
  const outcome = await ask(rt, world, { kind: 'kms', key, operation }, worldSubject(world, key, caller), limits);
  const id = identityOf(caller);
  if (outcome.status === 'unknown') undecided.push(`${id}: ${outcome.why}`);
  if (outcome.status !== 'allowed') return undefined;
  verify(world, key, operation, caller, outcome.context, id);
  return { caller, outcome };
}

function principalEntry(world: World, key: Key, operation: KmsOperation, arn: string, found: Allowed, path: string[], chainContext: ContextEntries = []): WhoCanPrincipal {
  const derived = derivedContext(world, found.caller, key);
  const chosen = found.outcome.context.filter(([k]) => !derived.has(k));
  return {
    arn, via: viaOf(found.outcome.matched), conditions: conditionsOf(world, found.outcome.matched, key, operation), path,
    example: Object.fromEntries(mergeContext(chainContext, chosen)),
  };
}


/** An entry through a role chain; its example (the steps' and the key's context values) is verified transitively. */
function chainEntry(world: World, key: Key, operation: KmsOperation, caller: Caller, chain: SymbolicChain, found: Allowed): WhoCanPrincipal {
  const entry = principalEntry(world, key, operation, identityOf(caller), found, chain.path, chain.context);
  verify(world, key, operation, caller, Object.entries(entry.example), `${identityOf(caller)} through ${chain.path.slice(1).join(' -> ')}`, true);
  return entry;
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
  const id = identityOf(caller);
  const self = await askIdentity(rt, world, key, operation, caller, limits, undecided);
  if (self) return { principal: principalEntry(world, key, operation, id, self, [id]), undecided };
  for (const chain of chains) {
    const reached = await askIdentity(rt, world, key, operation, chain.caller, limits, undecided);
    if (reached) return { principal: chainEntry(world, key, operation, caller, chain, reached), undecided };
  }
  return { undecided };
}

/**
 * The identities of the world that can perform the operation themselves, by group of interchangeable callers
 * (src/questions/caller-groups.ts): Z3 answers for the group's first member; every other member's own example
 * (its derived context and the context the model chose) is checked by the reference evaluator.
 */
async function directAccess(rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, callers: readonly Caller[], limits: Limits, undecided: string[]): Promise<Map<string, Allowed>> {
  const direct = new Map<string, Allowed>();
  // Only callers that the key policy or a grant could name can use the key (src/engine/principal-prefilter.ts).
  const named = callers.filter((caller) => keyCouldName(key, caller));
  for (const group of groupCallers(world, named, kmsQuestionStrings(world, key))) {
    const before = undecided.length;
    const found = await askIdentity(rt, world, key, operation, group[0]!, limits, undecided);
    if (undecided.length > before && group.length > 1) undecided[undecided.length - 1] += ` (and ${group.length - 1} principals with the same policies)`;
    if (!found) continue;
    for (const member of group) direct.set(identityOf(member), member === found.caller ? found : memberAllowed(world, key, operation, found, member));
  }
  return direct;
}

/** A member of an allowed group: the group's answer with the member's own derived context, verified. */
function memberAllowed(world: World, key: Key, operation: KmsOperation, found: Allowed, member: Caller): Allowed {
  const derived = derivedContext(world, found.caller, key);
  const chosen = found.outcome.context.filter(([k]) => !derived.has(k));
  const context = mergeContext(callerContext(world, member), keyContext(key), chosen);
  const reference = verify(world, key, operation, member, context, identityOf(member));
  return { caller: member, outcome: { ...found.outcome, context }, reference };
}

export async function whoCan(rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, limits: Limits): Promise<WhoCanResult> {
  const undecided: string[] = [];
  const callers = callersOfWorld(world);
  const direct = await directAccess(rt, world, key, operation, callers, limits, undecided);
  // Through roles: callers that reach a directly allowed role, by the shortest chain, found backwards from those roles.
  const allowedRoles = new Set([...direct.values()].filter((d) => d.caller.kind === 'role-session').map((d) => identityOf(d.caller)));
  const reaching = await callersReaching(rt, world, allowedRoles, limits);
  undecided.push(...reaching.undecided);
  const principals: WhoCanPrincipal[] = [];
  for (const caller of callers) {
    const id = identityOf(caller);
    const found = direct.get(id);
    if (found) { principals.push(principalEntry(world, key, operation, id, found, [id])); continue; }
    const chain = reaching.chains.get(id);
    if (chain) principals.push(chainEntry(world, key, operation, caller, chain, direct.get(chain.path[chain.path.length - 1]!)!));
  }
  const classes: WhoCanClass[] = [];
  for (const cls of principalClasses(world, key)) {
    const found = await classCan(rt, world, key, operation, cls, limits, undecided);
    if (found) classes.push(found);
  }
  return { key: key.arn, action: operation.action, principals, classes, complete: undecided.length === 0, undecided };
}

/**
 * Whether some principal of a class outside the world can perform the operation on the key, for some request
 * context; the example the model gives is verified by the reference evaluator. Undecided answers are noted.
 */
export async function classCan(
  rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, cls: PrincipalClass, limits: Limits, undecided: string[],
): Promise<WhoCanClass | undefined> {
  const subject = classSubject(world, key, cls);
  if (!subject) return undefined;
  const outcome = await ask(rt, world, { kind: 'kms', key, operation }, subject, limits);
  if (outcome.status === 'unknown') undecided.push(`${cls.kind} ${cls.value}: ${outcome.why}`);
  if (outcome.status !== 'allowed') return undefined;
  const caller = cls.kind === 'service' ? { kind: 'service' as const, arn: cls.value, service: cls.value } : outsiderCaller(outcome.fields);
  verify(worldWithOutsider(world, caller), key, operation, caller, outcome.context, `${cls.kind} ${cls.value} (for example ${caller.arn})`);
  return {
    kind: cls.kind, value: cls.value, conditions: conditionsOf(world, outcome.matched, key, operation),
    example: { principal: caller.arn, context: Object.fromEntries(outcome.context) },
  };
}

/** Context keys the world derives for a caller and key (left out of examples, which show what a request adds). */
function derivedContext(world: World, caller: Caller, key: Key) {
  return contextFromEntries(mergeContext(callerContext(world, caller), keyContext(key)));
}
