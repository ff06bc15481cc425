/**
 * The verbatim output of `aws iam get-account-authorization-details` for one account: users, groups, roles and
 * managed policies (policies may be URL-encoded strings, as the IAM API returns them, or objects, as the CLI prints
 * them). Verbatim AWS output is read leniently: fields AWS may add over time are ignored, but a name that looks like
 * a typo of a known field is still an error.
 */
import type { PolicyDocument } from '../../policy/model.js';
import { parsePolicyDocument } from '../../policy/parse.js';
import { followFileRefs } from '../../input/file-refs.js';
import { readIamEntityArn, readUniqueId, type IamEntityArn } from '../identifiers.js';
import { AWS_INLINE, readInlinePolicies } from '../inline-policies.js';
import type { Account, Group, PolicyHolder, Role, User } from '../model.js';
import { isServiceLinkedPath, newHolder } from '../native/identities.js';
import {
  checkFields,
  optionalItems,
  readBoolean,
  readNonEmptyString,
  readObject,
  requireField,
  type PlainObject,
} from '../../input/read-value.js';
import { readTags } from '../tags.js';
import type { Where } from '../../input/where.js';
import type { WorldBuilder } from '../world-builder.js';

const OUTPUT_FIELDS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies', 'IsTruncated', 'Marker'];
const USER_FIELDS = ['Path', 'UserName', 'UserId', 'Arn', 'CreateDate', 'UserPolicyList', 'GroupList', 'AttachedManagedPolicies', 'PermissionsBoundary', 'Tags'];
const GROUP_FIELDS = ['Path', 'GroupName', 'GroupId', 'Arn', 'CreateDate', 'GroupPolicyList', 'AttachedManagedPolicies'];
const ROLE_FIELDS = ['Path', 'RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument', 'InstanceProfileList', 'RolePolicyList', 'AttachedManagedPolicies', 'PermissionsBoundary', 'Tags', 'RoleLastUsed', 'Description', 'MaxSessionDuration'];
const POLICY_FIELDS = ['PolicyName', 'PolicyId', 'Arn', 'Path', 'DefaultVersionId', 'AttachmentCount', 'PermissionsBoundaryUsageCount', 'IsAttachable', 'Description', 'CreateDate', 'UpdateDate', 'PolicyVersionList'];
const VERSION_FIELDS = ['Document', 'VersionId', 'IsDefaultVersion', 'CreateDate'];
const ATTACHED_FIELDS = ['PolicyName', 'PolicyArn'];
const BOUNDARY_FIELDS = ['PermissionsBoundaryType', 'PermissionsBoundaryArn'];

