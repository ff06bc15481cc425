/**
 * The changes a why-not search may combine, one per layer of the decision that could stand in the way
 * (kms/policy-evaluation.md): a key policy statement, an IAM policy, the permissions boundary, an SCP, a grant, each
 * explicit Deny that applies, and the key state. Which of them are needed, and together with which, is the
 * solver's to find (src/questions/why-not/search.ts).
 */
import type { MatchedStatement, PolicySource, StatementJson, WhyNotChange } from '../../answer.js';
import type { Program } from '../../ir/ast.js';
import { stateBlocksOperation } from '../../kms/key-states.js';
import { isAwsOwnedRoleName, type Caller } from '../../request/caller.js';
import type { KmsRequest } from '../../request/kms-request.js';
import type { KeyState, World } from '../../world/model.js';
import { levelsOf } from '../../world/organization-path.js';
import { OUTSIDER_POLICY_NAME } from '../symbolic/outsider.js';
import { sidFor, WHY_NOT_POLICY_NAME } from './proposed-statement.js';

export interface Candidate {
  /** The id of the `open_choice` fact that stands for making this change. */
  gate: string;
  change: WhyNotChange;
  /** For a narrowed Deny: the statement's id in the question's program. */
  statementId?: string;
}

/** The IR statement ids of the Deny statements that apply to the request and are in force, read off a model. */
export type DenyInForce = (statementId: string) => boolean;

const ORGANIZATION_SOURCES: ReadonlySet<PolicySource> = new Set(['scp', 'rcp']);

function principalOf(caller: Caller): StatementJson['Principal'] {
  if (caller.kind === 'service') return { Service: caller.service };
  return { AWS: caller.kind === 'role-session' ? caller.roleArn : caller.arn };
}

/** The name a Sid gives the caller: the user or role name, the account, or the service. */
function callerWord(caller: Caller): string {
  if (caller.kind === 'user') return caller.user.name;
  if (caller.kind === 'role-session') return caller.role.name;
  if (caller.kind === 'root') return `Account${caller.accountId}`;
  return caller.service.split('.')[0] ?? 'Service';
}

/**
 * The condition that takes the caller out of a Deny: aws:PrincipalArn is the user, the role of a role session or the
 * account root (iam/reference_policies_condition-keys.md#condition-keys-principalarn); a service principal is named
 * by aws:PrincipalServiceName (#condition-keys-principalservicename).
 */
function exclusionOf(caller: Caller): Record<string, Record<string, string>> {
  if (caller.kind === 'service') return { StringNotEquals: { 'aws:PrincipalServiceName': caller.service } };
  return { ArnNotEquals: { 'aws:PrincipalArn': caller.kind === 'role-session' ? caller.roleArn : caller.arn } };
}

/**
 * The way a key's owner brings it back into use, one API call per step: CancelKeyDeletion leaves the key Disabled,
 * EnableKey enables it (AWS KMS API Reference, API_CancelKeyDeletion); a key pending import needs its key material
 * (kms/key-state.md). Other states (Creating, Updating, Unavailable, PendingReplicaDeletion) are not the owner's to
 * change.
 */
const NEXT_STATE: Partial<Record<KeyState, { call: string; to: KeyState }>> = {
  PendingDeletion: { call: 'kms:CancelKeyDeletion', to: 'Disabled' },
  Disabled: { call: 'kms:EnableKey', to: 'Enabled' },
  PendingImport: { call: 'kms:ImportKeyMaterial', to: 'Enabled' },
};

/** The first state on the way back into use in which the operation is not blocked, and the calls that lead there. */
export function unblockingState(state: KeyState, operation: string): { to: KeyState; calls: string[] } | undefined {
  const calls: string[] = [];
  for (let at = state, step = NEXT_STATE[at]; step; at = step.to, step = NEXT_STATE[at]) {
    calls.push(step.call);
    if (!stateBlocksOperation(step.to, operation).blocked) return { to: step.to, calls };
  }
  return undefined;
}

