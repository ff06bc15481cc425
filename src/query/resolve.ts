/**
 * Resolves the short names of a query against the world: `user/NAME` and `role/NAME` to the one user or role of
 * that name in any account, an account id to its root, `alias/NAME` to the one alias ARN of that name, `key/ID` to
 * the key with that id. Full ARNs and service principals pass through; check, whoCan and whatCan validate them.
 */
import { InputError } from '../errors.js';
import { isAccountId, parseArn } from '../policy/arn.js';
import { rootArn } from '../request/caller.js';
import type { World } from '../world/model.js';
import type { Query } from './ast.js';

export function resolveQuery(world: World, query: Query): Query {
  switch (query.kind) {
    case 'who-can':
      return { ...query, key: resolveKeyName(world, query.key) };
    case 'can':
      return { ...query, principal: resolvePrincipalName(world, query.principal), key: resolveKeyName(world, query.key) };
    case 'what-can':
      return { ...query, principal: resolvePrincipalName(world, query.principal) };
    case 'which-keys':
      return query;
  }
}

export function resolvePrincipalName(world: World, text: string): string {
  if (isAccountId(text)) return rootArn(text);
  const short = /^(user|role)\/(.+)$/.exec(text);
  if (!short) return text;
  const [, kind, name] = short as unknown as [string, 'user' | 'role', string];
  const holders = [...world.accounts.values()].flatMap((account) => [...(kind === 'user' ? account.users : account.roles).values()]);
  return unique(world, text, holders.filter((holder) => holder.name === name).map((holder) => holder.arn), holders.map((holder) => holder.arn));
}

export function resolveKeyName(world: World, text: string): string {
  if (text.startsWith('alias/')) {
    const aliasArns = [...world.aliases.keys()];
    return unique(world, text, aliasArns.filter((arn) => parseArn(arn)?.resource === text), aliasArns);
  }
  if (text.startsWith('key/')) {
    const keys = [...world.keys.values()];
    return unique(world, text, keys.filter((key) => `key/${key.id}` === text).map((key) => key.arn), keys.map((key) => key.arn));
  }
  return text;
}

/** The one match of a short name; otherwise an error that lists the matches, or what the world holds instead. */
function unique(world: World, text: string, matches: string[], all: string[]): string {
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new InputError(undefined, `query: '${text}' is ambiguous in the world ${world.file}; write one of: ${matches.join(', ')}`);
  }
  const known = all.length === 0 ? 'none' : all.join(', ');
  throw new InputError(undefined, `query: no '${text}' in the world ${world.file}; candidates: ${known}`);
}
