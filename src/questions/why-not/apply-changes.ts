/**
 * Makes why-not changes to a copy of a world, for the reference evaluator to check them: the same change the text
 * and JSON show, made the way a person would make it (a statement added to a policy document, a condition added to
 * a Deny statement, a grant created, the key's state changed).
 */
import type { WhyNotChange } from '../../answer.js';
import { formatLocation } from '../../errors.js';
import type { NamedPolicy, PolicyDocument, Statement } from '../../policy/model.js';
import { copyWorld } from '../../world/change/apply-change.js';
import type { KeyState, ManagedPolicy, World } from '../../world/model.js';
import { clausesOf, grantOf, statementOf, WHY_NOT_POLICY_NAME } from './proposed-statement.js';
import type { StatementJson } from '../../answer.js';

function withStatement(document: PolicyDocument, json: StatementJson): PolicyDocument {
  return { ...document, statements: [...document.statements, statementOf(json, document.statements.length)] };
}

function withPolicyAdded<P extends NamedPolicy>(policy: P, json: StatementJson): P {
  return { ...policy, document: withStatement(policy.document, json) };
}

/** Every policy of the world whose documents can hold a Deny, with a way to replace it. */
function* policySlots(world: World): Generator<{ policy: NamedPolicy; replace(p: NamedPolicy): void }> {
  for (const key of world.keys.values()) yield { policy: key.policy, replace: (p) => { key.policy = p; } };
  for (const account of world.accounts.values()) {
    for (const holder of [...account.users.values(), ...account.roles.values(), ...account.groups.values()]) {
      for (let i = 0; i < holder.inlinePolicies.length; i++) yield { policy: holder.inlinePolicies[i]!, replace: (p) => { holder.inlinePolicies[i] = p; } };
    }
    for (const [arn, managed] of account.managedPolicies) yield { policy: managed, replace: (p) => { account.managedPolicies.set(arn, p as ManagedPolicy); } };
  }
  for (const [arn, managed] of world.awsManagedPolicies) yield { policy: managed, replace: (p) => { world.awsManagedPolicies.set(arn, p as ManagedPolicy); } };
  const org = world.organization;
  for (const policy of [...(org?.serviceControlPolicies ?? []), ...(org?.resourceControlPolicies ?? [])]) {
    yield { policy, replace: (p) => { policy.document = p.document; } };
  }
}

function narrowDeny(world: World, change: Extract<WhyNotChange, { kind: 'narrow-deny' }>): boolean {
  const clauses = clausesOf(change.condition);
  for (const slot of policySlots(world)) {
    const statements = slot.policy.document.statements;
    const at = statements.findIndex((s) => s.effect === 'Deny' && formatLocation(s.location) === change.deny.location);
    if (at < 0) continue;
    const narrowed: Statement = { ...statements[at]!, conditions: [...statements[at]!.conditions, ...clauses] };
    slot.replace({ ...slot.policy, document: { ...slot.policy.document, statements: statements.map((s, i) => (i === at ? narrowed : s)) } });
    return true;
  }
  return false;
}

/** Makes one change; false when the world has nothing it applies to (a bug in the candidates). */
function applyOne(world: World, change: WhyNotChange): boolean {
  switch (change.kind) {
    case 'add-key-policy-statement': {
      const key = world.keys.get(change.key);
      if (key) key.policy = withPolicyAdded(key.policy, change.statement);
      return key !== undefined;
    }
    case 'add-iam-policy': {
      for (const account of world.accounts.values()) {
        const holder = account.users.get(change.identity) ?? account.roles.get(change.identity);
        if (!holder) continue;
        holder.inlinePolicies.push({ name: change.policyName || WHY_NOT_POLICY_NAME, document: withStatement({ version: '2012-10-17', statements: [], location: holder.location }, change.statement) });
        return true;
      }
      return false;
    }
    case 'add-boundary-statement': {
      for (const slot of policySlots(world)) {
        if ((slot.policy as Partial<ManagedPolicy>).arn === change.policy) { slot.replace(withPolicyAdded(slot.policy, change.statement)); return true; }
      }
      return false;
    }
    case 'add-scp-statement': {
      const scp = world.organization?.serviceControlPolicies.find((p) => p.name === change.policy);
      if (scp) scp.document = withStatement(scp.document, change.statement);
      return scp !== undefined;
    }
    case 'add-grant': {
      const key = world.keys.get(change.key);
      key?.grants.push(grantOf(change));
      return key !== undefined;
    }
    case 'narrow-deny': return narrowDeny(world, change);
    case 'key-state': {
      const key = world.keys.get(change.key);
      if (key) key.state = change.to as KeyState;
      return key !== undefined;
    }
  }
}

/** A copy of the world with the changes made, or undefined when one of them has nothing to apply to. */
export function applyWhyNotChanges(world: World, changes: readonly WhyNotChange[]): World | undefined {
  const copy = copyWorld(world);
  return changes.every((c) => applyOne(copy, c)) ? copy : undefined;
}
