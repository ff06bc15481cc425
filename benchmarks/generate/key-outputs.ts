/**
 * The AWS CLI outputs that describe one key: `aws kms get-key-policy`, `aws kms list-grants` and
 * `aws kms describe-key`, in the shapes of kms/create-grant-overview.md and the describe-key reference.
 */
import type { PolicyJson } from './documents.js';
import type { Random } from './prng.js';
import { isSymmetric } from './key-policy.js';
import { APPS, rootArn, type KeyPlan, type KeySpecPlan, type RolePlan } from './skeleton.js';

export function getKeyPolicyOutput(document: PolicyJson) {
  // The CLI prints the policy as a JSON string, pretty-printed with four spaces, as the console saved it.
  return { Policy: JSON.stringify(document, null, 4), PolicyName: 'default' };
}

// kms/grants.md#terms-grant-operations, split by what each key spec supports.
const GRANT_OPERATIONS_BY_USE: Record<'encrypt' | 'sign' | 'mac', string[]> = {
  encrypt: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'DescribeKey', 'CreateGrant', 'RetireGrant'],
  sign: ['Sign', 'Verify', 'GetPublicKey', 'DescribeKey'],
  mac: ['GenerateMac', 'VerifyMac', 'DescribeKey'],
};

function keyUse(spec: KeySpecPlan): 'encrypt' | 'sign' | 'mac' {
  if (spec === 'RSA_2048' || spec === 'ECC_NIST_P256') return 'sign';
  return spec === 'HMAC_256' ? 'mac' : 'encrypt';
}

/** Grants for services and applications; encryption context constraints only where KMS accepts them. */
export function listGrantsOutput(random: Random, key: KeyPlan, grantees: RolePlan[]) {
  const count = grantees.length > 0 && random.chance(0.4) ? random.int(1, 3) : 0;
  const grants = Array.from({ length: count }, (_, i) => {
    const grantee = random.pick(grantees);
    const operations = random.sample(GRANT_OPERATIONS_BY_USE[keyUse(key.spec)], random.int(1, 4));
    const context = { app: random.pick(APPS), tenant: `t-${random.int(1, 50)}` };
    const constraint = isSymmetric(key.spec) ? random.weighted([['subset', 5], ['equals', 2], ['none', 3]] as const) : 'none';
    return {
      KeyId: key.arn,
      GrantId: random.hex(64),
      Name: random.chance(0.7) ? `${grantee.name}-grant-${i}` : '',
      CreationDate: 1500000000 + random.int(0, 250000000),
      GranteePrincipal: grantee.arn,
      ...(random.chance(0.5) ? { RetiringPrincipal: rootArn(key.accountId) } : {}),
      IssuingAccount: rootArn(key.accountId),
      Operations: operations,
      ...(constraint === 'subset' ? { Constraints: { EncryptionContextSubset: { app: context.app } } } : {}),
      ...(constraint === 'equals' ? { Constraints: { EncryptionContextEquals: context } } : {}),
    };
  });
  return { Grants: grants, Truncated: false };
}

const SPEC_DETAILS: Record<KeySpecPlan, { usage: string; algorithms: Record<string, string[]> }> = {
  SYMMETRIC_DEFAULT: { usage: 'ENCRYPT_DECRYPT', algorithms: { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } },
  RSA_3072: { usage: 'ENCRYPT_DECRYPT', algorithms: { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] } },
  RSA_2048: { usage: 'SIGN_VERIFY', algorithms: { SigningAlgorithms: ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PSS_SHA_256'] } },
  ECC_NIST_P256: { usage: 'SIGN_VERIFY', algorithms: { SigningAlgorithms: ['ECDSA_SHA_256'] } },
  HMAC_256: { usage: 'GENERATE_VERIFY_MAC', algorithms: { MacAlgorithms: ['HMAC_SHA_256'] } },
};

/** `aws kms describe-key`: metadata consistent with the key's state (origin, key store, deletion date...). */
export function describeKeyOutput(random: Random, key: KeyPlan) {
  const spec = SPEC_DETAILS[key.spec];
  const created = 1500000000 + random.int(0, 250000000);
  const origin = key.state === 'PendingImport' ? 'EXTERNAL' : key.state === 'Unavailable' ? 'AWS_CLOUDHSM' : 'AWS_KMS';
  return {
    KeyMetadata: {
      AWSAccountId: key.accountId,
      KeyId: key.id,
      Arn: key.arn,
      CreationDate: created,
      Enabled: key.state === 'Enabled',
      Description: `${key.app} data key`,
      KeyUsage: spec.usage,
      KeyState: key.state,
      ...(key.state === 'PendingDeletion' ? { DeletionDate: created + 30 * 86400 } : {}),
      Origin: origin,
      ...(origin === 'AWS_CLOUDHSM' ? { CustomKeyStoreId: `cks-${random.hex(17)}`, CloudHsmClusterId: `cluster-${random.chars('abcdefghijklmnopqrstuvwxyz234567', 11)}` } : {}),
      ...(origin === 'EXTERNAL' ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : {}),
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: key.spec,
      KeySpec: key.spec,
      ...spec.algorithms,
      MultiRegion: key.state === 'PendingReplicaDeletion',
    },
  };
}