export function readAuthorizationDetails(raw: unknown, rawWhere: Where, account: Account, builder: WorldBuilder): void {
  const { value, where } = followFileRefs(raw, rawWhere);
  const output = readObject(value, where, 'the output of `aws iam get-account-authorization-details`');
  checkFields(output, where, 'get-account-authorization-details output', OUTPUT_FIELDS, 'lenient');
  if (output.IsTruncated === true) {
    throw where.at('IsTruncated').error('the output is truncated (IsTruncated is true): an account must be complete; run the command without --max-items so the CLI fetches every page');
  }
  for (const [item, itemWhere] of optionalItems(output.Policies, where.at('Policies'), 'a list of managed policies')) {
    readManagedPolicyDetail(item, itemWhere, account, builder);
  }
  for (const [item, itemWhere] of optionalItems(output.GroupDetailList, where.at('GroupDetailList'), 'a list of groups')) {
    const { object, arn } = readDetail(item, itemWhere, 'group', account);
    const group: Group = { ...newHolder(arn, itemWhere), kind: 'group' };
    readAttachments(object, itemWhere, group, 'GroupPolicyList', builder);
    builder.addEntity(account, group, itemWhere);
  }
  for (const [item, itemWhere] of optionalItems(output.UserDetailList, where.at('UserDetailList'), 'a list of users')) {
    const { object, arn } = readDetail(item, itemWhere, 'user', account);
    const user: User = { ...newHolder(arn, itemWhere), kind: 'user', groupArns: [], tags: readTags(object.Tags, itemWhere.at('Tags')) };
    if (object.UserId !== undefined) user.userId = readUniqueId(object.UserId, itemWhere.at('UserId'), 'AIDA');
    readAttachments(object, itemWhere, user, 'UserPolicyList', builder);
    for (const [name, nameWhere] of optionalItems(object.GroupList, itemWhere.at('GroupList'), 'a list of group names')) {
      builder.referGroup(user, { name: readNonEmptyString(name, nameWhere, 'a group name') }, nameWhere);
    }
    const boundary = readBoundary(object, itemWhere, user, builder);
    if (boundary) user.permissionsBoundaryArn = boundary;
    builder.addEntity(account, user, itemWhere);
  }
  for (const [item, itemWhere] of optionalItems(output.RoleDetailList, where.at('RoleDetailList'), 'a list of roles')) {
    const { object, arn } = readDetail(item, itemWhere, 'role', account);
    const role: Role = {
      ...newHolder(arn, itemWhere),
      kind: 'role',
      tags: readTags(object.Tags, itemWhere.at('Tags')),
      serviceLinked: isServiceLinkedPath(arn.path),
    };
    if (object.RoleId !== undefined) role.roleId = readUniqueId(object.RoleId, itemWhere.at('RoleId'), 'AROA');
    if (object.AssumeRolePolicyDocument !== undefined) {
      const document = parsePolicyDocument(object.AssumeRolePolicyDocument, itemWhere.at('AssumeRolePolicyDocument'), 'trust');
      role.trustPolicy = { name: 'trust-policy', document };
    }
    readAttachments(object, itemWhere, role, 'RolePolicyList', builder);
    const boundary = readBoundary(object, itemWhere, role, builder);
    if (boundary) role.permissionsBoundaryArn = boundary;
    builder.addEntity(account, role, itemWhere);
  }
}

const DETAIL_FIELDS: Record<'user' | 'group' | 'role', readonly string[]> = { user: USER_FIELDS, group: GROUP_FIELDS, role: ROLE_FIELDS };
const NAME_FIELD = { user: 'UserName', group: 'GroupName', role: 'RoleName' } as const;

/** A UserDetail, GroupDetail or RoleDetail: its Arn must be in the account, and agree with its name and Path. */
function readDetail(item: unknown, where: Where, type: 'user' | 'group' | 'role', account: Account): { object: PlainObject; arn: IamEntityArn } {
  const what = `a ${type} of get-account-authorization-details`;
  const object = readObject(item, where, what);
  checkFields(object, where, what, DETAIL_FIELDS[type], 'lenient');
  const arn = readIamEntityArn(requireField(object, 'Arn', where, what), where.at('Arn'), type, account.id);
  checkAgrees(object, where, NAME_FIELD[type], arn.name, arn.arn);
  checkAgrees(object, where, 'Path', arn.path, arn.arn);
  return { object, arn };
}

function checkAgrees(object: PlainObject, where: Where, field: string, fromArn: string, arn: string): void {
  if (object[field] === undefined) return;
  const written = readNonEmptyString(object[field], where.at(field), field);
  if (written !== fromArn) throw where.at(field).error(`${field} "${written}" does not agree with the Arn "${arn}" (which gives "${fromArn}")`);
}

