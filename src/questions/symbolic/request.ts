/**
 * One symbolic request to Z3: who asks (a caller of the world, or a class of principals outside it, with the
 * fields and derived context it fixes) and what (a KMS operation on a key, or sts:AssumeRole on a role). Z3
 * chooses the rest of the request context; an allowed model says which values the request needs.
 */
import type { MatchedStatement } from '../../answer.js';
import { callerFields, type CallerField } from '../../engine/caller-fields.js';
import { explain, type QuestionLabels } from '../../engine/explain.js';
import { ACCOUNT_RESOURCE } from '../../request/account-request.js';
import type { Program } from '../../ir/ast.js';
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { Limits } from '../../engine/solve-question.js';
import type { QuestionCaller } from '../../ir/lower/question.js';
import type { KmsOperation } from '../../kms/operations.js';
import { entityOf, type Caller } from '../../request/caller.js';
import { OPEN_PREDICATES, openStatements } from '../../ir/lower/unknown-policy.js';
import { atomName, compileProgram, type CompiledProgram } from '../../smt/compile.js';
import { Unsupported } from '../../smt/unsupported.js';
import { openAtoms, residualKey, type ResidualMemo, type ResidualParts, type ResidualVerdict } from './residuals.js';
import { unknownPoliciesDetail, unknownPoliciesOf } from '../../world/attached-policies.js';
import { contextFromEntries } from '../../request/context.js';
import { callerContext, keyContext, mergeContext, type ContextEntries } from '../../request/derive-context.js';
import { ASSUME_ROLE } from '../../request/role-chain.js';
import { symbolicContext } from '../../smt/context-model.js';
import type { Environment } from '../../smt/encode-constraint.js';
import { and, atomRef, concat, eq, implies, inRegex, not, or, stringConst, type BoolTerm, type StringTerm } from '../../smt/term.js';
import type { Key, Role, World } from '../../world/model.js';
import { openKeys } from './open-context.js';
import { namedAccounts, type PrincipalClass } from './principal-classes.js';

/** Who is asked: request fields (constants or solver-chosen), derived context, and constraints tying them. */
export interface Subject {
  id: string;
  caller: QuestionCaller;
  fields: Record<CallerField, StringTerm>;
  fixed: ContextEntries;
  linked: Map<string, StringTerm>;
  /** Keys the subject determines to be absent (never chosen by the solver). */
  absent: readonly string[];
  conditions: BoolTerm[];
}

export type Outcome =
  | { status: 'allowed'; action: string; matched: MatchedStatement[]; context: ContextEntries; fields: Record<CallerField, string> }
  | { status: 'denied' }
  | { status: 'unknown'; why: string };

const str = stringConst;

/**
 * Keys that describe the caller (reference_policies_condition-keys.md): for a principal of the world they are
 * derived from the world, and absent when the world gives no value; a request cannot choose them.
 */
export const PRINCIPAL_KEYS: readonly string[] = [
  'aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalType',
  'aws:PrincipalIsAWSService', 'aws:PrincipalServiceName', 'aws:username', 'aws:userid', 'kms:CallerAccount',
  'aws:PrincipalTag/*', 'aws:ResourceTag/*',
];
const v = (name: string): StringTerm => ({ op: 'var', name });
const mapFields = <A, B>(fields: Record<CallerField, A>, f: (a: A) => B): Record<CallerField, B> =>
  ({ principal: f(fields.principal), kind: f(fields.kind), account: f(fields.account), role: f(fields.role) });

