/** Every policy statement of a world by where it is written, to turn a deciding statement back into its conditions. */
import { formatLocation } from '../../errors.js';
import type { NamedPolicy, Statement } from '../../policy/model.js';
import type { World } from '../../world/model.js';

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

const indexes = new WeakMap<World, Map<string, Statement>>();

/** Built once per world: every reported principal looks its deciding statements up here. */
export function statementIndex(world: World): Map<string, Statement> {
  let index = indexes.get(world);
  if (!index) {
    index = new Map();
    for (const policy of policiesOf(world)) for (const stmt of policy.document.statements) index.set(formatLocation(stmt.location), stmt);
    indexes.set(world, index);
  }
  return index;
}
