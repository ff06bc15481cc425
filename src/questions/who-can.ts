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
import { rootArn, sessionOf, type Caller } from '../request/caller.js';
import type { RoleChain } from '../request/role-chain.js';
import { contextFromEntries } from '../request/context.js';
import { callerContext, keyContext, mergeContext, type ContextEntries } from '../request/derive-context.js';
import { symbolicContext } from '../smt/context-model.js';
import type { Environment } from '../smt/encode-constraint.js';
import { and, concat, eq, implies, inRegex, not, or, stringConst, type BoolTerm, type StringTerm } from '../smt/term.js';
import type { Key, World } from '../world/model.js';
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

function worldSubject(world: World, key: Key, caller: Caller): Subject {
  return {
    id: caller.kind === 'role-session' ? caller.roleArn : caller.arn,
    caller,
    fields: {
      principal: str(caller.arn), kind: str(caller.kind),
      account: str(caller.kind === 'service' ? '' : caller.accountId), role: str(caller.kind === 'role-session' ? caller.roleArn : ''),
    },
    fixed: mergeContext(callerContext(world, caller), keyContext(key)),
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

async function ask(rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, subject: Subject, limits: Limits): Promise<Outcome> {
  const program = rt.program(world, { kind: 'kms', key, caller: subject.caller }, `kms ${key.arn} ${subject.id}`);
  const fixed = contextFromEntries(subject.fixed);
  const claimed = [...subject.linked.keys(), ...subject.absent].map((k) => k.toLowerCase());
  const isClaimed = (k: string) => claimed.some((c) => (c.endsWith('/*') ? k.toLowerCase().startsWith(c.slice(0, -1)) : c === k.toLowerCase()));
  const open = openKeys(program, (k) => fixed.has(k) || isClaimed(k));
  const context = symbolicContext(fixed, open, subject.linked);
  const fields: Environment['fields'] = { action: operation.action, resource: key.arn };
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
    const values = context.slots(spec.key).filter((s) => solved.truth(s.used)).map((s) => solved.value(s.value));
    if (values.length > 0) chosen.push([spec.key, values]);
  }
  for (const [k, t] of subject.linked) chosen.push([k, [solved.value(t)]]);
  const values = Object.fromEntries(Object.entries(subject.fields).map(([n, t]) => [n, solved.value(t)])) as Record<'principal' | 'kind' | 'account' | 'role', string>;
  const answer = explain(solved.compiled, solved.holds, { policy: 'the key policy', action: operation.action, keyState: key.state }, [values.principal]);
  return { status: 'allowed', matched: answer.matched, context: mergeContext(subject.fixed, chosen), fields: values };
}

/** Checks a witness with the reference evaluator; a disagreement is a bug in one of the engines. */
function verify(world: World, key: Key, operation: KmsOperation, caller: Caller, context: ContextEntries, what: string): void {
  const request = { caller, operation, key, overrides: context, context: contextFromEntries(context) };
  const answer = checkWithReference(world, request);
  if (answer.decision !== 'ALLOW') {
    throw new InternalError(`the Z3 engine found that ${what} can call ${operation.action} on ${key.arn} with context ${JSON.stringify(Object.fromEntries(context))}, but the reference evaluator answers ${answer.decision} (${answer.reason}); please report this`);
  }
}

function conditionsOf(world: World, matched: MatchedStatement[], key: Key): string[] {
  const index = statementIndex(world);
  const conditions = new Set<string>();
  for (const m of matched) {
    if (m.source === 'grant') {
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

function worldCallers(world: World): Caller[] {
  const callers: Caller[] = [];
  for (const account of world.accounts.values()) {
    callers.push({ kind: 'root', arn: rootArn(account.id), accountId: account.id });
    for (const user of account.users.values()) callers.push({ kind: 'user', arn: user.arn, accountId: user.accountId, user });
    for (const role of account.roles.values()) callers.push(sessionOf(role));
  }
  return callers;
}

type Allowed = { caller: Caller; outcome: Extract<Outcome, { status: 'allowed' }> };

/** How an identity of the world is named in answers: a role session by its role. */
export const identityOf = (caller: Caller) => (caller.kind === 'role-session' ? caller.roleArn : caller.arn);

/** Whether the identity itself (no role assumption) can perform the operation; an allowed answer is verified. */
async function askIdentity(rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, caller: Caller, limits: Limits, undecided: string[]): Promise<Allowed | undefined> {
  const outcome = await ask(rt, world, key, operation, worldSubject(world, key, caller), limits);
  const id = identityOf(caller);
  if (outcome.status === 'unknown') undecided.push(`${id}: ${outcome.why}`);
  if (outcome.status !== 'allowed') return undefined;
  verify(world, key, operation, caller, outcome.context, id);
  return { caller, outcome };
}

function principalEntry(world: World, key: Key, arn: string, found: Allowed, path: string[]): WhoCanPrincipal {
  return {
    arn, via: viaOf(found.outcome.matched), conditions: conditionsOf(world, found.outcome.matched, key), path,
    example: Object.fromEntries(found.outcome.context.filter(([k]) => !isDerived(world, found.caller, key, k))),
  };
}

/**
 * Whether one caller can perform the operation on the key, itself or through the first of `chains` (its role
 * chains, shortest first) whose role can: one entry of who-can, asked for one caller (what-can asks it per key
 * and operation).
 */
export async function callerCan(
  rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, caller: Caller, chains: readonly RoleChain[], limits: Limits,
): Promise<{ principal?: WhoCanPrincipal; undecided: string[] }> {
  const undecided: string[] = [];
  const id = identityOf(caller);
  const self = await askIdentity(rt, world, key, operation, caller, limits, undecided);
  if (self) return { principal: principalEntry(world, key, id, self, [id]), undecided };
  for (const chain of chains) {
    const reached = await askIdentity(rt, world, key, operation, chain.caller, limits, undecided);
    if (reached) return { principal: principalEntry(world, key, id, reached, chain.path), undecided };
  }
  return { undecided };
}

export async function whoCan(rt: QuestionRuntime, world: World, key: Key, operation: KmsOperation, limits: Limits): Promise<WhoCanResult> {
  const undecided: string[] = [];
  const direct = new Map<string, Allowed>();
  const callers = worldCallers(world);
  for (const caller of callers) {
    const found = await askIdentity(rt, world, key, operation, caller, limits, undecided);
    if (found) direct.set(identityOf(caller), found);
  }
  const principals: WhoCanPrincipal[] = [];
  for (const caller of callers) {
    const id = identityOf(caller);
    let found = direct.get(id);
    let path = [id];
    if (!found) {
      // Through roles: the first reachable role (shortest chain first) that is allowed.
      const { chains } = await rt.roleChains(world, caller, [], limits);
      const chain = chains.find((c) => direct.has(c.path[c.path.length - 1]!));
      if (!chain) continue;
      found = direct.get(chain.path[chain.path.length - 1]!)!;
      path = chain.path;
    }
    principals.push(principalEntry(world, key, id, found, path));
  }
  const classes: WhoCanClass[] = [];
  for (const cls of principalClasses(world, key)) {
    const subject = classSubject(world, key, cls);
    if (!subject) continue;
    const outcome = await ask(rt, world, key, operation, subject, limits);
    if (outcome.status === 'unknown') undecided.push(`${cls.kind} ${cls.value}: ${outcome.why}`);
    if (outcome.status !== 'allowed') continue;
    const caller = cls.kind === 'service' ? { kind: 'service' as const, arn: cls.value, service: cls.value } : outsiderCaller(outcome.fields);
    verify(worldWithOutsider(world, caller), key, operation, caller, outcome.context, `${cls.kind} ${cls.value} (for example ${caller.arn})`);
    classes.push({
      kind: cls.kind, value: cls.value, conditions: conditionsOf(world, outcome.matched, key),
      example: { principal: caller.arn, context: Object.fromEntries(outcome.context) },
    });
  }
  return { key: key.arn, action: operation.action, principals, classes, complete: undecided.length === 0, undecided };
}

/** Context keys the world derives for a caller and key (left out of examples, which show what a request adds). */
function isDerived(world: World, caller: Caller, key: Key, name: string): boolean {
  const derived = contextFromEntries(mergeContext(callerContext(world, caller), keyContext(key)));
  return derived.has(name);
}
