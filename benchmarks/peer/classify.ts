/**
 * A first guess at why keyproof and the peer disagree on a request, for the person who judges each disagreement.
 * Only causes we can tell from the request and the peer's own report; everything else is left "unclassified".
 */
import type { BenchRequest } from '../bench/requests.js';

// kms/key-policy-modifying-external-accounts.md: "Cross-account permission is effective only for the following
// operations: Cryptographic operations, CreateGrant, DescribeKey, GetKeyRotationStatus, GetPublicKey, ListGrants,
// RetireGrant, RevokeGrant". The cryptographic operations are those of kms/concepts.md#cryptographic-operations.
const CROSS_ACCOUNT_OPERATIONS = new Set([
  'Decrypt', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify', 'VerifyMac',
  'CreateGrant', 'DescribeKey', 'GetKeyRotationStatus', 'GetPublicKey', 'ListGrants', 'RetireGrant', 'RevokeGrant',
].map((op) => op.toLowerCase()));

// kms/conditions-kms.md#conditions-kms-encryption-context: the API operations of kms:EncryptionContext:context-key.
const ENCRYPTION_CONTEXT_OPERATIONS = new Set([
  'CreateGrant', 'Encrypt', 'Decrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo',
].map((op) => `kms:${op}`.toLowerCase()));

export function worksAcrossAccounts(action: string): boolean {
  return CROSS_ACCOUNT_OPERATIONS.has(action.replace(/^kms:/i, '').toLowerCase());
}

export interface PeerAnswer {
  decision: 'ALLOW' | 'DENY' | 'ERROR';
  /** The peer's own result: Allowed, ExplicitlyDenied, ImplicitlyDenied, or its error message. */
  detail: string;
  /** Context keys of the request that the peer dropped before evaluating (it reports them). */
  ignoredContextKeys: string[];
}

export type DisagreementKind = 'peer-refused' | 'operation-not-cross-account' | 'peer-dropped-context-key' | 'unclassified';

export interface Classification {
  kind: DisagreementKind;
  explanation: string;
}

export function classifyDisagreement(request: BenchRequest, keyproof: string, peer: PeerAnswer): Classification {
  if (peer.decision === 'ERROR') return { kind: 'peer-refused', explanation: `the peer refused the request: ${peer.detail}` };
  if (peer.decision === 'ALLOW' && request.crossAccount && !worksAcrossAccounts(request.action)) {
    return {
      kind: 'operation-not-cross-account',
      explanation: `${request.action} does not work across accounts (kms/key-policy-modifying-external-accounts.md); the peer allows it`,
    };
  }
  if (peer.ignoredContextKeys.length > 0) {
    const dropped = `the peer dropped the request's context key(s) ${peer.ignoredContextKeys.join(', ')} as not valid for ${request.action}, so conditions on them saw no value`;
    const encryptionContext = peer.ignoredContextKeys.some((k) => k.toLowerCase().startsWith('kms:encryptioncontext:'));
    const documented = encryptionContext && ENCRYPTION_CONTEXT_OPERATIONS.has(request.action.toLowerCase());
    return {
      kind: 'peer-dropped-context-key',
      explanation: documented
        ? `${dropped}; kms/conditions-kms.md#conditions-kms-encryption-context: the key is valid for this operation "even though it does not appear in the IAM Service Authorization Reference"`
        : dropped,
    };
  }
  return {
    kind: 'unclassified',
    explanation: keyproof === 'ALLOW' ? 'keyproof allows, the peer denies: to judge' : 'the peer allows, keyproof denies: to judge',
  };
}
