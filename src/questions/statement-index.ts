/** Every policy statement of a world by where it is written, to turn a deciding statement back into its conditions. */
import { formatLocation } from '../errors.js';
import type { NamedPolicy, Statement } from '../policy/model.js';
import type { World } from '../world/model.js';

function policiesOf(world: World): NamedPolicy[] {
  const policies: NamedPolicy[] = [...world.awsManagedPolicies.values()];
  for (const key of world.keys.values()) policies.push(key.policy);
  for (const account of world.accounts.values()) {
    policies.push(...account.managedPolicies.values());
    for (const holder of [...account.users.values(), ...account.roles.values(), ...account.groups.values()]) policies.push(...holder.inlinePolicies);
    for (const role of account.roles.values()) if (role.trustPolicy) policies.push(role.trustPolicy);
  }
  const org = world.organization;
  if (org) policies.push(...org.serviceControlPolicies, ...org.resourceControlPolicies);
  return policies;
}

export function statementIndex(world: World): Map<string, Statement> {
  const index = new Map<string, Statement>();
  for (const policy of policiesOf(world)) for (const stmt of policy.document.statements) index.set(formatLocation(stmt.location), stmt);
  return index;
}