function readAttachments(object: PlainObject, where: Where, holder: PolicyHolder, inlineField: string, builder: WorldBuilder): void {
  holder.inlinePolicies = readInlinePolicies(object[inlineField], where.at(inlineField), AWS_INLINE);
  const attachedWhere = where.at('AttachedManagedPolicies');
  for (const [item, itemWhere] of optionalItems(object.AttachedManagedPolicies, attachedWhere, 'a list of attached policies')) {
    const attached = readObject(item, itemWhere, 'an attached policy ({ PolicyName, PolicyArn })');
    checkFields(attached, itemWhere, 'an attached policy', ATTACHED_FIELDS, 'lenient');
    const arn = requireField(attached, 'PolicyArn', itemWhere, 'an attached policy');
    holder.managedPolicyArns.push(builder.referManagedPolicy(holder, arn, itemWhere.at('PolicyArn'), 'attached'));
  }
}

function readBoundary(object: PlainObject, where: Where, holder: PolicyHolder, builder: WorldBuilder): string | undefined {
  if (object.PermissionsBoundary === undefined) return undefined;
  const boundaryWhere = where.at('PermissionsBoundary');
  const boundary = readObject(object.PermissionsBoundary, boundaryWhere, 'a permissions boundary ({ PermissionsBoundaryType, PermissionsBoundaryArn })');
  checkFields(boundary, boundaryWhere, 'a permissions boundary', BOUNDARY_FIELDS, 'lenient');
  const arn = requireField(boundary, 'PermissionsBoundaryArn', boundaryWhere, 'a permissions boundary');
  return builder.referManagedPolicy(holder, arn, boundaryWhere.at('PermissionsBoundaryArn'), 'boundary');
}

/**
 * A ManagedPolicyDetail: the document in force is the version marked IsDefaultVersion (one per policy). AWS managed
 * policies (account `aws`) in the output are kept as supplied AWS managed policies.
 */
function readManagedPolicyDetail(item: unknown, where: Where, account: Account, builder: WorldBuilder): void {
  const what = 'a managed policy of get-account-authorization-details';
  const object = readObject(item, where, what);
  checkFields(object, where, what, POLICY_FIELDS, 'lenient');
  const arnValue = requireField(object, 'Arn', where, what);
  const isAwsManaged = typeof arnValue === 'string' && arnValue.split(':')[4] === 'aws';
  const arn = readIamEntityArn(arnValue, where.at('Arn'), 'policy', isAwsManaged ? 'aws' : account.id);
  checkAgrees(object, where, 'PolicyName', arn.name, arn.arn);
  const document = readDefaultVersion(object, where, arn.arn);
  builder.addManagedPolicy(isAwsManaged ? undefined : account, { name: arn.arn, arn: arn.arn, document, location: where.location() }, where);
}

function readDefaultVersion(object: PlainObject, where: Where, arn: string): PolicyDocument {
  const listWhere = where.at('PolicyVersionList');
  const versions = optionalItems(requireField(object, 'PolicyVersionList', where, `the managed policy "${arn}"`), listWhere, 'a list of policy versions');
  const defaults: Array<[PlainObject, Where]> = [];
  for (const [item, itemWhere] of versions) {
    const version = readObject(item, itemWhere, 'a policy version');
    checkFields(version, itemWhere, 'a policy version', VERSION_FIELDS, 'lenient');
    const isDefault = readBoolean(requireField(version, 'IsDefaultVersion', itemWhere, 'a policy version'), itemWhere.at('IsDefaultVersion'), 'IsDefaultVersion');
    if (isDefault) defaults.push([version, itemWhere]);
  }
  if (defaults.length !== 1) {
    throw listWhere.error(`expected exactly one version with IsDefaultVersion true for "${arn}", found ${defaults.length}`);
  }
  const [version, versionWhere] = defaults[0]!;
  if (object.DefaultVersionId !== undefined && version.VersionId !== undefined && object.DefaultVersionId !== version.VersionId) {
    throw where.at('DefaultVersionId').error(`DefaultVersionId "${String(object.DefaultVersionId)}" is not the version marked IsDefaultVersion ("${String(version.VersionId)}")`);
  }
  const document = requireField(version, 'Document', versionWhere, 'a policy version');
  return parsePolicyDocument(document, versionWhere.at('Document'), 'identity');
}

