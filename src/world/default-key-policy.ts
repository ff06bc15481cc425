/**
 * The default key policy (kms/key-policy-default.md#key-policy-default-allow-root-enable-iam, "Allows access to the AWS account and enables IAM
 * policies"): the account's root is allowed kms:*, so that the account's IAM policies decide. AWS gives it to a
 * key created without a policy.
 */
import type { SourceLocation } from '../errors.js';
import type { NamedPolicy } from '../policy/model.js';

export function defaultKeyPolicy(account: string, location: SourceLocation): NamedPolicy {
  return {
    name: 'default key policy',
    document: {
      version: '2012-10-17', location,
      statements: [{
        index: 0, sid: 'Enable IAM policies', effect: 'Allow', principal: [{ type: 'AWS', value: `arn:aws:iam::${account}:root` }],
        action: ['kms:*'], resource: ['*'], conditions: [], location,
      }],
    },
  };
}
