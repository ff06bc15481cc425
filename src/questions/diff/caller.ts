/**
 * The callers of a diff question, one case at a time: a case fixes the caller's kind (and, but for one case, its
 * account), and leaves to the solver only what a policy could still tell apart, the user's or role's name and the
 * session name, constrained to real ARN shapes (iam/reference_identifiers.md). Request fields a case fixes are
 * folded into the rules at compile time: Z3's string solver is slow to choose among constants when a pattern must
 * not match (a disjunction of two key ARNs against one negated pattern gave `unknown` after 9 s), and instant on
 * constants. The request-context keys that describe the caller (aws:PrincipalArn, aws:PrincipalType...) are tied to
 * the caller the way src/request/derive-context.ts derives them, so the solver cannot pick a context no such caller
 * would send.
 */
import { callerFields } from '../../engine/caller-fields.js';
import type { Caller } from '../../request/caller.js';
import type { ContextModel, SymbolicKey } from '../../smt/context-model.js';
import type { Environment } from '../../smt/encode-constraint.js';
import type { Regex } from '../../smt/regex.js';
import { and, concat, eq, fieldTerm, inRegex, not, stringConst, type BoolTerm, type StringTerm } from '../../smt/term.js';
import type { AccountDomain } from './accounts.js';
import type { ShapedTerm, ShapePart } from '../../engine/pair-solver.js';

export type CallerKind = Caller['kind'];

export interface SymbolicCaller {
  /** What the case covers, for messages (e.g. "a role session of account 111122223333"). */
  label: string;
  kind: CallerKind;
  /** Constants, or the request field terms when the solver chooses them. */
  principal: StringTerm;
  account: StringTerm;
  role: StringTerm;
  /** The user's or role's name (the last part of its ARN). */
  name: StringTerm;
  /** The role session's name. */
  session: StringTerm;
  conditions: BoolTerm[];
  /** The shapes of the names the solver chooses. */
  shaped: ShapedTerm[];
}

const str = stringConst;
const NAME: StringTerm = { op: 'var', name: 'diff:name' };
const SESSION: StringTerm = { op: 'var', name: 'diff:session' };

/** The request fields a case fixes, to be folded in at compile time. */
export function fixedFields(c: SymbolicCaller): Environment['fields'] {
  const fields: Environment['fields'] = { kind: c.kind };
  for (const name of ['principal', 'account', 'role'] as const) {
    const term = c[name];
    if (term.op === 'string') fields[name] = term.value;
  }
  return fields;
}

const TWELVE_DIGITS: Regex = Array.from({ length: 12 }, () => ({ kind: 'digit' as const }));

/**
 * The characters of IAM user, role and role session names: letters, digits and `+=,.@_-` (from the IAM quotas
 * page, reference_iam-quotas.md, which is not in our copy of the docs). No '/' or ':', so the name is the last
 * part of the ARN, on which aws:username and the session ARN agree.
 */
const IAM_NAME: ShapePart[] = [{ word: 'A-Za-z0-9+=,.@_-' }];
const READABLE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const nameShape: ShapedTerm = { term: NAME, shape: IAM_NAME, when: { op: 'const', value: true }, tidy: { readable: READABLE_NAME, value: 'example' } };
const sessionShape: ShapedTerm = { term: SESSION, shape: IAM_NAME, when: { op: 'const', value: true }, tidy: { readable: READABLE_NAME, value: 'session' } };

/** The user, role session and root cases of one account (a constant, or the free account field). */
function accountCases(account: StringTerm, accountConditions: BoolTerm[], label: string): SymbolicCaller[] {
  const principal = fieldTerm('principal');
  const role = fieldTerm('role');
  const arn = (...parts: StringTerm[]) => concat(str('arn:aws:'), ...parts);
  const rootArn = arn(str('iam::'), account, str(':root'));
  return [
    {
      label: `a user of ${label}`, kind: 'user', principal, account, role: str(''), name: NAME, session: str(''),
      conditions: [...accountConditions, eq(principal, arn(str('iam::'), account, str(':user/'), NAME))], shaped: [nameShape],
    },
    {
      label: `a role session of ${label}`, kind: 'role-session', principal, account, role, name: NAME, session: SESSION,
      conditions: [...accountConditions, eq(role, arn(str('iam::'), account, str(':role/'), NAME)),
        eq(principal, arn(str('sts::'), account, str(':assumed-role/'), NAME, str('/'), SESSION))],
      shaped: [nameShape, sessionShape],
    },
    {
      label: `the root user of ${label}`, kind: 'root', principal: rootArn.op === 'string' ? rootArn : principal, account, role: str(''),
      name: str(''), session: str(''), conditions: rootArn.op === 'string' ? accountConditions : [...accountConditions, eq(principal, rootArn)], shaped: [],
    },
  ];
}