/** The Deny statements of the program, with what answers name them by (explain.ts's form of a location). */
function denyStatements(program: Program): Array<{ statementId: string; deny: MatchedStatement }> {
  const found = new Map<string, MatchedStatement>();
  for (const rule of program.rules) {
    const [, s, effect] = rule.head.args;
    if (rule.head.predicate !== 'statement' || effect?.kind !== 'string' || effect.value !== 'Deny' || s?.kind !== 'string') continue;
    const p = rule.provenance;
    if (!p || p.source === 'semantics' || p.source === 'world' || p.source === 'trust-policy' || s.value.includes('#unknown-')) continue;
    const location = p.file ? `${p.file}${p.at ? ` (at ${p.at})` : ''}` : undefined;
    found.set(s.value, { source: p.source, policy: p.policy, sid: p.sid, effect: 'Deny', ...(location ? { location } : {}) });
  }
  return [...found].map(([statementId, deny]) => ({ statementId, deny }));
}

/** `scp:NAME` ids of the SCPs attached on the caller's path from the organization root. */
function scpsOnPath(world: World, program: Program, caller: Caller): string[] {
  const org = world.organization;
  if (!org || caller.kind === 'service') return [];
  const levels = new Set(levelsOf(org, caller.accountId));
  const ids = new Set<string>();
  for (const rule of program.rules) {
    const [level, policy] = rule.head.args;
    if (rule.head.predicate === 'scp_attached' && level?.kind === 'string' && policy?.kind === 'string' && levels.has(level.value)) ids.add(policy.value);
  }
  return [...ids];
}

export function candidatesFor(world: World, req: KmsRequest, program: Program, denyInForce: DenyInForce): Candidate[] {
  const { caller, key, operation } = req;
  const candidates: Candidate[] = [];
  const add = (change: WhyNotChange, statementId?: string) =>
    candidates.push({ gate: `why-not:${candidates.length}`, change, ...(statementId ? { statementId } : {}) });
  const allow = (sid: string, resource: string, principal?: StatementJson['Principal']): StatementJson =>
    ({ Sid: sid, Effect: 'Allow', ...(principal ? { Principal: principal } : {}), Action: operation.action, Resource: resource });
  const sid = sidFor('Allow', callerWord(caller), operation.name);

  const unblocking = stateBlocksOperation(key.state, operation.name).blocked ? unblockingState(key.state, operation.name) : undefined;
  if (unblocking) add({ level: 'account', kind: 'key-state', key: key.arn, from: key.state, ...unblocking });
  for (const { statementId, deny } of denyStatements(program)) {
    if (!denyInForce(statementId)) continue;
    add({ level: ORGANIZATION_SOURCES.has(deny.source) ? 'organization' : 'account', kind: 'narrow-deny', deny, condition: exclusionOf(caller) }, statementId);
  }
  // In a key policy, Resource "*" means the key itself (kms/key-policy-overview.md#key-policy-elements).
  add({ level: 'account', kind: 'add-key-policy-statement', key: key.arn, statement: allow(sid, '*', principalOf(caller)) });
  const entity = caller.kind === 'user' ? caller.user : caller.kind === 'role-session' ? caller.role : undefined;
  const assumedPolicies = entity?.inlinePolicies.some((p) => p.name === OUTSIDER_POLICY_NAME) ?? false;
  if (entity && !assumedPolicies && !isAwsOwnedRoleName(entity.name)) {
    // An IAM policy names the key by its ARN (kms/cmks-in-iam-policies.md).
    add({ level: 'account', kind: 'add-iam-policy', identity: entity.arn, policyName: WHY_NOT_POLICY_NAME, statement: allow(sid, key.arn) });
    if (entity.permissionsBoundaryArn) {
      add({ level: 'account', kind: 'add-boundary-statement', identity: entity.arn, policy: entity.permissionsBoundaryArn, statement: allow(sid, key.arn) });
    }
  }
  if (operation.grantOperation && entity) {
    add({ level: 'account', kind: 'add-grant', key: key.arn, granteePrincipal: entity.arn, operations: [operation.action] });
  }
  for (const scp of scpsOnPath(world, program, caller)) {
    add({ level: 'organization', kind: 'add-scp-statement', policy: scp.replace(/^scp:/, ''), statement: allow(sid, '*') });
  }
  return candidates;
}
