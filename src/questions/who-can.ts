/**
 * `who-can`: for a key and an operation, every principal of the world that can perform it for at least one
 * request context (directly or through roles), and the classes of principals outside the world that could.
 * Each answer comes from Z3 over a symbolic request context (src/questions/open-context.ts); each example the
 * model gives is checked by the reference evaluator before it is reported, and a disagreement is a bug.
 */
import type { MatchedStatement } from '../answer.js';
import { explain } from '../engine/explain.js';
import type { QuestionRuntime } from '../engine/question-runtime.js';
import type { Limits } from '../engine/solve-question.js';
import { InternalError } from '../errors.js';
import type { QuestionCaller } from '../ir/lower/question.js';
import type { KmsOperation } from '../kms/operations.js';
import { describeClause } from '../policy/conditions.js';
import { checkWithReference } from '../reference/evaluator.js';
import { ASSUME_ROLE } from '../request/role-chain.js';
import { callersOfWorld, sessionOf, type Caller } from '../request/caller.js';
import type { RoleChain } from '../request/role-chain.js';
import { contextFromEntries } from '../request/context.js';
import { assumeRoleContext, callerContext, keyContext, mergeContext, type ContextEntries } from '../request/derive-context.js';
import { symbolicContext } from '../smt/context-model.js';
import { trustCouldName } from '../engine/trust-prefilter.js';
import type { Environment } from '../smt/encode-constraint.js';
import { and, concat, eq, implies, inRegex, not, or, stringConst, type BoolTerm, type StringTerm } from '../smt/term.js';
import type { Key, Role, World } from '../world/model.js';
import { openKeys } from './open-context.js';
import { outsiderCaller, worldWithOutsider } from './outsider.js';
import { principalClasses, type PrincipalClass } from './principal-classes.js';
import { statementIndex } from './statement-index.js';

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


/** Who is asked: request fields (constants or solver-chosen), derived context, and constraints tying them. */
interface Subject {
  id: string;
  caller: QuestionCaller;
  fields: Record<'principal' | 'kind' | 'account' | 'role', StringTerm>;
  fixed: ContextEntries;
  linked: Map<string, StringTerm>;
  /** Keys the subject determines to be absent (never chosen by the solver). */
  absent: string[];
  conditions: BoolTerm[];
}

type Outcome =
  | { status: 'allowed'; matched: MatchedStatement[]; context: ContextEntries; fields: Record<'principal' | 'kind' | 'account' | 'role', string> }
  | { status: 'denied' }
  | { status: 'unknown'; why: string };

const str = stringConst;

/**
 * Keys that describe the caller (reference_policies_condition-keys.md): for a principal of the world they are
 * derived from the world, and absent when the world gives no value; a request cannot choose them.
 */
const PRINCIPAL_KEYS = [
  'aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalType',
  'aws:PrincipalIsAWSService', 'aws:PrincipalServiceName', 'aws:username', 'aws:userid', 'kms:CallerAccount',
  'aws:PrincipalTag/*', 'aws:ResourceTag/*',
];
const v = (name: string): StringTerm => ({ op: 'var', name });

function worldSubject(world: World, key: Key | undefined, caller: Caller): Subject {
  return {
    id: caller.kind === 'role-session' ? caller.roleArn : caller.arn,
    caller,
    fields: {
      principal: str(caller.arn), kind: str(caller.kind),
      account: str(caller.kind === 'service' ? '' : caller.accountId), role: str(caller.kind === 'role-session' ? caller.roleArn : ''),
    },
    fixed: mergeContext(callerContext(world, caller), key ? keyContext(key) : []),
    linked: new Map(),
    absent: PRINCIPAL_KEYS,
    conditions: [],
  };
}

/** Any principal of an account (constant or chosen): a user, a role session or the root user, ARNs of that account. */
function identityShape(f: Subject['fields']): BoolTerm[] {
  const name = v('outsider:name');
  const session = v('outsider:session');
  const plainName = inRegex(name, [{ kind: 'text', text: 'x', ignoreCase: false }, { kind: 'no-colon-run' }]);
  return [
    or(...['user', 'role-session', 'root'].map((k) => eq(f.kind, str(k)))),
    implies(eq(f.kind, str('user')), and(plainName, eq(f.role, str('')),
      eq(f.principal, concat(str('arn:aws:iam::'), f.account, str(':user/'), name)))),
    implies(eq(f.kind, str('role-session')), and(plainName, eq(session, str('session')),
      eq(f.role, concat(str('arn:aws:iam::'), f.account, str(':role/'), name)),
      eq(f.principal, concat(str('arn:aws:sts::'), f.account, str(':assumed-role/'), name, str('/'), session)))),
    implies(eq(f.kind, str('root')), and(eq(f.role, str('')), eq(f.principal, concat(str('arn:aws:iam::'), f.account, str(':root'))))),
  ];
}