/** Any user, role session or root of the accounts of the domain, and the named service principals. */
export function callerCases(services: readonly string[], domain: AccountDomain): SymbolicCaller[] {
  const cases = domain.constants.flatMap((a) => accountCases(str(a), [], `account ${a}`));
  if (domain.anyOther) {
    const account = fieldTerm('account');
    const other = [inRegex(account, TWELVE_DIGITS), ...domain.constants.map((a) => not(eq(account, str(a))))];
    cases.push(...accountCases(account, other, 'an account no policy names'));
  }
  for (const service of services) {
    cases.push({
      label: `the service ${service}`, kind: 'service', principal: str(service), account: str(''), role: str(''),
      name: str(''), session: str(''), conditions: [], shaped: [],
    });
  }
  return cases;
}

/** One known caller (an identity of the world). */
export function knownCaller(caller: Caller): SymbolicCaller {
  const fields = callerFields(caller);
  return {
    label: caller.arn, kind: caller.kind, principal: str(fields.principal), account: str(fields.account), role: str(fields.role),
    name: str(caller.kind === 'user' ? caller.user.name : caller.kind === 'role-session' ? caller.role.name : ''),
    session: str(caller.kind === 'role-session' ? caller.sessionName : ''),
    conditions: [], shaped: [],
  };
}

/** aws:PrincipalType per kind of caller (iam/reference_policies_condition-keys.md#condition-keys-principaltype). */
const PRINCIPAL_TYPE = { user: 'User', 'role-session': 'AssumedRole', root: 'Account' } as const;

/** What a caller has for a key: a value, no value, or any value (unknown to keyproof). */
type Derived = StringTerm | 'absent' | 'free';

/**
 * The keys that describe the caller, as callerContext (src/request/derive-context.ts) derives them from
 * iam/reference_policies_condition-keys.md and kms/conditions-kms.md. Tags and the organization of a principal
 * keyproof does not know are free: the solver may pick them, and the witness shows the values it picked.
 */
function derive(key: string, c: SymbolicCaller): Derived | undefined {
  const lower = key.toLowerCase();
  const service = c.kind === 'service';
  if (lower.startsWith('aws:principaltag/')) return c.kind === 'user' || c.kind === 'role-session' ? 'free' : 'absent';
  switch (lower) {
    case 'aws:principalarn': return service ? 'absent' : c.kind === 'role-session' ? c.role : c.principal;
    case 'aws:principalaccount': case 'kms:calleraccount': return service ? 'absent' : c.account;
    case 'aws:principalisawsservice': return str(service ? 'true' : 'false');
    case 'aws:principalservicename': return service ? c.principal : 'absent';
    case 'aws:principaltype': return c.kind === 'service' ? 'absent' : str(PRINCIPAL_TYPE[c.kind]);
    case 'aws:username': return c.kind === 'user' ? c.name : 'absent';
    // keyproof knows no unique ids of these principals; the root user's aws:userid is its account id.
    case 'aws:userid': return c.kind === 'root' ? c.account : 'absent';
    case 'aws:principalorgid': case 'aws:principalorgpaths': return service ? 'absent' : 'free';
    default: return undefined;
  }
}

/** Conditions tying each open caller-describing key of the context to the caller. */
export function callerKeyConditions(c: SymbolicCaller, context: ContextModel, open: readonly SymbolicKey[]): BoolTerm[] {
  const conditions: BoolTerm[] = [];
  for (const spec of open) {
    const derived = derive(spec.key, c);
    if (derived === undefined || derived === 'free') continue;
    const [first, ...rest] = context.slots(spec.key);
    if (!first) continue;
    conditions.push(derived === 'absent' ? not(first.used) : and(first.used, eq(first.value, derived), ...rest.map((s) => not(s.used))));
  }
  return conditions;
}
