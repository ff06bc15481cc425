/**
 * Policies whose document keyproof does not know (an AWS managed policy neither in the world nor in the snapshot)
 * could hold any statements. The evaluation is monotone in them: an added Allow never turns an ALLOW into a DENY,
 * an added Deny never turns a DENY into an ALLOW (iam/reference_policies_evaluation-logic.md: "An explicit deny in
 * any of these policies overrides the allow"; allows only add). So the answers under the two extreme documents,
 * "Allow everything" and "Deny everything", bound the answer under every document the policy could hold: when they
 * agree, that is the answer; when they differ, the answer is UNKNOWN, naming the policy.
 */
import type { CheckAnswer } from '../answer.js';
import type { PolicyDocument } from '../policy/model.js';
import { identityOf, type Caller } from '../request/caller.js';
import { unknownPoliciesDetail, unknownPoliciesOf, type UnknownPolicy } from '../world/attached-policies.js';
import type { ManagedPolicy, Role, User, World } from '../world/model.js';

/** The document an unknown policy is read as. */
export type Reading = 'allow-all' | 'deny-all';

function extremeDocument(arn: string, reading: Reading): PolicyDocument {
  const location = { file: arn, pointer: '' };
  return {
    version: '2012-10-17',
    statements: [{
      index: 0, sid: 'unknown document', effect: reading === 'allow-all' ? 'Allow' : 'Deny',
      action: ['*'], resource: ['*'], conditions: [], location,
    }],
    location,
  };
}

const readings = new WeakMap<World, Map<Reading, World>>();

/** The world with every unknown policy read as the extreme document (the same objects otherwise). */
export function worldUnder(world: World, reading: Reading): World {
  let byReading = readings.get(world);
  if (!byReading) { byReading = new Map(); readings.set(world, byReading); }
  let read = byReading.get(reading);
  if (!read) {
    const policies = new Map<string, ManagedPolicy>(world.awsManagedPolicies);
    for (const missing of world.missingManagedPolicies) {
      const document = extremeDocument(missing.arn, reading);
      policies.set(missing.arn, { name: missing.arn, arn: missing.arn, document, location: document.location });
    }
    read = { ...world, awsManagedPolicies: policies, missingManagedPolicies: [] };
    byReading.set(reading, read);
  }
  return read;
}

function entityOf(world: World, caller: Caller, id: string): User | Role | undefined {
  if (caller.kind === 'user' && caller.user.arn === id) return caller.user;
  if (caller.kind === 'role-session' && caller.role.arn === id) return caller.role;
  for (const account of world.accounts.values()) {
    const found = account.roles.get(id) ?? account.users.get(id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The answer from the answers under both readings. An ALLOW under "Deny everything" held whatever the documents
 * say, and a DENY under "Allow everything" too (its reason is then the real one, not the unknown policy's Deny).
 */
export function boundedAnswer(world: World, caller: Caller, permissive: CheckAnswer, restrictive: CheckAnswer): CheckAnswer {
  if (permissive.decision === restrictive.decision) return permissive.decision === 'ALLOW' ? restrictive : permissive;
  // The identities along the path that the permissive reading allowed hold the unknown policies that decide.
  const unknown: UnknownPolicy[] = permissive.path.flatMap((id) => {
    const entity = entityOf(world, caller, id);
    return entity ? unknownPoliciesOf(world, entity) : [];
  });
  const named = unknown.length > 0 ? unknown
    : world.missingManagedPolicies.map((m): UnknownPolicy => ({ arn: m.arn, attachedTo: m.referencedBy, use: 'attached' }));
  return {
    decision: 'UNKNOWN', reason: 'UNKNOWN', trusted: false, path: [identityOf(caller)], matched: [], trace: [],
    detail: unknownPoliciesDetail(named), unknownPolicies: named,
  };
}
