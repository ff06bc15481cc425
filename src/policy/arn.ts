/**
 * ARN structure and ARN matching (iam/reference_identifiers.md, "IAM ARNs";
 * iam/reference_policies_elements_condition_operators.md, "Amazon Resource Name (ARN) condition operators").
 * An ARN is `arn:partition:service:region:account-id:resource`; the resource part may itself contain colons.
 */
import { matchesWildcard } from './wildcard.js';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, e.g. `user/bob`, `key/1234...`, `assumed-role/Role/session`. */
  resource: string;
}

/** Splits an ARN into its six parts, or returns undefined when it has fewer than six colon-separated parts. */
export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  if (partition === '' || service === '') return undefined;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

export function isAccountId(text: string): boolean {
  return /^\d{12}$/.test(text);
}

/**
 * ArnLike / ArnEquals (they behave the same): each of the six colon-delimited components must match
 * the pattern's component, with `*` and `?` wildcards inside a component, case-sensitively.
 * Resource parts are compared whole, so a `*` in the resource component may span further colons.
 */
export function matchesArnPattern(pattern: string, value: string): boolean {
  const p = splitSix(pattern);
  const v = splitSix(value);
  if (!p || !v) return false;
  for (let i = 0; i < 6; i++) {
    if (!matchesWildcard(p[i]!, v[i]!)) return false;
  }
  return true;
}

function splitSix(text: string): string[] | undefined {
  const parts = text.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
