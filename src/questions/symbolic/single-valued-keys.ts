/**
 * Keys documented as single-valued carry at most one value in a request, whatever set operator a policy applies to
 * them. A key a policy tests with ForAllValues would otherwise get several value slots (src/questions/symbolic/open-context.ts),
 * and a symbolic question could answer with a request no caller can send (an encryption context with two values for
 * `Department`): found by the brute-force test of diff (test/questions/diff/brute-force.test.ts).
 */
/**
 * kms/conditions-kms.md, the "Value type" column: every AWS KMS condition key is single-valued except these. For
 * kms:EncryptionContext:context-key (#conditions-kms-encryption-context): "the encryption context pair with the
 * specified context-key can have only one value".
 */
const KMS_MULTI_VALUED = new Set(['kms:encryptioncontextkeys', 'kms:grantoperations', 'kms:resourcealiases']);

/** iam/reference_policies_condition-keys.md: the global keys whose "Value type" is single-valued. */
const AWS_SINGLE_VALUED = new Set([
  'aws:calledviafirst', 'aws:calledvialast', 'aws:currenttime', 'aws:ec2instancesourcevpc', 'aws:ec2instancesourceprivateipv4',
  'aws:epochtime', 'aws:federatedprovider', 'aws:multifactorauthage', 'aws:multifactorauthpresent', 'aws:principalaccount',
  'aws:principalarn', 'aws:principalisawsservice', 'aws:principalorgid', 'aws:principalservicename', 'aws:principaltype',
  'aws:referer', 'aws:requestedregion', 'aws:resourceaccount', 'aws:resourceorgid', 'aws:securetransport', 'aws:sourceaccount',
  'aws:sourcearn', 'aws:sourceidentity', 'aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:tokenissuetime',
  'aws:useragent', 'aws:userid', 'aws:username', 'aws:viaawsservice', 'aws:vpcsourceip',
]);
/** Same page: aws:PrincipalTag/tag-key, aws:RequestTag/tag-key and aws:ResourceTag/tag-key are single-valued. */
const AWS_SINGLE_VALUED_PREFIXES = ['aws:principaltag/', 'aws:requesttag/', 'aws:resourcetag/'];

export function isDocumentedSingleValued(key: string): boolean {
  const lower = key.toLowerCase();
  if (lower.startsWith('kms:')) return !KMS_MULTI_VALUED.has(lower);
  return AWS_SINGLE_VALUED.has(lower) || AWS_SINGLE_VALUED_PREFIXES.some((p) => lower.startsWith(p));
}
