/**
 * `keyproof diff OLD NEW --world W`: the new policy applied where it lives in the world (a key's policy, an
 * identity's inline policy, or a managed policy's document), and the effective access difference reported as
 * `change` reports it: per key, who gains and loses which operations, with grants, SCPs, RCPs, boundaries and role
 * chains counted. The world before holds OLD in that place (it may differ from what the world holds), the world
 * after NEW: a change of one resource, compared by the machinery of `keyproof change` (change.ts).
 */
import { InputError, type SourceLocation } from '../../errors.js';
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { Limits } from '../../engine/solve-question.js';
import type { PolicyDocument } from '../../policy/model.js';
import { resolveKeyName, resolvePrincipalName } from '../../query/resolve.js';
import { resolveKey } from '../../request/kms-request.js';
import { applyChange } from '../../world/change/apply-change.js';
import type { Fact, WorldChange } from '../../world/change/model.js';
import type { World } from '../../world/model.js';
import { changeAccess } from '../change/change.js';
import type { ChangeResult } from '../change/change-result.js';
import type { DiffPolicies } from './input.js';

/** Where the policy lives: a key (key policies), or an identity's inline policy, or a managed policy (identity policies). */
export interface PolicyPlace {
  key?: string;
  principal?: string;
  policyName?: string;
  policyArn?: string;
}

function holderArnOf(world: World, text: string): string {
  const arn = /^(group)\//.test(text) ? undefined : resolvePrincipalName(world, text, '--principal');
  const found = [...world.accounts.values()].flatMap((a) => [...a.users.values(), ...a.roles.values(), ...a.groups.values()])
    .find((h) => h.arn === (arn ?? text) || (arn === undefined && `group/${h.name}` === text));
  if (!found) throw new InputError(undefined, `--principal: no user, role or group '${text}' in the world ${world.file}`);
  return found.arn;
}

/** The fact that puts one of the two documents in its place. */
function placeFact(world: World, kind: DiffPolicies['kind'], place: PolicyPlace): { address: string; fact: (document: PolicyDocument, location: SourceLocation) => Fact } {
  if (kind === 'key') {
    if (place.principal || place.policyName || place.policyArn) throw new InputError(undefined, 'diff --world: key policies are applied to a key: give --key, not --principal, --policy-name or --policy-arn');
    const keys = [...world.keys.keys()];
    if (!place.key && keys.length !== 1) throw new InputError(undefined, `diff --world: the world holds ${keys.length} keys; name the one the key policy is for with --key`);
    const keyArn = place.key ? resolveKey(world, resolveKeyName(world, place.key, '--key')).key.arn : keys[0]!;
    return { address: `the key policy of ${keyArn}`, fact: (document, location) => ({ kind: 'key-policy', keyArn, document, priority: 2, location, unknowns: [] }) };
  }
  if (place.key) throw new InputError(undefined, 'diff --world: identity policies are applied to an identity (--principal and --policy-name) or a managed policy (--policy-arn), not to --key');
  if (place.policyArn) {
    const arn = place.policyArn;
    const exists = [...world.accounts.values()].some((a) => a.managedPolicies.has(arn)) || world.awsManagedPolicies.has(arn);
    if (!exists) throw new InputError(undefined, `--policy-arn: no managed policy '${arn}' in the world ${world.file}`);
    return { address: `the managed policy ${arn}`, fact: (document, location) => ({ kind: 'managed-policy', arn, document, location, unknowns: [] }) };
  }
  if (!place.principal) throw new InputError(undefined, 'diff --world: name where the identity policy lives: --principal USER|ROLE|GROUP [--policy-name NAME], or --policy-arn ARN');
  const holderArn = holderArnOf(world, place.principal);
  const name = place.policyName ?? 'keyproof-diff';
  return { address: `the inline policy ${name} of ${holderArn}`, fact: (document, location) => ({ kind: 'inline-policy', holderArn, name, document, location, unknowns: [] }) };
}

export async function diffInWorld(rt: QuestionRuntime, world: World, policies: DiffPolicies, place: PolicyPlace, options: { limits: Limits }): Promise<ChangeResult> {
  const { address, fact } = placeFact(world, policies.kind, place);
  const oldFact = fact(policies.old.document, policies.old.document.location);
  const newFact = fact(policies.new.document, policies.new.document.location);
  const file = policies.new.document.location.file;
  const change = (before: Fact[], after: Fact[]): WorldChange => ({
    source: 'policy-diff', file, accounts: [], symbolicPrincipals: [], symbolicKeys: new Map(), symbolicIdentities: new Map(), unsupported: [], ignored: [],
    resources: [{ resource: { address, type: oldFact.kind, action: 'update', location: newFact.location }, before, after }],
  });
  // The world before: OLD in its place, whatever the world held there.
  const withOld = applyChange(world, change([], [oldFact])).after;
  return changeAccess(rt, withOld, world.file, change([oldFact], [newFact]), options);
}
