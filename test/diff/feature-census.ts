/**
 * Which features of the policy language and the world model a loaded world uses: the generators must produce each
 * of them often enough for the differential test to exercise it.
 */
import type { PolicyDocument, Statement } from '../../src/policy/model.js';
import type { World } from '../../src/world/model.js';
import { allPolicyDocuments } from './world-policies.js';

function statementFeatures(s: Statement, prefix: string, add: (f: string) => void): void {
  add(`${prefix}:${s.effect}`);
  if (s.notPrincipal) add(`${prefix}:NotPrincipal`);
  if (s.notPrincipal) add(`${prefix}:${s.effect} NotPrincipal`);
  if (s.notAction) add(`${prefix}:NotAction`);
  if (s.notResource) add(`${prefix}:NotResource`);
  if (!s.resource && !s.notResource) add(`${prefix}:no Resource`);
  for (const p of s.principal ?? []) {
    if (p.value === '*') add(`${prefix}:Principal *`);
    else if (p.type === 'Service') add(`${prefix}:Principal service`);
    else if (/:user\//.test(p.value)) add(`${prefix}:Principal user`);
    else if (/:role\//.test(p.value)) add(`${prefix}:Principal role`);
    else if (/:assumed-role\//.test(p.value)) add(`${prefix}:Principal session`);
    else add(`${prefix}:Principal account`);
  }
  for (const a of s.action ?? []) if (['kms:*', 'kms:Re*', 'kms:Decrypt', 'kms:Get*'].includes(a)) add(`action ${a}`);
  for (const c of s.conditions) {
    add(`operator ${c.base}`);
    add(`condition key ${c.key}`);
    if (c.ifExists) add('operator ...IfExists');
    if (c.qualifier) add(`operator ${c.qualifier}:`);
  }
}

function documentFeatures(doc: PolicyDocument, prefix: string, add: (f: string) => void): void {
  doc.statements.forEach((s) => statementFeatures(s, prefix, add));
}

/** Does some chain of trust policies lead from a role back to itself? */
function hasTrustCycle(world: World): boolean {
  const roles = [...world.accounts.values()].flatMap((a) => [...a.roles.values()]);
  const trusted = new Map(roles.map((r) => [r.arn, new Set(
    (r.trustPolicy?.document.statements ?? []).flatMap((s) => (s.principal ?? []).map((p) => p.value)),
  )]));
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
    roles.some((r) => trusted.get(r.arn)!.has(from) && !seen.has(r.arn) && (r.arn === to || reaches(r.arn, to, seen.add(r.arn))));
  return roles.some((r) => reaches(r.arn, r.arn));
}

export function worldFeatures(world: World): Set<string> {
  const features = new Set<string>();
  const add = (f: string) => features.add(f);
  add(`${world.accounts.size} account(s)`);
  const accounts = [...world.accounts.values()];
  for (const user of accounts.flatMap((a) => [...a.users.values()])) {
    if (user.inlinePolicies.length > 0) add('user with inline policy');
    if (user.managedPolicyArns.length > 0) add('user with managed policy');
    if (user.groupArns.length > 0) add('user in group');
    if (user.permissionsBoundaryArn) add('user with permissions boundary');
  }
  for (const role of accounts.flatMap((a) => [...a.roles.values()])) {
    if (role.trustPolicy) documentFeatures(role.trustPolicy.document, 'trust', add);
    else add('role without trust policy');
    if (role.serviceLinked) add('service-linked role');
    if (role.permissionsBoundaryArn) add('role with permissions boundary');
  }
  if (hasTrustCycle(world)) add('trust cycle');
  if (world.missingManagedPolicies.length > 0) add('missing AWS managed policy');
  for (const key of world.keys.values()) {
    add(`key state ${key.state}`);
    documentFeatures(key.policy.document, 'key policy', add);
    for (const grant of key.grants) {
      add(grant.granteePrincipal.endsWith('.amazonaws.com') ? 'grant to service' : 'grant');
      if (grant.constraints?.encryptionContextSubset) add('grant EncryptionContextSubset');
      if (grant.constraints?.encryptionContextEquals) add('grant EncryptionContextEquals');
    }
  }
  const org = world.organization;
  if (org) {
    add('organization');
    org.serviceControlPolicies.forEach((p) => documentFeatures(p.document, 'scp', add));
    if (org.serviceControlPolicies.some((p) => p.document.statements.every((s) => !(s.action ?? []).some((a) => a === '*' || a.startsWith('kms:'))))) {
      add('scp allow-list without kms');
    }
    org.resourceControlPolicies.forEach((p) => documentFeatures(p.document, 'rcp', add));
    if (org.units.length > 0) add('organizational units');
    const units = new Set(org.units.map((u) => u.id));
    if (org.serviceControlPolicies.some((p) => p.targets.some((t) => units.has(t)))) add('scp at an OU');
    if (org.resourceControlPolicies.some((p) => p.targets.some((t) => units.has(t)))) add('rcp at an OU');
    if (org.serviceControlPolicies.some((p) => p.targets.some((t) => units.has(t)) && p.document.statements.every((s) => !(s.action ?? []).some((a) => a === '*' || a.startsWith('kms:'))))) {
      add('scp allow-list without kms at an OU');
    }
  }
  for (const doc of allPolicyDocuments(world)) for (const s of doc.statements) for (const a of s.action ?? []) if (a.startsWith('sts:')) add('sts action');
  return features;
}