export function worldSubject(world: World, key: Key | undefined, caller: Caller): Subject {
  return {
    id: caller.kind === 'role-session' ? caller.roleArn : caller.arn,
    caller,
    fields: mapFields(callerFields(caller), str),
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
  // Any user or role name: a policy or grant may name one role or user of the account (an "x" prefix here once
  // made every other name unreachable, so a key policy or grant naming an external role read as "nobody").
  const plainName = inRegex(name, [{ kind: 'iam-name' }]);
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
export function classSubject(world: World, key: Key, cls: PrincipalClass): Subject | undefined {
  if (cls.kind === 'service') {
    return { ...worldSubject(world, key, { kind: 'service', arn: cls.value, service: cls.value }), id: `service ${cls.value}` };
  }
  const account = cls.kind === 'account' ? str(cls.value) : v('outsider:account');
  const fields = { principal: v('outsider:principal'), kind: v('outsider:kind'), account, role: v('outsider:role') };
  const conditions = identityShape(fields);
  if (cls.kind === 'anyone') {
    conditions.push(inRegex(account, Array.from({ length: 12 }, () => ({ kind: 'digit' as const }))));
    for (const a of namedAccounts(world, key)) conditions.push(not(eq(account, str(a))));
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

/**
 * The request a subject is asked about: a KMS operation on a key, or sts:AssumeRole on a role. The action is always
 * a constant: a symbolic action (a choice among ~40 strings matched against case-insensitive patterns) made each
 * question 10–20 times slower; src/questions/symbolic/operation-classes.ts asks once per class of alike operations instead.
 */
export type Target =
  | { kind: 'kms'; key: Key; operation: KmsOperation }
  | { kind: 'assume-role'; role: Role }
  /** An operation that uses no key (kms:ListKeys...), made in `account` (src/request/account-request.ts). */
  | { kind: 'account'; account: string; operation: KmsOperation };

/** The lowered program of a question (cached by the runtime): the rules, the world's facts for the subject. */
export function programFor(rt: QuestionRuntime, world: World, target: Target, subject: Subject): Program {
  if (target.kind === 'kms') return rt.program(world, { kind: 'kms', key: target.key, caller: subject.caller }, `kms ${target.key.arn} ${subject.id}`);
  if (target.kind === 'account') return rt.program(world, { kind: 'account', account: target.account, caller: subject.caller }, `account ${target.account} ${subject.id}`);
  return rt.program(world, { kind: 'assume-role', role: target.role, caller: subject.caller }, `assume ${target.role.arn} ${subject.id}`);
}

/** The fields every question fixes: its action and resource, and the labels its explanation uses. */
function targetFields(target: Target): { action: string; resource: string; labels: QuestionLabels } {
  if (target.kind === 'kms') return { action: target.operation.action, resource: target.key.arn, labels: { policy: 'the key policy', action: target.operation.action, keyState: target.key.state } };
  if (target.kind === 'account') return { action: target.operation.action, resource: ACCOUNT_RESOURCE, labels: { policy: 'IAM policies', action: target.operation.action } };
  return { action: ASSUME_ROLE, resource: target.role.arn, labels: { policy: 'the trust policy', action: ASSUME_ROLE } };
}

/**
 * Asks Z3 whether some request by the subject is allowed; an allowed model gives the context it needs. With a
 * memo, a question whose residual was asked before reuses that answer (src/questions/symbolic/residuals.ts).
 */
export async function ask(rt: QuestionRuntime, world: World, target: Target, subject: Subject, limits: Limits, memo?: ResidualMemo): Promise<Outcome> {
  const program = programFor(rt, world, target, subject);
  const fixed = contextFromEntries(subject.fixed);
  const claimed = [...subject.linked.keys(), ...subject.absent].map((k) => k.toLowerCase());
  const isClaimed = (k: string) => claimed.some((c) => (c.endsWith('/*') ? k.toLowerCase().startsWith(c.slice(0, -1)) : c === k.toLowerCase()));
  const open = openKeys(program, (k) => fixed.has(k) || isClaimed(k));
  const context = symbolicContext(fixed, open, subject.linked);
  const { action, resource, labels } = targetFields(target);
  const fields: Environment['fields'] = { action, resource };
  for (const [name, term] of Object.entries(subject.fields)) if (term.op === 'string') fields[name as keyof typeof subject.fields] = term.value;
  const env: Environment = { fields, context };
  // Fields the subject leaves open are tied to the solver's field variables.
  const ties = Object.entries(subject.fields).filter(([, t]) => t.op !== 'string').map(([name, t]) => eq({ op: 'field', name: name as 'principal' }, t));
  const conditions = [...subject.conditions, ...ties];
  const choices = openStatements(program);
  // Unknown policies need two questions with their own reading (below); they are asked as they are.
  if (memo && choices.length === 0) {
    const compiled = compiledOrUndefined(program, env);
    if (compiled) {
      const parts = { compiled, goal: compiled.term('allow'), sideConditions: context.sideConditions(), conditions, open, linked: subject.linked, fields: subject.fields };
      const verdict = await residualVerdict(rt, env, limits, parts, memo);
      if (verdict.status !== 'sat') return verdict.status === 'unsat' ? { status: 'denied' } : verdict;
      const model = verdict.model;
      const holds = (predicate: string, ...args: string[]) => {
        const definition = compiled.definitions.get(atomName(predicate, args));
        return definition === undefined ? false : definition.op === 'const' ? definition.value : model.atoms.get(atomName(predicate, args)) ?? false;
      };
      const values = { ...Object.fromEntries(Object.entries(subject.fields).map(([n, t]) => [n, t.op === 'string' ? t.value : ''])), ...model.fields } as Record<'principal' | 'kind' | 'account' | 'role', string>;
      const answer = explain(compiled, holds, labels, [values.principal]);
      return { status: 'allowed', action, matched: answer.matched, context: mergeContext(subject.fixed, model.chosen, model.linked), fields: values };
    }
  }
  // With unknown policies (open choices, src/ir/lower/unknown-policy.ts), a request is allowed only if it is when
  // they deny everything; if it is only when they allow, it is undecided, naming them.
  const restrictive = choices.map((o) => { const choice = atomRef(atomName('open_choice', [o.statement])); return o.effect === 'Deny' ? choice : not(choice); });
  const verdict = await rt.solve(program, env, ['allow'], limits, [...conditions, ...restrictive]);
  if (verdict.status === 'unsat' && choices.length > 0) {
    const anyChoice = await rt.solve(program, env, ['allow'], limits, conditions);
    if (anyChoice.status === 'unknown') return { status: 'unknown', why: anyChoice.why };
    if (anyChoice.status === 'sat') {
      const entity = subject.caller && subject.caller !== 'outside' ? entityOf(subject.caller) : undefined;
      return { status: 'unknown', why: unknownPoliciesDetail(entity ? unknownPoliciesOf(world, entity) : []) };
    }
  }
  if (verdict.status === 'unsat') return { status: 'denied' };
  if (verdict.status === 'unknown') return { status: 'unknown', why: verdict.why };
  const solved = verdict.solved;
  const chosen: ContextEntries = [];
  for (const spec of open) {
    const values = [...new Set(context.slots(spec.key).filter((s) => solved.truth(s.used)).map((s) => solved.value(s.value)))];
    if (values.length > 0) chosen.push([spec.key, values]);
  }
  for (const [k, t] of subject.linked) chosen.push([k, [solved.value(t)]]);
  const values = mapFields(subject.fields, (t) => solved.value(t));
  const answer = explain(solved.compiled, solved.holds, labels, [values.principal]);
  return { status: 'allowed', action, matched: answer.matched, context: mergeContext(subject.fixed, chosen), fields: values };
}

/** The compiled question, or undefined when it holds what the compiler does not support (asked as before: UNKNOWN). */
function compiledOrUndefined(program: Program, env: Environment): CompiledProgram | undefined {
  try {
    return compileProgram(program, env, { free: OPEN_PREDICATES });
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/**
 * The verdict on a residual: denied when the goal folded to false, else the memo's, else Z3's (remembered, with
 * what its model says, unless undecided).
 */
async function residualVerdict(
  rt: QuestionRuntime, env: Environment, limits: Limits, parts: ResidualParts, memo: ResidualMemo,
): Promise<ResidualVerdict | { status: 'unknown'; why: string }> {
  memo.stats.questions++;
  if (parts.goal.op === 'const' && !parts.goal.value) { memo.stats.folded++; return { status: 'unsat' }; }
  const key = residualKey(parts);
  const known = memo.get(key);
  if (known) return known;
  const verdict = await rt.solveCompiled(parts.compiled, env, ['allow'], limits, parts.conditions);
  if (verdict.status === 'unknown') return verdict;
  if (verdict.status === 'unsat') { memo.set(key, verdict); return verdict; }
  const solved = verdict.solved;
  const atoms = new Map(openAtoms(parts.compiled).map((a) => [a.name, solved.holds(a.predicate, ...a.args)]));
  const chosen: ContextEntries = [];
  for (const spec of parts.open) {
    const values = [...new Set(env.context.slots(spec.key).filter((s) => solved.truth(s.used)).map((s) => solved.value(s.value)))];
    if (values.length > 0) chosen.push([spec.key, values]);
  }
  const linked: ContextEntries = [...parts.linked].map(([k, t]) => [k, [solved.value(t)]]);
  const fields = Object.fromEntries(Object.entries(parts.fields).filter(([, t]) => t.op !== 'string').map(([n, t]) => [n, solved.value(t)]));
  const found: ResidualVerdict = { status: 'sat', model: { atoms, chosen, linked, fields } };
  memo.set(key, found);
  return found;
}
