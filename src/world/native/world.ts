/**
 * The native world format of interface.md section 3: accounts, keys, an optional organization, and (extension)
 * optional `awsManagedPolicies: [{ arn, document }]` for AWS managed policies the user supplies, and `incomplete`
 * (the parts a collector could not read: src/world/incomplete-parts.ts).
 */
import { readAuthorizationDetails } from '../aws-cli/authorization-details.js';
import { readAccountId } from '../identifiers.js';
import { readIncompleteParts } from '../incomplete-parts.js';
import { readKey } from '../key.js';
import type { Account, World } from '../model.js';
import { readNativeGroups, readNativeManagedPolicies, readNativeRoles, readNativeUsers } from './identities.js';
import { readOrganization } from '../organization.js';
import { checkFields, optionalItems, readObject, requireField } from '../../input/read-value.js';
import type { Where } from '../../input/where.js';
import { WorldBuilder } from '../world-builder.js';

const WORLD_FIELDS = ['organization', 'accounts', 'keys', 'awsManagedPolicies', 'incomplete'];
const ACCOUNT_FIELDS = ['id', 'users', 'roles', 'groups', 'managedPolicies', 'authorizationDetails'];

export function readNativeWorld(value: unknown, where: Where): World {
  const object = readObject(value, where, 'a world: an object with "accounts", "keys" and optionally "organization"');
  checkFields(object, where, 'a world', WORLD_FIELDS);
  const builder = new WorldBuilder(where);
  readNativeManagedPolicies(object.awsManagedPolicies, where.at('awsManagedPolicies'), undefined, builder);
  for (const [item, itemWhere] of optionalItems(object.accounts, where.at('accounts'), 'a list of accounts')) {
    readAccount(item, itemWhere, builder);
  }
  for (const [item, itemWhere] of optionalItems(object.keys, where.at('keys'), 'a list of KMS keys')) {
    readKey(item, itemWhere, builder);
  }
  if (object.organization !== undefined) builder.world.organization = readOrganization(object.organization, where.at('organization'));
  builder.world.incompleteParts = readIncompleteParts(object.incomplete, where.at('incomplete'));
  return builder.finish();
}

function readAccount(item: unknown, where: Where, builder: WorldBuilder): void {
  const object = readObject(item, where, 'an account');
  checkFields(object, where, 'an account', ACCOUNT_FIELDS);
  const account: Account = {
    id: readAccountId(requireField(object, 'id', where, 'an account'), where.at('id')),
    users: new Map(),
    roles: new Map(),
    groups: new Map(),
    managedPolicies: new Map(),
    location: where.location(),
  };
  builder.addAccount(account, where);
  readNativeManagedPolicies(object.managedPolicies, where.at('managedPolicies'), account, builder);
  readNativeGroups(object.groups, where.at('groups'), account, builder);
  readNativeUsers(object.users, where.at('users'), account, builder);
  readNativeRoles(object.roles, where.at('roles'), account, builder);
  if (object.authorizationDetails !== undefined) {
    readAuthorizationDetails(object.authorizationDetails, where.at('authorizationDetails'), account, builder);
  }
}
