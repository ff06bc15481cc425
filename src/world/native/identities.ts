/**
 * Users, roles, groups and customer managed policies of an account in the native world format
 * (interface.md section 3).
 */
import { parsePolicyDocument } from '../../policy/parse.js';
import { readIamEntityArn, readUniqueId, type IamEntityArn } from '../identifiers.js';
import { NATIVE_INLINE, readInlinePolicies } from '../inline-policies.js';
import type { Account, Group, PolicyHolder, Role, User } from '../model.js';
import { checkFields, describeValue, optionalItems, readObject, requireField, type PlainObject } from '../../input/read-value.js';
import { readTags } from '../tags.js';
import type { Where } from '../../input/where.js';
import type { WorldBuilder } from '../world-builder.js';

const USER_FIELDS = ['arn', 'userId', 'policies', 'managedPolicies', 'groups', 'permissionsBoundary', 'tags'];
const ROLE_FIELDS = ['arn', 'roleId', 'trustPolicy', 'policies', 'managedPolicies', 'permissionsBoundary', 'tags'];
const GROUP_FIELDS = ['arn', 'policies', 'managedPolicies'];
const MANAGED_POLICY_FIELDS = ['arn', 'document', 'versionId'];

/** iam/reference_identifiers.md#identifiers-arns: service-linked roles live under the path /aws-service-role/. */
export function isServiceLinkedPath(path: string): boolean {
  return path.startsWith('/aws-service-role/');
}

/** The parts every policy holder has, from its validated ARN. */
export function newHolder(arn: IamEntityArn, where: Where): PolicyHolder {
  return { arn: arn.arn, name: arn.name, accountId: arn.account, inlinePolicies: [], managedPolicyArns: [], location: where.location() };
}

export function readNativeUsers(value: unknown, where: Where, account: Account, builder: WorldBuilder): void {
  for (const [item, itemWhere] of optionalItems(value, where, 'a list of users')) {
    const object = entityObject(item, itemWhere, 'user', USER_FIELDS);
    const arn = readIamEntityArn(requireField(object, 'arn', itemWhere, 'a user'), itemWhere.at('arn'), 'user', account.id);
    const user: User = { ...newHolder(arn, itemWhere), kind: 'user', groupArns: [], tags: readTags(object.tags, itemWhere.at('tags')) };
    if (object.userId !== undefined) user.userId = readUniqueId(object.userId, itemWhere.at('userId'), 'AIDA');
    readHolderPolicies(object, itemWhere, user, builder);
    for (const [group, groupWhere] of optionalItems(object.groups, itemWhere.at('groups'), 'a list of group ARNs')) {
      builder.referGroup(user, { arn: group }, groupWhere);
    }
    if (object.permissionsBoundary !== undefined) {
      user.permissionsBoundaryArn = builder.referManagedPolicy(user, object.permissionsBoundary, itemWhere.at('permissionsBoundary'), 'boundary');
    }
    builder.addEntity(account, user, itemWhere);
  }
}

export function readNativeRoles(value: unknown, where: Where, account: Account, builder: WorldBuilder): void {
  for (const [item, itemWhere] of optionalItems(value, where, 'a list of roles')) {
    const object = entityObject(item, itemWhere, 'role', ROLE_FIELDS);
    const arn = readIamEntityArn(requireField(object, 'arn', itemWhere, 'a role'), itemWhere.at('arn'), 'role', account.id);
    const role: Role = {
      ...newHolder(arn, itemWhere),
      kind: 'role',
      tags: readTags(object.tags, itemWhere.at('tags')),
      serviceLinked: isServiceLinkedPath(arn.path),
    };
    if (object.roleId !== undefined) role.roleId = readUniqueId(object.roleId, itemWhere.at('roleId'), 'AROA');
    if (object.trustPolicy !== undefined) {
      role.trustPolicy = { name: 'trust-policy', document: parsePolicyDocument(object.trustPolicy, itemWhere.at('trustPolicy'), 'trust') };
    }
    readHolderPolicies(object, itemWhere, role, builder);
    if (object.permissionsBoundary !== undefined) {
      role.permissionsBoundaryArn = builder.referManagedPolicy(role, object.permissionsBoundary, itemWhere.at('permissionsBoundary'), 'boundary');
    }
    builder.addEntity(account, role, itemWhere);
  }
}

export function readNativeGroups(value: unknown, where: Where, account: Account, builder: WorldBuilder): void {
  for (const [item, itemWhere] of optionalItems(value, where, 'a list of groups')) {
    const object = entityObject(item, itemWhere, 'group', GROUP_FIELDS);
    const arn = readIamEntityArn(requireField(object, 'arn', itemWhere, 'a group'), itemWhere.at('arn'), 'group', account.id);
    const group: Group = { ...newHolder(arn, itemWhere), kind: 'group' };
    readHolderPolicies(object, itemWhere, group, builder);
    builder.addEntity(account, group, itemWhere);
  }
}

/**
 * `{ arn, document }` entries: customer managed policies of `account`, or AWS managed ones when it is undefined;
 * an AWS managed policy may instead be `{ arn, versionId }` (its document is then the snapshot's, if it holds that version).
 */
export function readNativeManagedPolicies(value: unknown, where: Where, account: Account | undefined, builder: WorldBuilder): void {
  for (const [item, itemWhere] of optionalItems(value, where, 'a list of managed policies')) {
    const object = readObject(item, itemWhere, 'a managed policy ({ arn, document })');
    checkFields(object, itemWhere, 'a managed policy', MANAGED_POLICY_FIELDS);
    const arnWhere = itemWhere.at('arn');
    const arn = readIamEntityArn(requireField(object, 'arn', itemWhere, 'a managed policy'), arnWhere, 'policy', account?.id ?? 'aws');
    // An AWS managed policy may be named by its version alone: keyproof's snapshot then supplies that version.
    if (!account && object.document === undefined && object.versionId !== undefined) {
      builder.pinAwsManagedPolicy(arn.arn, readVersionId(object.versionId, itemWhere.at('versionId')), itemWhere);
      continue;
    }
    if (object.versionId !== undefined) readVersionId(object.versionId, itemWhere.at('versionId'));
    const document = parsePolicyDocument(requireField(object, 'document', itemWhere, 'a managed policy'), itemWhere.at('document'), 'identity');
    builder.addManagedPolicy(account, { name: arn.arn, arn: arn.arn, document, location: itemWhere.location() }, itemWhere);
  }
}

/** A managed policy version id as IAM writes it (`v1`, `v12`, ...). */
function readVersionId(value: unknown, where: Where): string {
  if (typeof value !== 'string' || !/^v[1-9][0-9]*$/.test(value)) throw where.error(`expected a policy version id such as "v3", found ${describeValue(value)}`);
  return value;
}

function entityObject(item: unknown, where: Where, kind: string, fields: string[]): PlainObject {
  const object = readObject(item, where, `a ${kind}`);
  checkFields(object, where, `a ${kind}`, fields);
  return object;
}

function readHolderPolicies(object: PlainObject, where: Where, holder: PolicyHolder, builder: WorldBuilder): void {
  holder.inlinePolicies = readInlinePolicies(object.policies, where.at('policies'), NATIVE_INLINE);
  for (const [arn, arnWhere] of optionalItems(object.managedPolicies, where.at('managedPolicies'), 'a list of managed policy ARNs')) {
    holder.managedPolicyArns.push(builder.referManagedPolicy(holder, arn, arnWhere, 'attached'));
  }
}
