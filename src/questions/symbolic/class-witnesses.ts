/**
 * Concrete principals to try first for a class outside the world: the class's subject with its account, kind and
 * name fixed. Z3 decides such a question quickly (the ARNs fold to constants), while the open question, an ARN
 * built by concatenation from a 12-digit account and a name, can run into the time limit even when some principal
 * can (issue 14: `ArnLike aws:PrincipalArn arn:aws:iam::*:role/app-*` answered "unknown: canceled"). A witness
 * that is allowed answers the class (its example is verified by the reference like any other); when none is, the
 * open question is asked as before, so a witness never decides "no".
 */
import { stringConst as str, eq, type StringTerm } from '../../smt/term.js';
import { forEachString } from './strings-in.js';
import type { Key, World } from '../../world/model.js';
import { namedAccounts, type PrincipalClass } from './principal-classes.js';
import type { Subject } from './request.js';

const v = (name: string): StringTerm => ({ op: 'var', name });

/** At most this many named witnesses per class: each costs a question when denied. */
const MAX_NAMED = 2;

/** An account of the class: the one it names, the first of the organization's, or one no policy can tell apart. */
function accountOf(world: World, key: Key, cls: PrincipalClass): string | undefined {
  if (cls.kind === 'account') return cls.value;
  if (cls.kind === 'organization') return cls.accounts[0];
  if (cls.kind !== 'anyone') return undefined;
  const named = namedAccounts(world, key);
  for (let id = 999999999999; id > 0; id--) if (!named.has(String(id))) return String(id);
  return undefined;
}

/**
 * User and role names the key's policy and grants mention in ARNs (`...:role/app-*` gives role `app-x`): a
 * name the policy compares principals with is the likeliest to be let in.
 */
function namesMentioned(key: Key): Array<{ kind: 'user' | 'role-session'; name: string }> {
  const found = new Map<string, { kind: 'user' | 'role-session'; name: string }>();
  const read = (text: string) => {
    const m = /^arn:[^:]*:(?:iam|sts):[^:]*:[^:]*:(user|role)\/([^/]*)$/.exec(text);
    if (!m || text.includes('$')) return;
    const name = m[2]!.replace(/[*?]/g, 'x') || 'x';
    if (!/^[\w+=,.@-]{1,64}$/.test(name)) return;
    const kind = m[1] === 'user' ? 'user' as const : 'role-session' as const;
    found.set(`${kind} ${name}`, { kind, name });
  };
  forEachString(key.policy.document.statements, read);
  forEachString(key.grants, read);
  return [...found.values()].slice(0, MAX_NAMED);
}

/** The class's subject narrowed to concrete principals: users and roles the key names, some role, the root user. */
export function classWitnesses(world: World, key: Key, cls: PrincipalClass, subject: Subject): Subject[] {
  const account = accountOf(world, key, cls);
  if (account === undefined || subject.caller !== 'outside') return [];
  const fix = (kind: string, name?: string): Subject => ({
    // The same id: the lowered program is the class's (it does not depend on which principal is asked).
    ...subject,
    conditions: [
      ...subject.conditions, eq(subject.fields.account, str(account)), eq(subject.fields.kind, str(kind)),
      ...(name === undefined ? [] : [eq(v('outsider:name'), str(name))]),
    ],
  });
  // A role of the account before its root user: the usual principal, whose own IAM policies the class assumes.
  const named = namesMentioned(key);
  const someRole = named.some((n) => n.kind === 'role-session') ? [] : [fix('role-session', 'x')];
  return [...named.map((n) => fix(n.kind, n.name)), ...someRole, fix('root')];
}
