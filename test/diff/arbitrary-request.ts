/**
 * Generated requests. A request is generated as abstract choices (which kind of principal, which operation, which
 * context values, by index) and resolved against a world: so world and request shrink independently, and every
 * request names a principal, a key and constants that the world actually has.
 *
 * Requests are kept in the words of `keyproof check` (principal, action, key, `--context K=V`, `--transitive`), so a
 * counterexample can be rerun from the command line as it was checked.
 */
import fc from 'fast-check';
import { chance, pickOne, weighted } from './arbitrary-helpers.js';
import { KMS_OPERATIONS, expandActionPattern } from '../../src/kms/operations.js';
import { buildKmsRequest } from '../../src/request/kms-request.js';
import { buildAccountRequest } from '../../src/request/account-request.js';
import type { CheckRequest } from '../../src/reference/evaluator.js';
import { resolveCaller } from '../../src/request/caller.js';
import type { Key, World } from '../../src/world/model.js';
import {
  CONDITION_KEYS, ENCRYPTION_CONTEXT, EXTERNAL_ACCOUNT, FOCUS_OPERATIONS, SERVICES, SESSION_NAME, rootArn, sessionArn,
} from './vocabulary.js';
import { allPolicyDocuments } from './world-policies.js';

/** A request in the words of the command line. */
export interface DiffRequest {
  principal: string;
  action: string;
  /** Absent for an operation that uses no key (kms:ListKeys...), asked in `account` when given. */
  key?: string;
  account?: string;
  context: string[];
  transitive: boolean;
}

/** `named`/`grantee`: an identity of the world that the key's policy / grants name (so that they often apply). */
export type PrincipalKind = 'user' | 'role' | 'session' | 'root' | 'external-root' | 'service' | 'named' | 'grantee';

export interface RequestChoice {
  principal: { kind: PrincipalKind; pick: number };
  /** `granted`: an operation of the key's grants. */
  operation: { from: 'mentioned' | 'granted' | 'focus' | 'any' | 'account'; pick: number };
  key: { pick: number; viaAlias: boolean };
  /** Indices into the world's candidate `K=V` pairs. */
  context: number[];
  transitive: boolean;
}

export const requestChoiceArb: fc.Arbitrary<RequestChoice> = fc.record({
  principal: fc.record({
    kind: pickOne(
      weighted(fc.constant<PrincipalKind>('user'), 5),
      weighted(fc.constant<PrincipalKind>('role'), 4),
      weighted(fc.constant<PrincipalKind>('session'), 1),
      weighted(fc.constant<PrincipalKind>('root'), 2),
      weighted(fc.constant<PrincipalKind>('external-root'), 1),
      weighted(fc.constant<PrincipalKind>('service'), 1),
      weighted(fc.constant<PrincipalKind>('named'), 3),
      weighted(fc.constant<PrincipalKind>('grantee'), 3),
    ),
    pick: fc.nat({ max: 99 }),
  }),
  operation: fc.record({
    from: pickOne(
      weighted(fc.constant('mentioned' as const), 4),
      weighted(fc.constant('granted' as const), 3),
      weighted(fc.constant('focus' as const), 3),
      weighted(fc.constant('any' as const), 1),
      // Operations that use no key (kms-api-permissions-reference.md, resource "*"), asked without a key.
      weighted(fc.constant('account' as const), 1),
    ),
    pick: fc.nat({ max: 999 }),
  }),
  key: fc.record({ pick: fc.nat({ max: 99 }), viaAlias: chance(20) }),
  context: pickOne(weighted(fc.constant<number[]>([]), 1), weighted(fc.array(fc.nat({ max: 9999 }), { minLength: 1, maxLength: 5 }), 3)),
  transitive: chance(33),
});

/** Operations that act on a key: the only ones `check --key` accepts. */
const KEY_OPERATIONS = KMS_OPERATIONS.filter((op) => op.resource !== 'none').map((op) => op.action);
/** Operations that use no key: `check` takes them without --key. */
const ACCOUNT_OPERATIONS = KMS_OPERATIONS.filter((op) => op.resource === 'none').map((op) => op.action);

function pick<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

/** Principals of each kind the world holds; the caller must be one (or an account root, or a service). */
function principalsOfKind(world: World, key: Key, kind: PrincipalKind): string[] {
  const accounts = [...world.accounts.values()];
  const roles = accounts.flatMap((a) => [...a.roles.values()]);
  switch (kind) {
    case 'user': return accounts.flatMap((a) => [...a.users.keys()]);
    case 'role': return roles.map((r) => r.arn);
    case 'session': return roles.map((r) => sessionArn(r.accountId, r.name, SESSION_NAME));
    case 'root': return accounts.map((a) => rootArn(a.id));
    case 'external-root': return [rootArn(EXTERNAL_ACCOUNT)];
    case 'service': return servicesNamed(world);
    case 'named': return resolvable(world, key.policy.document.statements.flatMap((s) => (s.principal ?? []).filter((p) => p.type === 'AWS').map((p) => p.value)));
    case 'grantee': return resolvable(world, key.grants.map((g) => g.granteePrincipal));
  }
}

/** The users, roles, sessions and account roots among `principals` that a request can name. */
function resolvable(world: World, principals: readonly string[]): string[] {
  return [...new Set(principals)].filter((arn) => {
    try {
      return arn !== '*' && resolveCaller(world, arn).kind !== 'service';
    } catch {
      return false; // an identity of an account the world does not describe
    }
  }).sort();
}

