/**
 * The condition keys the world's policies test (every document: key policies, identity policies, boundaries, trust
 * policies, SCPs, RCPs), lower-cased, computed once per world. Lets a question say when a request leaves out a key
 * that AWS always sends and a policy tests.
 */
import type { PolicyDocument } from '../policy/model.js';
import type { World } from './model.js';

const cache = new WeakMap<World, ReadonlySet<string>>();

function documentsOf(world: World): PolicyDocument[] {
  const documents: PolicyDocument[] = [];
  for (const key of world.keys.values()) documents.push(key.policy.document);
  for (const account of world.accounts.values()) {
    for (const holder of [...account.users.values(), ...account.roles.values(), ...account.groups.values()]) {
      documents.push(...holder.inlinePolicies.map((p) => p.document));
    }
    for (const role of account.roles.values()) if (role.trustPolicy) documents.push(role.trustPolicy.document);
    for (const policy of account.managedPolicies.values()) documents.push(policy.document);
  }
  for (const policy of world.awsManagedPolicies.values()) documents.push(policy.document);
  const org = world.organization;
  if (org) for (const policy of [...org.serviceControlPolicies, ...org.resourceControlPolicies]) documents.push(policy.document);
  return documents;
}

export function conditionKeysOf(world: World): ReadonlySet<string> {
  let keys = cache.get(world);
  if (!keys) {
    keys = new Set(documentsOf(world).flatMap((d) => d.statements.flatMap((s) => s.conditions.map((c) => c.key.toLowerCase()))));
    cache.set(world, keys);
  }
  return keys;
}
