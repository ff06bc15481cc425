/**
 * `audit` (concrete form): every principal of the world, and one probe principal for each account outside it,
 * against every key and every KMS operation on a key, with role assumption; grouped per key and operation group,
 * with findings for access from outside the organization and from anyone at all.
 */
import type { CheckAnswer } from '../answer.js';
import { KMS_OPERATIONS, type KmsOperation, type OperationGroup } from '../kms/operations.js';
import { accountOfPrincipal } from '../reference/principal-match.js';
import { checkWithReference } from '../reference/evaluator.js';
import { roleChains, type RoleChain } from '../reference/role-assumption.js';
import { callersOfWorld, rootArn, type Caller } from '../request/caller.js';
import { contextFor } from '../request/kms-request.js';
import type { Key, World } from '../world/model.js';

export const GROUP_TITLES: Record<OperationGroup, string> = {
  crypto: 'encrypt, decrypt and data keys',
  'sign-verify-mac': 'sign, verify and MAC',
  grants: 'grants',
  admin: 'administration',
  read: 'read',
};

export interface AuditAccess {
  principal: string;
  /** Where the principal comes from: the world, an account named by a policy or grant, or a probe for anyone. */
  origin: 'world' | 'external-account' | 'anyone';
  operations: string[];
  /** The shortest role chain, when the principal gets access through roles. */
  path: string[];
}

export interface AuditKey {
  key: string;
  account: string;
  state: string;
  aliases: string[];
  groups: Array<{ group: OperationGroup; title: string; access: AuditAccess[] }>;
}

export type FindingKind = 'public' | 'external';

export interface Finding {
  kind: FindingKind;
  key: string;
  principal: string;
  operations: string[];
  message: string;
}

export interface AuditResult {
  world: string;
  keys: AuditKey[];
  findings: Finding[];
}

/** An account id no policy names, standing for "any other AWS account": if its root can use a key, anyone can. */
function probeAccount(world: World, named: Set<string>): string {
  for (let n = 999999999999; ; n--) {
    const id = String(n);
    if (!named.has(id) && !world.accounts.has(id)) return id;
  }
}

/** Accounts that key policies and grants name but the world does not describe. */
function namedExternalAccounts(world: World): Set<string> {
  const named = new Set<string>();
  const add = (value: string) => {
    const account = accountOfPrincipal(value) ?? /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
    if (account && !world.accounts.has(account)) named.add(account);
  };
  for (const key of world.keys.values()) {
    for (const stmt of key.policy.document.statements) {
      for (const p of [...(stmt.principal ?? []), ...(stmt.notPrincipal ?? [])]) if (p.type === 'AWS') add(p.value);
    }
    for (const grant of key.grants) add(grant.granteePrincipal);
  }
  return named;
}

interface Probe {
  caller: Caller;
  origin: AuditAccess['origin'];
}

function probes(world: World): Probe[] {
  const list: Probe[] = callersOfWorld(world).map((caller) => ({ caller, origin: 'world' }));
  const external = namedExternalAccounts(world);
  for (const id of external) list.push({ caller: { kind: 'root', arn: rootArn(id), accountId: id }, origin: 'external-account' });
  const anyone = probeAccount(world, external);
  list.push({ caller: { kind: 'root', arn: rootArn(anyone), accountId: anyone }, origin: 'anyone' });
  return list;
}

const KEY_OPERATIONS: readonly KmsOperation[] = KMS_OPERATIONS.filter((op) => op.resource !== 'none');

function decide(world: World, caller: Caller, chains: RoleChain[], key: Key, operation: KmsOperation): CheckAnswer {
  const context = contextFor(world, caller, key, undefined, []);
  return checkWithReference(world, { caller, operation, key, overrides: [], context }, { transitive: true, chains });
}

function principalName(caller: Caller): string {
  return caller.kind === 'role-session' ? caller.roleArn : caller.arn;
}

function insideOrganization(world: World, caller: Caller): boolean {
  if (caller.kind === 'service') return true;
  return world.organization ? world.organization.accounts.includes(caller.accountId) : world.accounts.has(caller.accountId);
}

export function audit(world: World, onProgress?: (done: number, total: number) => void): AuditResult {
  const all = probes(world);
  const chains = new Map(all.map((p) => [p, roleChains(world, p.caller, [])]));
  const keys: AuditKey[] = [];
  const findings: Finding[] = [];
  let done = 0;
  for (const key of world.keys.values()) {
    const byGroup = new Map<OperationGroup, Map<string, AuditAccess>>();
    for (const probe of all) {
      const allowedOps: string[] = [];
      for (const operation of KEY_OPERATIONS) {
        const answer = decide(world, probe.caller, chains.get(probe)!, key, operation);
        if (answer.decision !== 'ALLOW') continue;
        allowedOps.push(operation.action);
        const group = byGroup.get(operation.group) ?? new Map<string, AuditAccess>();
        byGroup.set(operation.group, group);
        const name = principalName(probe.caller);
        const entry = group.get(name) ?? { principal: name, origin: probe.origin, operations: [], path: answer.path.length > 1 ? answer.path : [] };
        entry.operations.push(operation.action);
        group.set(name, entry);
      }
      if (allowedOps.length > 0) findings.push(...findingsFor(world, key, probe, allowedOps));
      onProgress?.(++done, all.length * world.keys.size);
    }
    keys.push({
      key: key.arn, account: key.accountId, state: key.state, aliases: key.aliases,
      groups: (Object.keys(GROUP_TITLES) as OperationGroup[])
        .map((group) => ({ group, title: GROUP_TITLES[group], access: [...(byGroup.get(group)?.values() ?? [])] })),
    });
  }
  return { world: world.file, keys, findings };
}

function findingsFor(world: World, key: Key, probe: Probe, operations: string[]): Finding[] {
  const principal = principalName(probe.caller);
  if (probe.origin === 'anyone') {
    return [{ kind: 'public', key: key.arn, principal: '*', operations, message: `any AWS account can use ${key.arn}` }];
  }
  if (!insideOrganization(world, probe.caller)) {
    return [{ kind: 'external', key: key.arn, principal, operations, message: `${principal}, outside the organization, can use ${key.arn}` }];
  }
  return [];
}
