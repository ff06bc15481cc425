/**
 * A structural, sound filter before asking Z3 about a class of principals outside the world: can any Allow
 * statement of the key policy, or any grant, admit some principal of the class at all? A statement that names
 * only other accounts, or whose conditions require a principal ARN, account or organization that no principal of
 * the class has, cannot. When none can, the class is denied every operation without a solver.
 *
 * Why: with `Principal: "*"` under `ArnLike aws:PrincipalArn arn:aws:iam::ACCOUNT:role/app-*`, ACCOUNT an account
 * of the world, the "anyone" question is about string concatenations, which Z3 may fail to refute in its time
 * limit (issue 14: 17.8 s and `complete: false`). No outsider can match an ARN of an account the class excludes.
 *
 * Only a denial is decided here; every "can" still comes from Z3 with a reference-checked example. Anything this
 * module does not recognize counts as "could admit" (the question then goes to Z3 as before).
 */
import type { ConditionClause, Statement } from '../../policy/model.js';
import { accountOfPrincipal } from '../../reference/principal-match.js';
import type { Key, World } from '../../world/model.js';
import { namedAccounts, type PrincipalClass } from './principal-classes.js';

/** What the class fixes about its principals' accounts and organization. */
interface ClassShape {
  /** Could a principal of the class belong to this account? */
  account(id: string): boolean;
  /** Is aws:PrincipalOrgID absent for every principal of the class (no organization the world knows of)? */
  orgAbsent: boolean;
}

function shapeOf(world: World, key: Key, cls: PrincipalClass): ClassShape | undefined {
  const inOrg = (a: string) => world.organization?.accounts.includes(a) ?? false;
  switch (cls.kind) {
    case 'anyone': {
      // classSubject: any 12-digit account but those the key's question can tell apart; never in the organization.
      const named = namedAccounts(world, key);
      return { account: (a) => /^\d{12}$/.test(a) && !named.has(a), orgAbsent: true };
    }
    case 'account': return { account: (a) => a === cls.value, orgAbsent: !inOrg(cls.value) };
    case 'organization': return { account: (a) => cls.accounts.includes(a), orgAbsent: false };
    case 'service': return undefined;
  }
}

const ACCOUNT_OF_ARN = /^arn:[^:*?]+:(?:iam|sts)::(\d{12}):/;

/** Could a Principal entry name some principal (user, role session, root) of the class? */
function entryCouldName(shape: ClassShape, type: string, value: string): boolean {
  if (type !== 'AWS') return false; // services, federated and canonical users are not IAM principals of an account
  if (value === '*') return true;
  const account = accountOfPrincipal(value) ?? ACCOUNT_OF_ARN.exec(value)?.[1];
  return account === undefined || shape.account(account);
}

/** The condition keys whose value is the caller's account (reference_policies_condition-keys.md, kms/conditions-kms.md). */
const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'kms:calleraccount']);
/** Operators under which the key's value must equal or match one of the values (absent key: no match). */
const MATCHING = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike']);

/**
 * The account a pattern's value fixes: for ARN operators the fifth component, compared on its own (policy/arn.ts);
 * for string operators the fifth component of the text before the first wildcard, when that text holds all five
 * (a `*` earlier could span colons). Undefined when the pattern leaves the account open.
 */
function accountFixedBy(base: string, pattern: string): string | undefined {
  if (pattern.includes('$')) return undefined; // a policy variable: not a constant
  const literal = base.startsWith('Arn') ? pattern : pattern.slice(0, pattern.search(/[*?]|$/));
  const parts = literal.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const account = parts[4]!;
  return /[*?]/.test(account) ? undefined : account;
}

/**
 * Does the clause fail for every principal of the class, whatever else the request holds? Only plain matching
 * operators (no IfExists, no set qualifier but ForAnyValue, which is false on an absent key) on the principal's
 * ARN, account or organization, whose every value excludes the class.
 */
function clauseExcludes(shape: ClassShape, clause: ConditionClause): boolean {
  if (clause.ifExists || clause.qualifier === 'ForAllValues' || !MATCHING.has(clause.base)) return false;
  const key = clause.key.toLowerCase();
  if (key === 'aws:principalorgid') return shape.orgAbsent;
  if (key === 'aws:principalarn') {
    return clause.values.every((value) => { const account = accountFixedBy(clause.base, value); return account !== undefined && !shape.account(account); });
  }
  if (ACCOUNT_KEYS.has(key) && !clause.base.startsWith('Arn')) {
    // Only literal account values: a wildcard or a variable could match the class's account.
    return clause.values.every((value) => !/[*?$]/.test(value) && !shape.account(value));
  }
  return false;
}

function statementCouldAdmit(shape: ClassShape, stmt: Statement): boolean {
  if (stmt.effect !== 'Allow') return false;
  // NotPrincipal lets in everyone it does not list; a statement without either element is not read here.
  const named = stmt.principal ? stmt.principal.some((p) => entryCouldName(shape, p.type, p.value)) : true;
  return named && !stmt.conditions.some((clause) => clauseExcludes(shape, clause));
}

/**
 * Could the key policy or a grant admit some principal of the class (for some operation and request context)?
 * False only when no Allow statement and no grant can apply to any of them: then the class is denied everything
 * (kms/key-policies.md: without the key policy or a grant, IAM policies alone never give access to a key).
 */
export function keyCouldAdmitClass(world: World, key: Key, cls: PrincipalClass): boolean {
  const shape = shapeOf(world, key, cls);
  if (!shape) return true;
  if (key.policy.document.statements.some((stmt) => statementCouldAdmit(shape, stmt))) return true;
  return key.grants.some((grant) => entryCouldName(shape, 'AWS', grant.granteePrincipal));
}