/** A class of principals outside the world, as a subject whose fields the solver chooses within the class. */
function classSubject(world: World, key: Key, cls: PrincipalClass): Subject | undefined {
  if (cls.kind === 'service') {
    return { ...worldSubject(world, key, { kind: 'service', arn: cls.value, service: cls.value }), id: `service ${cls.value}` };
  }
  const account = cls.kind === 'account' ? str(cls.value) : v('outsider:account');
  const fields = { principal: v('outsider:principal'), kind: v('outsider:kind'), account, role: v('outsider:role') };
  const conditions = identityShape(fields);
  const known = new Set([...world.accounts.keys(), ...principalClasses(world, key).filter((c) => c.kind === 'account').map((c) => c.value)]);
  if (cls.kind === 'anyone') {
    conditions.push(inRegex(account, Array.from({ length: 12 }, () => ({ kind: 'digit' as const }))));
    for (const a of [...known, ...(world.organization?.accounts ?? [])]) conditions.push(not(eq(account, str(a))));
  }
  if (cls.kind === 'organization') conditions.push(or(...cls.accounts.map((a) => eq(account, str(a)))));
  const inOrg = cls.kind === 'organization' || (cls.kind === 'account' && world.organization?.accounts.includes(cls.value));
  const principalArn = v('outsider:principal-arn');
  conditions.push(implies(eq(fields.kind, str('role-session')), eq(principalArn, fields.role)));
  conditions.push(implies(not(eq(fields.kind, str('role-session'))), eq(principalArn, fields.principal)));
  const linked = new Map<string, StringTerm>([
    ['aws:PrincipalAccount', account], ['kms:CallerAccount', account], ['aws:PrincipalArn', principalArn],
  ]);
  const fixed: ContextEntries = [['aws:PrincipalIsAWSService', ['false']], ...keyContext(key)];
  if (inOrg && world.organization) fixed.push(['aws:PrincipalOrgID', [world.organization.id]]);
  // What the account determines: its organization, and that the caller is not a service.
  return { id: `${cls.kind} ${cls.value}`, caller: 'outside', fields, fixed, linked, absent: ['aws:PrincipalOrgID', 'aws:PrincipalServiceName', 'aws:ResourceTag/*'], conditions };
}

/** The request a subject is asked about: a KMS operation on a key, or sts:AssumeRole on a role. */
type Target = { kind: 'kms'; key: Key; operation: KmsOperation } | { kind: 'assume-role'; role: Role };

/** Asks Z3 whether some request by the subject is allowed; an allowed model gives the context it needs. */
async function ask(rt: QuestionRuntime, world: World, target: Target, subject: Subject, limits: Limits): Promise<Outcome> {
  const program = target.kind === 'kms'
    ? rt.program(world, { kind: 'kms', key: target.key, caller: subject.caller }, `kms ${target.key.arn} ${subject.id}`)
    : rt.program(world, { kind: 'assume-role', role: target.role, caller: subject.caller }, `assume ${target.role.arn} ${subject.id}`);
  const fixed = contextFromEntries(subject.fixed);
  const claimed = [...subject.linked.keys(), ...subject.absent].map((k) => k.toLowerCase());
  const isClaimed = (k: string) => claimed.some((c) => (c.endsWith('/*') ? k.toLowerCase().startsWith(c.slice(0, -1)) : c === k.toLowerCase()));
  const open = openKeys(program, (k) => fixed.has(k) || isClaimed(k));
  const context = symbolicContext(fixed, open, subject.linked);
  const fields: Environment['fields'] = target.kind === 'kms'
    ? { action: target.operation.action, resource: target.key.arn }
    : { action: ASSUME_ROLE, resource: target.role.arn };
  for (const [name, term] of Object.entries(subject.fields)) if (term.op === 'string') fields[name as keyof typeof subject.fields] = term.value;
  const env: Environment = { fields, context };
  // Fields the subject leaves open are tied to the solver's field variables.
  const ties = Object.entries(subject.fields).filter(([, t]) => t.op !== 'string').map(([name, t]) => eq({ op: 'field', name: name as 'principal' }, t));
  const verdict = await rt.solve(program, env, ['allow'], limits, [...subject.conditions, ...ties]);
  if (verdict.status === 'unsat') return { status: 'denied' };
  if (verdict.status === 'unknown') return { status: 'unknown', why: verdict.why };
  const solved = verdict.solved;
  const chosen: ContextEntries = [];
  for (const spec of open) {
    const values = [...new Set(context.slots(spec.key).filter((s) => solved.truth(s.used)).map((s) => solved.value(s.value)))];
    if (values.length > 0) chosen.push([spec.key, values]);
  }
  for (const [k, t] of subject.linked) chosen.push([k, [solved.value(t)]]);
  const values = Object.fromEntries(Object.entries(subject.fields).map(([n, t]) => [n, solved.value(t)])) as Record<'principal' | 'kind' | 'account' | 'role', string>;
  const labels = target.kind === 'kms'
    ? { policy: 'the key policy', action: target.operation.action, keyState: target.key.state }
    : { policy: 'the trust policy', action: ASSUME_ROLE };
  const answer = explain(solved.compiled, solved.holds, labels, [values.principal]);
  return { status: 'allowed', matched: answer.matched, context: mergeContext(subject.fixed, chosen), fields: values };
}

