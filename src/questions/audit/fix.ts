/**
 * The smallest documented fix of a finding, as a JSON Patch (RFC 6902) of the world file: what to change (the
 * statement or grant that causes the finding) and how, with the AWS pages that say so. Only a proposal: whether it
 * removes the finding without taking other access away is checked by asking the question again on the patched
 * world (src/api/fix-check.ts). A fix keyproof cannot write as a patch is given in words only.
 */
import type { SourceLocation } from '../../errors.js';
import type { JsonPatchOperation } from '../../input/json-patch.js';
import { appendPointer, parsePointer } from '../../input/pointer.js';
import { parseArn } from '../../policy/arn.js';
import type { World } from '../../world/model.js';
import type { Finding, FindingFix } from './result.js';

export type ProposedFix = Omit<FindingFix, 'check' | 'checkNote'>;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function valueAt(document: unknown, pointer: string): unknown {
  let node = document;
  for (const segment of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

const STATEMENT = /\/Statement(?:\/\d+)?$/;
const GRANT = /^\/keys\/\d+\/grants\/\d+$/;
const KEY = /^\/keys\/(\d+)$/;

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const where = (at: SourceLocation) => `${at.file}${at.line !== undefined ? `:${at.line}:${at.column ?? 1}` : ''} (at ${at.pointer})`;

function statementName(statement: Json, at: SourceLocation): string {
  const policy = at.pointer.startsWith('/keys/') ? 'key policy statement' : 'policy statement';
  return `${policy}${typeof statement.Sid === 'string' && statement.Sid !== '' ? ` "${statement.Sid}"` : ''} at ${where(at)}`;
}

/** Removes the statement at `pointer`: the whole `Statement` member when it is a single object. */
const removeStatement = (pointer: string): JsonPatchOperation[] => [{ op: 'remove', path: pointer }];

/** Adds `key: value` under StringEquals, creating what is missing. */
function addCondition(statement: Json, pointer: string, key: string, value: string): JsonPatchOperation[] | undefined {
  const condition = statement.Condition;
  if (condition === undefined) return [{ op: 'add', path: `${pointer}/Condition`, value: { StringEquals: { [key]: value } } }];
  if (!isObject(condition)) return undefined;
  const equals = condition.StringEquals;
  if (equals === undefined) return [{ op: 'add', path: `${pointer}/Condition/StringEquals`, value: { [key]: value } }];
  if (!isObject(equals) || Object.hasOwn(equals, key)) return undefined;
  return [{ op: 'add', path: appendPointer(`${pointer}/Condition/StringEquals`, key), value }];
}

/**
 * public: limit the statement to the organization (aws:PrincipalOrgID, iam/reference_policies_condition-keys.md)
 * or, without one, to the key's account (kms:CallerAccount, kms/conditions-kms.md; key-policy-overview.md says a
 * Principal "*" needs such conditions).
 */
function publicFix(world: World, finding: Finding, statement: Json, at: SourceLocation): ProposedFix {
  const org = world.organization?.id;
  const account = parseArn(finding.key)?.account ?? '';
  const [key, value, cites] = org !== undefined
    ? ['aws:PrincipalOrgID', org, ['iam/reference_policies_condition-keys.md#condition-keys-principalorgid', 'kms/key-policy-overview.md']]
    : ['kms:CallerAccount', account, ['kms/conditions-kms.md#conditions-kms-caller-account', 'kms/key-policy-overview.md']];
  const patch = addCondition(statement, at.pointer, key, value);
  return {
    target: statementName(statement, at),
    change: `add the condition "StringEquals": { "${key}": "${value}" } so that only principals of ${org !== undefined ? `organization ${org}` : `account ${account}`} match the Principal "*"`,
    ...(patch ? { patch, file: at.file } : {}),
    cites,
  };
}

/** external: take the outside account's principals out of the statement (kms/key-policy-modifying-external-accounts.md). */
function externalFix(finding: Finding, statement: Json, at: SourceLocation): ProposedFix {
  const account = /^\d{12}$/.test(finding.principal) ? finding.principal : parseArn(finding.principal)?.account;
  const principal = statement.Principal;
  const names = (entry: unknown) => typeof entry === 'string' && (entry === account || entry === finding.principal || parseArn(entry)?.account === account);
  const base = { target: statementName(statement, at), cites: ['kms/key-policy-modifying-external-accounts.md', 'kms/key-policy-overview.md'] };
  if (!isObject(principal) || account === undefined) return { ...base, change: `remove account ${account ?? finding.principal} from the statement's Principal, or accept the finding with a suppression rule if the access is intended` };
  const aws = asList(principal.AWS);
  const kept = aws.filter((e) => !names(e));
  const otherPrincipals = Object.keys(principal).some((k) => k !== 'AWS');
  let patch: JsonPatchOperation[];
  if (kept.length === aws.length) return { ...base, change: `remove account ${account} from the statement's Principal` };
  if (kept.length === 0 && !otherPrincipals) patch = removeStatement(at.pointer);
  else if (kept.length === 0) patch = [{ op: 'remove', path: `${at.pointer}/Principal/AWS` }];
  else patch = [{ op: 'replace', path: `${at.pointer}/Principal/AWS`, value: kept.length === 1 ? kept[0] : kept }];
  return {
    ...base,
    change: patch[0]!.path === at.pointer
      ? `remove the statement: it gives access only to account ${account}, outside the organization (if the access is intended, accept it with a suppression rule instead)`
      : `remove account ${account} from the statement's Principal (if the access is intended, accept it with a suppression rule instead)`,
    patch, file: at.file,
  };
}

const WIDENING = ['kms:putkeypolicy', 'kms:creategrant'];

/** self-escalation: take kms:PutKeyPolicy and kms:CreateGrant out of the statement (kms/iam-policies-best-practices.md, kms/grants.md). */
function escalationFix(finding: Finding, statement: Json, at: SourceLocation): ProposedFix {
  const base = { target: statementName(statement, at), cites: ['kms/iam-policies-best-practices.md', 'kms/grants.md', 'kms/conditions-kms.md'] };
  const actions = asList(statement.Action);
  const widening = (a: unknown) => typeof a === 'string' && WIDENING.includes(a.toLowerCase());
  const removed = actions.filter(widening);
  const ops = finding.operations.join(' and ');
  if (removed.length === 0) {
    return { ...base, change: `the statement allows ${ops} through a wildcard action: list the operations ${finding.principal} needs instead, without ${ops}, or limit kms:CreateGrant with kms:GrantIsForAWSResource` };
  }
  const kept = actions.filter((a) => !widening(a));
  const patch: JsonPatchOperation[] = kept.length === 0 ? removeStatement(at.pointer)
    : [{ op: 'replace', path: `${at.pointer}/Action`, value: kept.length === 1 ? kept[0] : kept }];
  return { ...base, change: `remove ${removed.join(' and ')} from the statement's Action (keep them for key administrators only)`, patch, file: at.file };
}

/** A grant: retire or revoke it (kms/grant-manage.md). */
function grantFix(world: World, finding: Finding, at: SourceLocation): ProposedFix {
  const key = world.keys.get(finding.key);
  const grant = key?.grants.find((g) => g.location.pointer === at.pointer);
  const id = grant ? (grant.name ? `${grant.name} (${grant.grantId})` : grant.grantId) : at.pointer;
  return {
    target: `grant ${id} at ${where(at)}`,
    change: `retire or revoke the grant (aws kms revoke-grant --key-id ${finding.key} --grant-id ${grant?.grantId ?? 'ID'})`,
    patch: [{ op: 'remove', path: at.pointer }], file: at.file,
    cites: ['kms/grant-manage.md', 'kms/grants.md'],
  };
}

/** no-administrator: the default key policy's statement for the account (kms/key-policy-default.md). */
function administratorFix(finding: Finding, document: unknown, at: SourceLocation): ProposedFix {
  const arn = parseArn(finding.key);
  const root = `arn:${arn?.partition ?? 'aws'}:iam::${arn?.account ?? 'ACCOUNT'}:root`;
  const statements = valueAt(document, `${at.pointer}/policy/Statement`);
  const statement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' };
  return {
    target: `the key policy of the key at ${where(at)}`,
    change: `add the default key policy's statement that gives the account (${root}) access to the key, so that its IAM policies can give key administrators kms:PutKeyPolicy`,
    ...(Array.isArray(statements) ? { patch: [{ op: 'add' as const, path: `${at.pointer}/policy/Statement/-`, value: statement }], file: at.file } : {}),
    cites: ['kms/key-policy-default.md'],
  };
}

/** One fix of several statements: each statement's change, the patches one after the other. */
function combined(fixes: ProposedFix[]): ProposedFix {
  if (fixes.length === 1) return fixes[0]!;
  const patched = fixes.every((f) => f.patch !== undefined);
  // Removals run from the last statement to the first, so that each pointer still names its statement.
  const patch = patched ? fixes.flatMap((f) => f.patch!).sort((a, b) => (a.op === 'remove' && b.op === 'remove' ? b.path.localeCompare(a.path, 'en', { numeric: true }) : 0)) : undefined;
  return {
    target: fixes.map((f) => f.target).join('; and '),
    change: fixes.map((f) => f.change).join('; and '),
    ...(patch ? { patch, file: fixes[0]!.file! } : {}),
    cites: [...new Set(fixes.flatMap((f) => f.cites))],
  };
}

/**
 * The fix of a finding; `document` is the parsed world file the finding's location points into (undefined when
 * there is none); `statements`: the pointers of every key policy statement that allows the finding's access (a
 * public key may be public through several), the finding's own location when empty.
 */
export function proposeFix(world: World, document: unknown, finding: Finding, statements: readonly SourceLocation[] = []): ProposedFix | undefined {
  const at = finding.location;
  if (!at) return undefined;
  const place = document === undefined ? undefined : valueAt(document, at.pointer);
  if ((finding.kind === 'dangling-grant' || finding.kind === 'inactive-key-granted' || finding.kind === 'external') && GRANT.test(at.pointer)) {
    return grantFix(world, finding, at);
  }
  if (finding.kind === 'no-administrator' && KEY.test(at.pointer)) return administratorFix(finding, document, at);
  if ((finding.kind === 'public' || finding.kind === 'external') && statements.length > 0 && document !== undefined) {
    const places = statements.map((here) => ({ here, statement: valueAt(document, here.pointer) }));
    if (places.every((p) => p.here.file === at.file && STATEMENT.test(p.here.pointer) && isObject(p.statement))) {
      return combined(places.map(({ here, statement }) =>
        (finding.kind === 'public' ? publicFix(world, finding, statement as Json, here) : externalFix(finding, statement as Json, here))));
    }
  }
  if (STATEMENT.test(at.pointer) && isObject(place)) {
    if (finding.kind === 'public') return publicFix(world, finding, place, at);
    if (finding.kind === 'external') return externalFix(finding, place, at);
    if (finding.kind === 'self-escalation') return escalationFix(finding, place, at);
  }
  return undefined;
}
