import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  KMS_OPERATIONS,
  expandActionPattern,
  findOperation,
  isCrossAccountOperation,
  isGrantOperation,
  operationsInGroup,
  type OperationGroup,
} from '../../src/kms/operations.js';

const names = (ops: readonly { name: string }[]) => ops.map((op) => op.name).sort();

// grants.md#terms-grant-operations, "Cryptographic operations"; DeriveSharedSecret, added since our copy, from the
// current API reference (API_KeyLastUsageData, API_GrantListEntry) and permissions page (cross-account use "Yes").
const DOCUMENTED_CRYPTOGRAPHIC = [
  'Decrypt', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify', 'VerifyMac',
];

describe('findOperation', () => {
  it('accepts the action with or without the kms: prefix, in any case', () => {
    for (const text of ['kms:Decrypt', 'Decrypt', 'KMS:DECRYPT', 'kms:decrypt']) {
      expect(findOperation(text)?.name, text).toBe('Decrypt');
    }
  });

  it('does not resolve wildcards, other services, unknown names or the API name ReEncrypt', () => {
    for (const text of ['kms:Decrypt*', 'kms:*', 's3:GetObject', 'kms:DecryptAll', 'kms:ReEncrypt', '', 'kms:']) {
      expect(findOperation(text), text).toBeUndefined();
    }
  });

  it('finds every operation from its action written in any case (property)', () => {
    const op = fc.constantFrom(...KMS_OPERATIONS);
    const flips = fc.array(fc.boolean(), { minLength: 60, maxLength: 60 });
    fc.assert(
      fc.property(op, flips, fc.boolean(), (operation, upper, withPrefix) => {
        const text = (withPrefix ? operation.action : operation.name)
          .split('')
          .map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase()))
          .join('');
        expect(findOperation(text)).toBe(operation);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('KMS_OPERATIONS rows against the docs', () => {
  it('names each operation once, and its action is kms:<name>', () => {
    expect(new Set(KMS_OPERATIONS.map((op) => op.name.toLowerCase())).size).toBe(KMS_OPERATIONS.length);
    for (const op of KMS_OPERATIONS) expect(op.action).toBe(`kms:${op.name}`);
  });

  it('Decrypt: a KMS key, cross-account, cryptographic, a grant operation (grants.md, key-policy-modifying-external-accounts.md)', () => {
    expect(findOperation('kms:Decrypt')).toMatchObject({
      resource: 'key', crossAccount: true, cryptographic: true, grantOperation: true, effectiveInKeyPolicy: true,
      group: 'crypto', api: 'Decrypt',
    });
  });

  it('ReEncryptFrom and ReEncryptTo are the two permissions of the ReEncrypt API (key-policy-default.md, "kms:ReEncrypt*")', () => {
    expect(findOperation('kms:ReEncryptFrom')).toMatchObject({ api: 'ReEncrypt', crossAccount: true, grantOperation: true });
    expect(findOperation('kms:ReEncryptTo')).toMatchObject({ api: 'ReEncrypt', crossAccount: true, grantOperation: true });
  });

  it('CreateKey, GenerateRandom, ListAliases, ListKeys use no KMS key (iam-policies-best-practices.md, "When to use Resource *")', () => {
    for (const name of ['CreateKey', 'GenerateRandom', 'ListAliases', 'ListKeys', 'CreateCustomKeyStore', 'ConnectCustomKeyStore']) {
      expect(findOperation(name), name).toMatchObject({ resource: 'none', crossAccount: false, grantOperation: false, effectiveInKeyPolicy: false });
    }
  });

  it('alias operations apply to the alias and the key (iam-policies-best-practices.md)', () => {
    expect(names(KMS_OPERATIONS.filter((op) => op.resource === 'alias-and-key'))).toEqual(['CreateAlias', 'DeleteAlias', 'UpdateAlias']);
  });

  it('RetireGrant: cross-account and a grant operation, but "not effective in a key policy" (grant-manage.md#grant-delete)', () => {
    expect(findOperation('kms:RetireGrant')).toMatchObject({ crossAccount: true, grantOperation: true, effectiveInKeyPolicy: false, group: 'grants' });
  });

  it('grant constraints are ignored for DescribeKey and RetireGrant only, both grant operations (create-grant-overview.md#grant-constraints)', () => {
    const ignoring = KMS_OPERATIONS.filter((op) => op.ignoresGrantConstraints);
    expect(names(ignoring)).toEqual(['DescribeKey', 'RetireGrant']);
    for (const op of ignoring) expect(op.grantOperation, op.name).toBe(true);
  });

  it('ListKeys and ScheduleKeyDeletion are not cross-account (key-policy-modifying-external-accounts.md example)', () => {
    expect(isCrossAccountOperation('kms:ListKeys')).toBe(false);
    expect(isCrossAccountOperation('kms:ScheduleKeyDeletion')).toBe(false);
  });

  it('GetPublicKey: cross-account and a grant operation, listed under "Other operations", not cryptographic (grants.md)', () => {
    expect(findOperation('GetPublicKey')).toMatchObject({ crossAccount: true, grantOperation: true, cryptographic: false, group: 'sign-verify-mac' });
  });

  it('RevokeGrant and ListGrants are cross-account but not grant operations', () => {
    for (const name of ['RevokeGrant', 'ListGrants']) {
      expect(isCrossAccountOperation(name), name).toBe(true);
      expect(isGrantOperation(name), name).toBe(false);
    }
  });

  it('the cryptographic operations are exactly those of grants.md#terms-grant-operations', () => {
    expect(names(KMS_OPERATIONS.filter((op) => op.cryptographic))).toEqual([...DOCUMENTED_CRYPTOGRAPHIC].sort());
  });
});

describe('isCrossAccountOperation', () => {
  // key-policy-modifying-external-accounts.md: "Cross-account permission is effective only for the following operations".
  const documented = [
    ...DOCUMENTED_CRYPTOGRAPHIC, 'CreateGrant', 'DescribeKey', 'GetKeyRotationStatus', 'GetPublicKey',
    'ListGrants', 'RetireGrant', 'RevokeGrant',
  ];

  it('is true exactly for the documented list', () => {
    expect(names(KMS_OPERATIONS.filter((op) => isCrossAccountOperation(op)))).toEqual([...documented].sort());
  });

  it('accepts action strings and is false for unknown actions', () => {
    expect(isCrossAccountOperation('kms:describekey')).toBe(true);
    expect(isCrossAccountOperation('kms:PutKeyPolicy')).toBe(false);
    expect(isCrossAccountOperation('kms:Frobnicate')).toBe(false);
    expect(isCrossAccountOperation('kms:*')).toBe(false);
  });
});

describe('isGrantOperation', () => {
  it('is true exactly for the grant operations of grants.md#terms-grant-operations', () => {
    const documented = [...DOCUMENTED_CRYPTOGRAPHIC, 'CreateGrant', 'DescribeKey', 'GetPublicKey', 'RetireGrant'];
    expect(names(KMS_OPERATIONS.filter((op) => isGrantOperation(op)))).toEqual([...documented].sort());
    expect(isGrantOperation('kms:PutKeyPolicy')).toBe(false);
    expect(isGrantOperation('kms:ReEncrypt')).toBe(false);
  });
});

describe('operationsInGroup', () => {
  const groups: OperationGroup[] = ['crypto', 'sign-verify-mac', 'grants', 'admin', 'read'];

  it('puts every operation in exactly one group', () => {
    const all = groups.flatMap((g) => operationsInGroup(g));
    expect(names(all)).toEqual(names(KMS_OPERATIONS));
  });

  it('has the groups the reports expect', () => {
    expect(names(operationsInGroup('sign-verify-mac'))).toEqual(['GenerateMac', 'GetPublicKey', 'Sign', 'Verify', 'VerifyMac']);
    expect(names(operationsInGroup('grants'))).toEqual(['CreateGrant', 'ListGrants', 'ListRetirableGrants', 'RetireGrant', 'RevokeGrant']);
    expect(names(operationsInGroup('crypto'))).toEqual(expect.arrayContaining(['Decrypt', 'Encrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKey']));
    expect(names(operationsInGroup('admin'))).toEqual(expect.arrayContaining(['PutKeyPolicy', 'ScheduleKeyDeletion', 'DisableKey', 'CreateKey']));
    expect(names(operationsInGroup('read'))).toEqual(expect.arrayContaining(['DescribeKey', 'GetKeyPolicy', 'ListKeys']));
  });
});

describe('expandActionPattern', () => {
  it('kms:* and * cover every KMS operation', () => {
    expect(expandActionPattern('kms:*')).toEqual(KMS_OPERATIONS);
    expect(expandActionPattern('*')).toEqual(KMS_OPERATIONS);
  });

  it('kms:Get* covers the four Get permissions of key-policy-default.md ("kms:Get*") and today\'s GetKeyLastUsage', () => {
    expect(names(expandActionPattern('kms:Get*'))).toEqual(['GetKeyLastUsage', 'GetKeyPolicy', 'GetKeyRotationStatus', 'GetParametersForImport', 'GetPublicKey']);
  });

  it('kms:ReEncrypt* covers ReEncryptFrom and ReEncryptTo', () => {
    expect(names(expandActionPattern('kms:ReEncrypt*'))).toEqual(['ReEncryptFrom', 'ReEncryptTo']);
  });

  it('kms:GenerateDataKey* covers the four data key and data key pair operations (key-policy-default.md, "kms:GenerateDataKey*")', () => {
    expect(names(expandActionPattern('kms:GenerateDataKey*'))).toEqual([
      'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext',
    ]);
  });

  it('ignores case: kms:describe* covers DescribeKey (and DescribeCustomKeyStores)', () => {
    expect(names(expandActionPattern('kms:describe*'))).toEqual(['DescribeCustomKeyStores', 'DescribeKey']);
    expect(names(expandActionPattern('KMS:DECRYPT'))).toEqual(['Decrypt']);
  });

  it('kms:Create* covers CreateAlias and CreateGrant (key-policy-default.md) and the IAM-only CreateKey, CreateCustomKeyStore', () => {
    expect(names(expandActionPattern('kms:Create*'))).toEqual(['CreateAlias', 'CreateCustomKeyStore', 'CreateGrant', 'CreateKey']);
  });

  it('supports ? and inner wildcards, and covers nothing of other services', () => {
    expect(names(expandActionPattern('kms:?ecrypt'))).toEqual(['Decrypt']);
    expect(names(expandActionPattern('kms:*Grant*'))).toEqual(['CreateGrant', 'ListGrants', 'ListRetirableGrants', 'RetireGrant', 'RevokeGrant']);
    expect(expandActionPattern('s3:*')).toEqual([]);
    expect(expandActionPattern('kms:Nothing*')).toEqual([]);
  });

  it('an exact action expands to its operation alone (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KMS_OPERATIONS), (op) => {
        expect(expandActionPattern(op.action)).toEqual([op]);
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