/** An identity reached by role assumption, with the request context each step needed (e.g. MFA). */
interface SymbolicChain {
  caller: Caller;
  path: string[];
  /** Context values the steps' requests carry (only those a request chooses; derived values are left out). */
  context: ContextEntries;
}

/**
 * The roles a caller can reach by assuming roles, shortest chains first. A step is possible when some
 * sts:AssumeRole request context allows it: trust-policy conditions on keys a request sets (MFA, source
 * identity, external id, time) are left to the solver, as in who-can itself. Steps are cached per world.
 */
async function symbolicRoleChains(rt: QuestionRuntime, world: World, caller: Caller, limits: Limits, steps: StepCache): Promise<SymbolicChain[]> {
  const roles = [...world.accounts.values()].flatMap((a) => [...a.roles.values()]);
  const visited = new Set([identityOf(caller)]);
  const chains: SymbolicChain[] = [];
  let frontier: SymbolicChain[] = [{ caller, path: [identityOf(caller)], context: [] }];
  while (frontier.length > 0) {
    const next: SymbolicChain[] = [];
    for (const hop of frontier) {
      for (const role of roles) {
        if (visited.has(role.arn)) continue;
        const step = await assumeStep(rt, world, hop.caller, role, limits, steps);
        if (!step) continue;
        visited.add(role.arn);
        next.push({ caller: sessionOf(role), path: [...hop.path, role.arn], context: mergeContext(hop.context, step) });
      }
    }
    chains.push(...next);
    frontier = next;
  }
  return chains;
}

type StepCache = Map<string, Promise<ContextEntries | undefined>>;

/** Steps depend on the world, the caller and the role, not on the key or operation: cached per world. */
const stepCaches = new WeakMap<World, StepCache>();

function stepsOf(world: World): StepCache {
  let cache = stepCaches.get(world);
  if (!cache) { cache = new Map(); stepCaches.set(world, cache); }
  return cache;
}

function assumeStep(rt: QuestionRuntime, world: World, caller: Caller, role: Role, limits: Limits, steps: StepCache): Promise<ContextEntries | undefined> {
  if (!trustCouldName(role, caller)) return Promise.resolve(undefined);
  const id = `${identityOf(caller)} -> ${role.arn}`;
  let step = steps.get(id);
  if (!step) {
    const subject: Subject = {
      ...worldSubject(world, undefined, caller),
      fixed: assumeRoleContext(world, caller, role.accountId, []),
    };
    step = ask(rt, world, { kind: 'assume-role', role }, subject, limits).then((o) => {
      if (o.status !== 'allowed') return undefined;
      const derived = contextFromEntries(subject.fixed);
      return o.context.filter(([k]) => !derived.has(k));
    });
    steps.set(id, step);
  }
  return step;
}

/**
 * Checks a witness with the reference evaluator; a disagreement is a bug in one of the engines. With
 * `transitive`, `context` holds only the values a request chooses (they apply to every step, as --context does).
 */
function verify(world: World, key: Key, operation: KmsOperation, caller: Caller, context: ContextEntries, what: string, transitive = false): void {
  const request = transitive
    ? { caller, operation, key, overrides: context, context: contextFromEntries(mergeContext(callerContext(world, caller), keyContext(key), context)) }
    : { caller, operation, key, overrides: context, context: contextFromEntries(context) };
  const answer = checkWithReference(world, request, { transitive });
  if (answer.decision !== 'ALLOW') {
    throw new InternalError(`the Z3 engine found that ${what} can call ${operation.action} on ${key.arn} with context ${JSON.stringify(Object.fromEntries(context))}, but the reference evaluator answers ${answer.decision} (${answer.reason}); please report this`);
  }
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

type Allowed = { caller: Caller; outcome: Extract<Outcome, { status: 'allowed' }> };

/** How an identity of the world is named in answers: a role session by its role. */
export const identityOf = (caller: Caller) => (caller.kind === 'role-session' ? caller.roleArn : caller.arn);

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

/** The role chains of a caller, shortest first, each with the request context its steps need. */
export function roleChainsOf(rt: QuestionRuntime, world: World, caller: Caller, limits: Limits): Promise<SymbolicChain[]> {
  return symbolicRoleChains(rt, world, caller, limits, stepsOf(world));
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

export async function whoCan(rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, limits: Limits): Promise<WhoCanResult> {
  const undecided: string[] = [];
  const direct = new Map<string, Allowed>();
  const callers = callersOfWorld(world);
  for (const caller of callers) {
    const found = await askIdentity(rt, world, key, operation, caller, limits, undecided);
    if (found) direct.set(identityOf(caller), found);
  }
  const principals: WhoCanPrincipal[] = [];
  const steps = stepsOf(world);
  for (const caller of callers) {
    const id = identityOf(caller);
    const found = direct.get(id);
    if (found) { principals.push(principalEntry(world, key, operation, id, found, [id])); continue; }
    // Through roles: the first reachable role (shortest chain first) that is allowed.
    const chains = await symbolicRoleChains(rt, world, caller, limits, steps);
    const chain = chains.find((c) => direct.has(c.path[c.path.length - 1]!));
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
