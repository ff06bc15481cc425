/**
 * Key trust, the second half of the flowchart (kms/policy-evaluation.md): "In general, you trust the resources in
 * your AWS account. But, you can also feel confident about using KMS keys in a different AWS account if a grant or
 * IAM policy in your account allows you to use the KMS key."
 */
import { QUESTIONS } from '../flowchart.js';
import type { Caller } from '../request/caller.js';
import type { PolicyLayers } from './policy-layers.js';
import { iamPermits } from './rules.js';
import type { Trace } from './trace.js';

export function keyTrusted(caller: Caller, keyAccount: string, layers: PolicyLayers, grantAllows: boolean, trace: Trace): boolean {
  trace.part = 'key-trust';
  // A service principal belongs to no account; it uses the key on behalf of the key's owner, who named it.
  if (caller.kind === 'service') return trace.ask(QUESTIONS.trustService, true);
  if (trace.ask(QUESTIONS.trustSameAccount, caller.accountId === keyAccount)) return true;
  const iam = iamPermits(caller, layers);
  if (trace.ask(QUESTIONS.trustIam, iam.allowed, iam.by)) return true;
  return trace.ask(QUESTIONS.trustGrant, grantAllows);
}
