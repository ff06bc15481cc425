/**
 * The IAM identities of one account in an iam-collect store, written from GetAccountAuthorizationDetails
 * (iam-collect's authorizationDetails sync): per user, role and group a folder with `metadata.json` (arn, id,
 * path, permissionBoundary), `inline-policies.json` ([{ PolicyName, PolicyDocument }]), `managed-policies.json`
 * (ARNs), `tags.json` ({ key: value }), users' `groups.json` (group ARNs) and roles' `trust-policy.json`; per
 * managed policy `metadata.json` and `current-policy.json` (the default version's document). AWS managed
 * policies attached in the account sit under `iam/aws/policy/`.
 */
import { join } from 'node:path';
import type { InputWarning } from '../../errors.js';
import { parsePolicyDocument } from '../../policy/parse.js';
import { readIamEntityArn, readUniqueId, type IamEntityType } from '../identifiers.js';
import { AWS_INLINE, readInlinePolicies } from '../inline-policies.js';
import type { Account, Group, PolicyHolder, Role, User } from '../model.js';
import { isServiceLinkedPath, newHolder } from '../native/identities.js';
import { optionalItems, readObject, requireField, type PlainObject } from '../../input/read-value.js';
import { readTags } from '../tags.js';
import type { Where } from '../../input/where.js';
import type { WorldBuilder } from '../world-builder.js';
import { readStoreFile, requireStoreFile, subdirs } from './store-layout.js';

interface EntityFolder {
  dir: string;
  metadata: PlainObject;
  where: Where;
  arn: ReturnType<typeof readIamEntityArn>;
}

/** Each resource folder of a type, with its metadata and validated ARN. */
function foldersOf(typeDir: string, type: IamEntityType, account: string | undefined, warnings: InputWarning[]): EntityFolder[] {
  return subdirs(typeDir).map((name) => {
    const dir = join(typeDir, name);
    const { value, where } = requireStoreFile(join(dir, 'metadata.json'), warnings, `the metadata of an IAM ${type}`);
    const metadata = readObject(value, where, `the metadata of an IAM ${type}`);
    const arn = readIamEntityArn(requireField(metadata, 'arn', where, `the metadata of an IAM ${type}`), where.at('arn'), type, account);
    return { dir, metadata, where, arn };
  });
}

/** The inline and managed policies of a user, role or group. */
function readHolderPolicies(folder: EntityFolder, holder: PolicyHolder, builder: WorldBuilder, warnings: InputWarning[]): void {
  const inline = readStoreFile(join(folder.dir, 'inline-policies.json'), warnings);
  if (inline) holder.inlinePolicies = readInlinePolicies(inline.value, inline.where, AWS_INLINE);
  const managed = readStoreFile(join(folder.dir, 'managed-policies.json'), warnings);
  if (managed) {
    for (const [arn, arnWhere] of optionalItems(managed.value, managed.where, 'a list of managed policy ARNs')) {
      holder.managedPolicyArns.push(builder.referManagedPolicy(holder, arn, arnWhere, 'attached'));
    }
  }
}

function readTagsFile(dir: string, warnings: InputWarning[]): Record<string, string> {
  const tags = readStoreFile(join(dir, 'tags.json'), warnings);
  return tags ? readTags(tags.value, tags.where) : {};
}

function readBoundary(folder: EntityFolder, holder: PolicyHolder, builder: WorldBuilder): string | undefined {
  const boundary = folder.metadata.permissionBoundary;
  return boundary === undefined ? undefined : builder.referManagedPolicy(holder, boundary, folder.where.at('permissionBoundary'), 'boundary');
}

/** Managed policies (`iam/policy/` of the account, or `iam/aws/policy/` for AWS managed ones). */
function readManagedPolicies(typeDir: string, account: Account | undefined, builder: WorldBuilder, warnings: InputWarning[]): void {
  for (const folder of foldersOf(typeDir, 'policy', account?.id ?? 'aws', warnings)) {
    // An AWS managed policy attached in several accounts is stored once per account: the first copy is kept.
    if (!account && builder.world.awsManagedPolicies.has(folder.arn.arn)) continue;
    const { value, where } = requireStoreFile(join(folder.dir, 'current-policy.json'), warnings, `the document of managed policy ${folder.arn.arn}`);
    const document = parsePolicyDocument(value, where, 'identity');
    builder.addManagedPolicy(account, { name: folder.arn.arn, arn: folder.arn.arn, document, location: where.location() }, folder.where);
  }
}

/** Users, groups, roles and managed policies of `account` from its folder `accountDir`. */
export function readAccountIdentities(accountDir: string, account: Account, builder: WorldBuilder, warnings: InputWarning[]): void {
  const iam = join(accountDir, 'iam');
  readManagedPolicies(join(iam, 'policy'), account, builder, warnings);
  readManagedPolicies(join(iam, 'aws', 'policy'), undefined, builder, warnings);
  for (const folder of foldersOf(join(iam, 'group'), 'group', account.id, warnings)) {
    const group: Group = { ...newHolder(folder.arn, folder.where), kind: 'group' };
    readHolderPolicies(folder, group, builder, warnings);
    builder.addEntity(account, group, folder.where);
  }
  for (const folder of foldersOf(join(iam, 'user'), 'user', account.id, warnings)) {
    const user: User = { ...newHolder(folder.arn, folder.where), kind: 'user', groupArns: [], tags: readTagsFile(folder.dir, warnings) };
    if (folder.metadata.id !== undefined) user.userId = readUniqueId(folder.metadata.id, folder.where.at('id'), 'AIDA');
    readHolderPolicies(folder, user, builder, warnings);
    const groups = readStoreFile(join(folder.dir, 'groups.json'), warnings);
    if (groups) {
      for (const [arn, arnWhere] of optionalItems(groups.value, groups.where, 'a list of group ARNs')) builder.referGroup(user, { arn }, arnWhere);
    }
    const boundary = readBoundary(folder, user, builder);
    if (boundary) user.permissionsBoundaryArn = boundary;
    builder.addEntity(account, user, folder.where);
  }
  for (const folder of foldersOf(join(iam, 'role'), 'role', account.id, warnings)) {
    const role: Role = {
      ...newHolder(folder.arn, folder.where), kind: 'role', tags: readTagsFile(folder.dir, warnings), serviceLinked: isServiceLinkedPath(folder.arn.path),
    };
    if (folder.metadata.id !== undefined) role.roleId = readUniqueId(folder.metadata.id, folder.where.at('id'), 'AROA');
    const trust = readStoreFile(join(folder.dir, 'trust-policy.json'), warnings);
    if (trust) role.trustPolicy = { name: 'trust-policy', document: parsePolicyDocument(trust.value, trust.where, 'trust') };
    readHolderPolicies(folder, role, builder, warnings);
    const boundary = readBoundary(folder, role, builder);
    if (boundary) role.permissionsBoundaryArn = boundary;
    builder.addEntity(account, role, folder.where);
  }
}
