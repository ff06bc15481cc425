/**
 * Suppression rules (`keyproof.suppress.yaml` next to the world, or `--suppress FILE`): findings that are known
 * and intended, each accepted with a reason and, optionally, until a date. Like IAM Access Analyzer's archive rules
 * (access-analyzer-archive-rules), a rule filters on what a finding is about; unlike them, a suppressed finding is
 * still reported, in its own list. Every field is checked here, with file:line:column for anything wrong.
 *
 *   suppressions:
 *     - reason: the partner decrypts the files we exchange    # required
 *       expires: 2027-06-30                                   # optional: the last day (UTC) the rule applies
 *       kind: external                                        # matchers, each a string or a list; all given must match
 *       key: alias/partner-exchange                           # key ARN, key id or alias (with or without alias/), * wildcards
 *       principal: "210987654321"                             # the finding's principal (ARN, account, ...), * wildcards
 *       class: account                                        # anyone, account, organization, service, identity
 *       action: kms:Decrypt                                   # every operation of the finding must match one (kms: optional, *)
 *       account: "444455556666"                               # the key's account
 *       principalAccount: "210987654321"                      # the principal's account
 */
import type { SourceLocation } from '../../errors.js';
import { closestName, quoted } from '../../input/did-you-mean.js';
import { checkFields, itemsOf, readNonEmptyString, readObject, readStringOrList, requireField } from '../../input/read-value.js';
import { SourceText } from '../../input/source-text.js';
import { Where } from '../../input/where.js';
import { FINDING_KINDS, type FindingKind } from './result.js';

export const SUPPRESSION_FILE_NAME = 'keyproof.suppress.yaml';

/** What a finding's principal is: a class of principals outside the world, or an identity (an ARN). */
export const PRINCIPAL_CLASSES = ['anyone', 'account', 'organization', 'service', 'identity'] as const;
export type PrincipalClass = (typeof PRINCIPAL_CLASSES)[number];

export interface SuppressionRule {
  location: SourceLocation;
  reason: string;
  expires?: string;
  kinds?: FindingKind[];
  keys?: string[];
  principals?: string[];
  classes?: PrincipalClass[];
  actions?: string[];
  accounts?: string[];
  principalAccounts?: string[];
}

export interface SuppressionFile {
  file: string;
  rules: SuppressionRule[];
}

const MATCHERS = ['kind', 'key', 'principal', 'class', 'action', 'account', 'principalAccount'] as const;
const RULE_FIELDS = ['reason', 'expires', ...MATCHERS];

/** YYYY-MM-DD, a real day of the calendar. */
function readDate(value: unknown, where: Where): string {
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString().slice(0, 10) : undefined;
  const valid = text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
  if (!valid) throw where.error(`expected "expires" to be a date written YYYY-MM-DD (the last day the rule applies), found ${JSON.stringify(value)}`);
  return text;
}

function readChoice<T extends string>(values: Array<[string, Where]>, allowed: readonly T[], what: string): T[] {
  return values.map(([value, where]) => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    const suggestion = closestName(value, allowed);
    throw where.error(`unknown ${what} "${value}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (expected one of ${quoted(allowed)})`);
  });
}

const ACCOUNT = /^\d{12}$/;

function readAccounts(values: Array<[string, Where]>, field: string): string[] {
  return values.map(([value, where]) => {
    if (!ACCOUNT.test(value)) throw where.error(`expected "${field}" to be a 12-digit AWS account id (quote it in YAML: "012345678901"), found "${value}"`);
    return value;
  });
}

function readRule(value: unknown, where: Where): SuppressionRule {
  const object = readObject(value, where, 'a suppression rule');
  checkFields(object, where, 'a suppression rule', RULE_FIELDS);
  const reason = readNonEmptyString(requireField(object, 'reason', where, 'a suppression rule'), where.at('reason'), 'the reason the findings are accepted ("reason")').trim();
  if (reason === '') throw where.at('reason').error('expected the reason the findings are accepted ("reason"), found only spaces');
  if (!MATCHERS.some((m) => object[m] !== undefined)) {
    throw where.error(`a suppression rule must say which findings it accepts: give at least one of ${quoted(MATCHERS)} (a rule without one would accept every finding)`);
  }
  for (const name of ['account', 'principalAccount']) {
    // An unquoted account id is a YAML number, which would lose its leading zeros.
    const values = Array.isArray(object[name]) ? object[name] as unknown[] : [object[name]];
    const at = (i: number) => (Array.isArray(object[name]) ? where.at(name, i) : where.at(name));
    values.forEach((v, i) => {
      if (typeof v === 'number') throw at(i).error(`expected "${name}" to be a 12-digit AWS account id in quotes ("012345678901"), found the number ${v}`);
    });
  }
  const list = (name: string) => (object[name] === undefined ? undefined : readStringOrList(object[name], where.at(name), `"${name}"`));
  const kind = list('kind');
  const key = list('key');
  const principal = list('principal');
  const cls = list('class');
  const action = list('action');
  const account = list('account');
  const principalAccount = list('principalAccount');
  return {
    location: where.location(),
    reason,
    ...(object.expires !== undefined ? { expires: readDate(object.expires, where.at('expires')) } : {}),
    ...(kind ? { kinds: readChoice(kind, FINDING_KINDS, 'finding kind') } : {}),
    ...(key ? { keys: key.map(([v]) => v) } : {}),
    ...(principal ? { principals: principal.map(([v]) => v) } : {}),
    ...(cls ? { classes: readChoice(cls, PRINCIPAL_CLASSES, 'principal class') } : {}),
    ...(action ? { actions: action.map(([v]) => v) } : {}),
    ...(account ? { accounts: readAccounts(account, 'account') } : {}),
    ...(principalAccount ? { principalAccounts: readAccounts(principalAccount, 'principalAccount') } : {}),
  };
}

export function parseSuppressionFile(text: SourceText): SuppressionFile {
  const root = Where.ofFile(text);
  const object = readObject(text.value, root, 'a suppression file (an object with "suppressions", a list of rules)');
  checkFields(object, root, 'a suppression file', ['suppressions']);
  const rules = itemsOf(requireField(object, 'suppressions', root, 'a suppression file'), root.at('suppressions'), '"suppressions", a list of rules')
    .map(([value, where]) => readRule(value, where));
  return { file: text.file, rules };
}

export function readSuppressionFile(file: string): SuppressionFile {
  return parseSuppressionFile(SourceText.read(file));
}
