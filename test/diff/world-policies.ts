/** Every policy document of a world, wherever it is attached: what request generation draws its constants from. */
import type { PolicyDocument } from '../../src/policy/model.js';
import type { World } from '../../src/world/model.js';

export function allPolicyDocuments(world: World): PolicyDocument[] {
  const documents: PolicyDocument[] = [];
  for (const account of world.accounts.values()) {
    for (const holder of [...account.users.values(), ...account.roles.values(), ...account.groups.values()]) {
      documents.push(...holder.inlinePolicies.map((p) => p.document));
    }
    for (const role of account.roles.values()) if (role.trustPolicy) documents.push(role.trustPolicy.document);
    documents.push(...[...account.managedPolicies.values()].map((p) => p.document));
  }
  documents.push(...[...world.awsManagedPolicies.values()].map((p) => p.document));
  documents.push(...[...world.keys.values()].map((k) => k.policy.document));
  const org = world.organization;
  if (org) documents.push(...[...org.serviceControlPolicies, ...org.resourceControlPolicies].map((p) => p.document));
  return documents;
}
