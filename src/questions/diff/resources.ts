/**
 * The keys an identity policy diff asks about: key ARNs of one account. A free key ARN that must avoid a Resource
 * pattern takes Z3's string solver seconds to minutes (measured on test/fixtures/diff/identity-*.json), while a
 * choice among constants takes milliseconds. When every Resource pattern of the policies is component-aligned (each
 * ARN component literal or a whole `*`; kms/cmks-in-iam-policies.md shows such patterns), whether a key ARN matches
 * depends only on whether its region and key id equal the literals the patterns name, so the key ARNs built from
 * those literals plus one unnamed region and key id stand for every key. Otherwise the ARN stays free.
 */
import type { NamedPolicy } from '../../policy/model.js';

export interface KeyArnDomain {
  /** Key ARNs standing for every key of the account; empty when the ARN must stay free. */
  candidates: string[];
}

const FRESH_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1'];

function resourcePatterns(policies: readonly NamedPolicy[]): string[] {
  return policies.flatMap((p) => p.document.statements.flatMap((s) => [...(s.resource ?? []), ...(s.notResource ?? [])]));
}

const hasWildcard = (text: string) => /[*?]|\$\{/.test(text);

/**
 * The literal region and key id a pattern names for key ARNs of the account (undefined parts are `*` or absent),
 * or 'unaligned' when a wildcard or policy variable covers part of a component.
 */
function literals(pattern: string): { region?: string; keyId?: string } | 'unaligned' {
  if (!hasWildcard(pattern)) {
    const m = /^arn:[^:]*:kms:([^:]*):[^:]*:key\/(.*)$/.exec(pattern);
    return m ? { region: m[1]!, keyId: m[2]! } : {};
  }
  const parts = pattern.split(':');
  const resource = parts.slice(5).join(':');
  const components = [...parts.slice(0, 5), ...(parts.length > 5 ? [resource] : [])];
  for (const [i, c] of components.entries()) {
    const whole = c === '*' || !hasWildcard(c);
    const keyPart = i === 5 && /^key\/(\*|[^*?$]*)$/.test(c);
    if (!whole && !keyPart) return 'unaligned';
  }
  const region = components[3];
  const keyId = /^key\/(.*)$/.exec(resource)?.[1];
  return {
    ...(region !== undefined && region !== '*' ? { region } : {}),
    ...(keyId !== undefined && keyId !== '*' ? { keyId } : {}),
  };
}

export function keyArnDomain(policies: readonly NamedPolicy[], account: string): KeyArnDomain {
  const regions = new Set<string>();
  const keyIds = new Set<string>();
  for (const pattern of resourcePatterns(policies)) {
    const named = literals(pattern);
    if (named === 'unaligned') return { candidates: [] };
    if (named.region) regions.add(named.region);
    if (named.keyId) keyIds.add(named.keyId);
  }
  regions.add(FRESH_REGIONS.find((r) => !regions.has(r)) ?? 'keyproof-region-1');
  let fresh = 'keyproof-diff';
  while (keyIds.has(fresh)) fresh += '-x';
  keyIds.add(fresh);
  return { candidates: [...regions].flatMap((r) => [...keyIds].map((id) => `arn:aws:kms:${r}:${account}:key/${id}`)) };
}
