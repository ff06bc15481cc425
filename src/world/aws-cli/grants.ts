/**
 * Grants as `aws kms list-grants` returns them: the `Grants` entries, or the whole `{"Grants": [...]}` output
 * (kms/determining-access-grants.md; fields: kms/create-grant-overview.md, kms/grants.md).
 */
import { followFileRefs } from '../../input/file-refs.js';
import type { KmsArn } from '../identifiers.js';
import type { Grant, GrantConstraints } from '../model.js';
import {
  checkFields,
  isPlainObject,
  itemsOf,
  readNonEmptyString,
  readObject,
  readString,
  readStringMap,
  requireField,
} from '../../input/read-value.js';
import type { Where } from '../../input/where.js';

const OUTPUT_FIELDS = ['Grants', 'NextMarker', 'Truncated'];
const GRANT_FIELDS = ['KeyId', 'GrantId', 'Name', 'CreationDate', 'GranteePrincipal', 'RetiringPrincipal', 'IssuingAccount', 'Operations', 'Constraints'];
const CONSTRAINT_FIELDS = ['EncryptionContextSubset', 'EncryptionContextEquals'];

/** kms/grants.md#terms-grant-operations: the only operations a grant can allow; DeriveSharedSecret, added after our copy,
 * from the current API reference (API_GrantListEntry, "Operations" valid values). src/kms/operations.ts, a later layer,
 * marks the same operations (test/kms/operations.test.ts compares the two). */
export const GRANT_OPERATIONS = [
  'Decrypt', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify', 'VerifyMac',
  'CreateGrant', 'DescribeKey', 'GetPublicKey', 'RetireGrant',
];

export function readGrants(raw: unknown, rawWhere: Where, key: KmsArn & { id: string }): Grant[] {
  let { value, where } = followFileRefs(raw, rawWhere);
  if (isPlainObject(value)) {
    checkFields(value, where, 'list-grants output', OUTPUT_FIELDS, 'lenient');
    if (value.Truncated === true) {
      throw where.at('Truncated').error('the list-grants output is truncated (Truncated is true): list every grant of the key');
    }
    where = where.at('Grants');
    value = requireField(value, 'Grants', rawWhere, 'list-grants output');
  }
  const grants: Grant[] = [];
  for (const [item, itemWhere] of itemsOf(value, where, 'the grants of the key (the Grants of `aws kms list-grants`)')) {
    const grant = readGrant(item, itemWhere, key);
    if (grants.some((g) => g.grantId === grant.grantId)) throw itemWhere.at('GrantId').error(`duplicate GrantId "${grant.grantId}" on this key`);
    grants.push(grant);
  }
  return grants;
}

function readGrant(item: unknown, where: Where, key: KmsArn & { id: string }): Grant {
  const object = readObject(item, where, 'a grant (an entry of `aws kms list-grants`)');
  checkFields(object, where, 'a grant', GRANT_FIELDS, 'lenient');
  const grant: Grant = {
    grantId: readNonEmptyString(requireField(object, 'GrantId', where, 'a grant'), where.at('GrantId'), 'a GrantId'),
    keyArn: key.arn,
    granteePrincipal: readNonEmptyString(requireField(object, 'GranteePrincipal', where, 'a grant'), where.at('GranteePrincipal'), 'the grantee principal'),
    operations: readOperations(requireField(object, 'Operations', where, 'a grant'), where.at('Operations')),
    location: where.location(),
  };
  if (object.KeyId !== undefined) {
    const keyId = readString(object.KeyId, where.at('KeyId'), 'the KeyId of the grant');
    if (keyId !== key.arn && keyId !== key.id) {
      throw where.at('KeyId').error(`this grant is for key "${keyId}", but it is listed under key "${key.arn}"`);
    }
  }
  // create-grant-overview.md shows `"Name": ""` for a grant created without a name.
  if (object.Name !== undefined && object.Name !== '') grant.name = readString(object.Name, where.at('Name'), 'the grant Name');
  if (object.RetiringPrincipal !== undefined) {
    grant.retiringPrincipal = readNonEmptyString(object.RetiringPrincipal, where.at('RetiringPrincipal'), 'the retiring principal');
  }
  if (object.IssuingAccount !== undefined) {
    grant.issuingAccount = readNonEmptyString(object.IssuingAccount, where.at('IssuingAccount'), 'the issuing account');
  }
  if (object.Constraints !== undefined) grant.constraints = readConstraints(object.Constraints, where.at('Constraints'));
  return grant;
}

function readOperations(value: unknown, where: Where): string[] {
  const operations = itemsOf(value, where, 'the grant operations').map(([op, opWhere]) => {
    const name = readString(op, opWhere, 'a grant operation');
    if (!GRANT_OPERATIONS.includes(name)) {
      throw opWhere.error(`"${name}" is not a grant operation (kms/grants.md#terms-grant-operations lists ${GRANT_OPERATIONS.join(', ')})`);
    }
    return name;
  });
  if (operations.length === 0) throw where.error('expected at least one grant operation, found an empty array');
  return operations;
}

/** kms/create-grant-overview.md#grant-constraints: EncryptionContextEquals and EncryptionContextSubset. */
function readConstraints(value: unknown, where: Where): GrantConstraints {
  const object = readObject(value, where, 'grant constraints');
  checkFields(object, where, 'grant constraints', CONSTRAINT_FIELDS);
  const constraints: GrantConstraints = {};
  if (object.EncryptionContextSubset !== undefined) {
    constraints.encryptionContextSubset = readStringMap(object.EncryptionContextSubset, where.at('EncryptionContextSubset'), 'an encryption context');
  }
  if (object.EncryptionContextEquals !== undefined) {
    constraints.encryptionContextEquals = readStringMap(object.EncryptionContextEquals, where.at('EncryptionContextEquals'), 'an encryption context');
  }
  return constraints;
}