/** Service principals that policies or grants name (the vocabulary's services when none does). */
function servicesNamed(world: World): string[] {
  const named = new Set<string>();
  for (const doc of allPolicyDocuments(world)) {
    for (const s of doc.statements) for (const p of [...(s.principal ?? []), ...(s.notPrincipal ?? [])]) if (p.type === 'Service') named.add(p.value);
  }
  for (const key of world.keys.values()) for (const g of key.grants) if ((SERVICES as readonly string[]).includes(g.granteePrincipal)) named.add(g.granteePrincipal);
  return named.size > 0 ? [...named] : [...SERVICES];
}

/** KMS operations on keys that some Action (or grant) of the world covers. */
function operationsMentioned(world: World): string[] {
  const actions = new Set<string>();
  for (const doc of allPolicyDocuments(world)) {
    for (const s of doc.statements) for (const pattern of s.action ?? []) expandActionPattern(pattern).forEach((op) => actions.add(op.action));
  }
  for (const key of world.keys.values()) for (const g of key.grants) g.operations.forEach((op) => actions.add(`kms:${op}`));
  return KEY_OPERATIONS.filter((a) => actions.has(a));
}

/**
 * The `K=V` pairs a request may carry: every (key, value) a condition of the world writes, every encryption context
 * pair a grant constraint names, and the vocabulary's request values (which include values no policy writes).
 */
export function contextCandidates(world: World): string[] {
  const pairs = new Set<string>();
  for (const doc of allPolicyDocuments(world)) {
    for (const s of doc.statements) {
      for (const c of s.conditions) if (c.base !== 'Null') c.values.forEach((v) => pairs.add(`${c.key}=${v}`));
    }
  }
  for (const key of world.keys.values()) {
    for (const g of key.grants) {
      const constraint = { ...g.constraints?.encryptionContextSubset, ...g.constraints?.encryptionContextEquals };
      for (const [k, v] of Object.entries(constraint)) pairs.add(`kms:EncryptionContext:${k}=${v}`);
    }
  }
  for (const spec of CONDITION_KEYS) spec.requestValues.forEach((v) => pairs.add(`${spec.key}=${v}`));
  for (const [k, values] of Object.entries(ENCRYPTION_CONTEXT)) values.forEach((v) => pairs.add(`kms:EncryptionContext:${k}=${v}`));
  return [...pairs].sort();
}

/**
 * The picked pairs without repeats; an encryption context key keeps its first value, since an encryption context
 * has one value per key (`keyproof check` rejects a second one).
 */
function contextPairs(picked: readonly string[]): string[] {
  const pairs: string[] = [];
  const encryptionContextKeys = new Set<string>();
  for (const pair of picked) {
    const key = pair.slice(0, pair.indexOf('='));
    const isEncryptionContext = /^kms:encryptioncontext:/i.test(key);
    if (pairs.includes(pair) || (isEncryptionContext && encryptionContextKeys.has(key.toLowerCase()))) continue;
    if (isEncryptionContext) encryptionContextKeys.add(key.toLowerCase());
    pairs.push(pair);
  }
  return pairs;
}

const PRINCIPAL_FALLBACK: readonly PrincipalKind[] = ['user', 'role', 'root'];

export function resolveRequest(world: World, choice: RequestChoice): DiffRequest {
  const key = pick([...world.keys.values()], choice.key.pick)!;
  const accountOperation = choice.operation.from === 'account';
  // A service principal has no IAM policies to ask an operation without a key: a user, role or root asks it instead.
  const kinds = accountOperation && choice.principal.kind === 'service' ? PRINCIPAL_FALLBACK : [choice.principal.kind, ...PRINCIPAL_FALLBACK];
  const principal = kinds
    .map((kind) => pick(principalsOfKind(world, key, kind), choice.principal.pick))
    .find((p) => p !== undefined)!;
  const operations = {
    mentioned: operationsMentioned(world),
    granted: [...new Set(key.grants.flatMap((g) => g.operations.map((op) => `kms:${op}`)))],
    focus: FOCUS_OPERATIONS.map((op) => `kms:${op}`),
    any: KEY_OPERATIONS,
  };
  const action = (accountOperation ? undefined : pick(operations[choice.operation.from as keyof typeof operations], choice.operation.pick)) ?? pick(operations.focus, choice.operation.pick)!;
  const alias = choice.key.viaAlias ? key.aliases[0] : undefined;
  const candidates = contextCandidates(world);
  if (accountOperation) {
    // Mostly the caller's own account (its default); now and then the key's, which may be another (cross-account use "No").
    const account = choice.key.viaAlias ? key.accountId : undefined;
    return {
      principal,
      action: pick(ACCOUNT_OPERATIONS, choice.operation.pick)!,
      ...(account !== undefined ? { account } : {}),
      context: contextPairs(choice.context.map((i) => pick(candidates, i)!)),
      transitive: choice.transitive,
    };
  }
  return {
    principal,
    action,
    key: alias ? `arn:aws:kms:${key.region}:${key.accountId}:${alias}` : key.arn,
    context: contextPairs(choice.context.map((i) => pick(candidates, i)!)),
    transitive: choice.transitive,
  };
}

/** The request as the engines receive it (the same function the CLI uses). */
export function toKmsRequest(world: World, request: DiffRequest): CheckRequest {
  const { key, ...rest } = request;
  return key === undefined ? buildAccountRequest(world, rest) : buildKmsRequest(world, { ...rest, key });
}
