/**
 * Short names, resolved against the world: the one place where `keyproof query`, `--principal`, `--key` and
 * `--action` of every command, and the library's arguments, turn what a person types into ARNs.
 *
 * - A principal: a full ARN or a service principal (passed through: resolveCaller checks them), an account id (its
 *   root), `user/NAME` or `role/NAME`, or a bare NAME (the one user or role of that name in any account).
 * - A key: a full key or alias ARN (passed through: resolveKey checks them), `alias/NAME` or `key/ID`, or a bare
 *   alias name or key id.
 * - An action: `kms:Decrypt`, `Decrypt` or `decrypt` (action names are case-insensitive,
 *   iam/reference_policies_elements_action.md), or a pattern such as `kms:Get*` or `*`.
 *
 * A name that matches several things is an error that lists them; a name that matches nothing lists what the world
 * holds instead, closest first.
 */
import { InputError } from '../errors.js';
import { closestName } from '../input/did-you-mean.js';
import { expandActionPattern, findOperation, type KmsOperation } from '../kms/operations.js';
import { isAccountId, parseArn } from '../policy/arn.js';
import { hasWildcard } from '../policy/wildcard.js';
import { rootArn } from '../request/caller.js';
import type { World } from '../world/model.js';
import type { Query } from './ast.js';

/** The argument a name was given for, named in error messages (`--key`, `--principal`, `query`). */
export type NameSource = string;

/** How many candidates an error lists at most. */
const CANDIDATE_LIMIT = 12;

export function resolveQuery(world: World, query: Query): Query {
  switch (query.kind) {
    case 'who-can':
      return { ...query, action: resolveActionText(query.action, 'query'), key: resolveKeyName(world, query.key, 'query') };
    case 'can':
    case 'why-not':
      return {
        ...query, principal: resolvePrincipalName(world, query.principal, 'query'), action: resolveActionText(query.action, 'query'),
        key: resolveKeyName(world, query.key, 'query'),
      };
    case 'what-can':
      return { ...query, principal: resolvePrincipalName(world, query.principal, 'query') };
    case 'which-keys':
      return query;
  }
}

const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;

export function resolvePrincipalName(world: World, text: string, where: NameSource = 'query'): string {
  if (text.startsWith('arn:') || SERVICE_PRINCIPAL.test(text)) return text;
  if (isAccountId(text)) return rootArn(text);
  const short = /^(user|role)\/(.+)$/.exec(text);
  const kinds: Array<'user' | 'role'> = short ? [short[1] as 'user' | 'role'] : ['user', 'role'];
  const name = short ? short[2]! : text;
  const holders = [...world.accounts.values()].flatMap((account) =>
    kinds.flatMap((kind) => [...(kind === 'user' ? account.users : account.roles).values()]));
  // "Each IAM user name is unique and case-insensitive" (iam/reference_identifiers.md, IAM ARNs), so a name
  // typed in another case still names one identity; an exact match is preferred all the same.
  const exact = holders.filter((holder) => holder.name === name || `${holder.kind}/${holder.name}` === name);
  const matches = exact.length > 0 ? exact : holders.filter((holder) => holder.name.toLowerCase() === name.toLowerCase());
  const what = short ? `'${text}'` : `user or role named '${text}'`;
  return unique(world, where, what, text, matches.map((holder) => holder.arn), holders.map((holder) => holder.arn));
}

export function resolveKeyName(world: World, text: string, where: NameSource = 'query'): string {
  if (text.startsWith('arn:')) return text;
  const aliasArns = [...world.aliases.keys()];
  const keys = [...world.keys.values()];
  const aliasName = text.startsWith('alias/') ? text : `alias/${text}`;
  const keyId = text.startsWith('key/') ? text.slice('key/'.length) : text;
  const byAlias = text.startsWith('key/') ? [] : aliasArns.filter((arn) => parseArn(arn)?.resource === aliasName);
  const byId = text.startsWith('alias/') ? [] : keys.filter((key) => key.id.toLowerCase() === keyId.toLowerCase()).map((key) => key.arn);
  const candidates = text.startsWith('alias/') ? aliasArns : text.startsWith('key/') ? keys.map((key) => key.arn) : [...aliasArns, ...keys.map((key) => key.arn)];
  const what = text.startsWith('alias/') || text.startsWith('key/') ? `'${text}'` : `alias or key id '${text}'`;
  return unique(world, where, what, text, [...byAlias, ...byId], candidates);
}

/**
 * The action as keyproof spells it, `kms:Name` (or the pattern, `kms:Get*`), checked to name at least one KMS
 * operation on a key. Patterns stay patterns: `operationsOf` lists the operations they cover.
 */
export function resolveActionText(text: string, where: NameSource = '--action'): string {
  const bare = text.toLowerCase().startsWith('kms:') ? text.slice('kms:'.length) : text;
  if (hasWildcard(bare)) {
    const pattern = `kms:${bare}`;
    operationsOf(pattern, where);
    return pattern;
  }
  const operation = findOperation(bare);
  if (!operation) {
    const suggestion = closestName(bare, KEY_OPERATION_NAMES());
    throw new InputError(undefined,
      `${where}: expected a KMS operation such as kms:Decrypt; got '${text}'${suggestion ? ` (did you mean kms:${suggestion}?)` : ''}`);
  }
  if (operation.resource === 'none') {
    throw new InputError(undefined, `${where}: ${operation.action} does not act on a KMS key, so it cannot be asked of one`);
  }
  return operation.action;
}

/** The KMS operations on a key that an action or pattern covers; none is an error. */
export function operationsOf(action: string, where: NameSource = '--action'): KmsOperation[] {
  const operations = expandActionPattern(action).filter((op) => op.resource !== 'none');
  if (operations.length === 0) throw new InputError(undefined, `${where}: '${action}' matches no KMS operation on a key`);
  return operations;
}

const KEY_OPERATION_NAMES = () => expandActionPattern('kms:*').filter((op) => op.resource !== 'none').map((op) => op.name);

/** The one match of a short name; otherwise an error that lists the matches, or what the world holds instead. */
function unique(world: World, where: NameSource, what: string, text: string, matches: string[], all: string[]): string {
  const distinct = [...new Set(matches)];
  if (distinct.length === 1) return distinct[0]!;
  if (distinct.length > 1) {
    throw new InputError(undefined, `${where}: ${what} is ambiguous in the world ${world.file}; write one of: ${distinct.join(', ')}`);
  }
  throw new InputError(undefined, `${where}: no ${what} in the world ${world.file}; candidates: ${candidateList(text, all)}`);
}

/** The candidates, the closest to what was typed first, at most CANDIDATE_LIMIT of them. */
function candidateList(text: string, all: string[]): string {
  if (all.length === 0) return 'none';
  const lastPart = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
  const closest = closestName(lastPart(text), all.map(lastPart));
  const ordered = closest === undefined ? all : [...all.filter((arn) => lastPart(arn) === closest), ...all.filter((arn) => lastPart(arn) !== closest)];
  const shown = ordered.slice(0, CANDIDATE_LIMIT).join(', ');
  return ordered.length > CANDIDATE_LIMIT ? `${shown} and ${ordered.length - CANDIDATE_LIMIT} more` : shown;
}
