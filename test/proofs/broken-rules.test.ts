/**
 * A proof that cannot fail proves nothing: each property of proofs/kms-properties.ts is run against a copy of
 * src/semantics/kms.kp with one rule deliberately broken, and must then fail with a counterexample.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { KMS_PROPERTIES } from '../../proofs/kms-properties.js';
import { prove } from '../../proofs/prover.js';
import { kmsRulesFile } from '../../src/semantics/kms-rules.js';

const rules = readFileSync(kmsRulesFile(), 'utf8');

/** Replaces one line of the rules (which must exist) with others. */
function broken(line: string, ...replacement: string[]): string {
  expect(rules.split('\n'), `kms.kp no longer has the line "${line}"`).toContain(line);
  return rules.split('\n').flatMap((l) => (l === line ? replacement : [l])).join('\n');
}

const AUTHORIZED_ROUTE = 'authorized :- not explicit_deny, not cannot_act, scp_ok, not cross_account_blocked, route_allows.';
const AUTHORIZED_GRANT = 'authorized :- not explicit_deny, not cannot_act, scp_ok, not cross_account_blocked, grant_allows.';

const BREAKAGES: Record<string, { why: string; rules: () => string }> = {
  'key-policy-deny-wins': {
    why: 'explicit denies no longer block authorization',
    rules: () => broken(AUTHORIZED_ROUTE, 'authorized :- not cannot_act, scp_ok, not cross_account_blocked, route_allows.'),
  },
  'identity-policy-deny-wins': {
    why: 'identity policies are left out of the policies in force',
    rules: () => broken('in_force(P) :- identity_policy(P).'),
  },
  'key-policy-required': {
    why: 'IAM policies allow without the key policy delegating to the account',
    rules: () => broken('route_allows :- same_account, resource_delegates, iam_permits.', 'route_allows :- same_account, iam_permits.'),
  },
  'cross-account-needs-iam-or-grant': {
    why: 'across accounts, the key policy alone allows',
    rules: () => broken('route_allows :- not same_account, not service_caller, resource_names_caller, iam_permits.',
      'route_allows :- not same_account, not service_caller, resource_names_caller.'),
  },
  'grants-never-deny': {
    why: 'an effective grant counts as an explicit deny',
    rules: () => broken('grant_allows :- grant_effective(G).', 'grant_allows :- grant_effective(G).', 'explicit_deny :- grant_effective(G).'),
  },
  'adding-allow-is-monotone': {
    why: 'every matching statement in force counts as an explicit deny, whatever its effect',
    rules: () => broken('explicit_deny :- in_force(P), statement(P, S, "Deny"), denies(S).', 'explicit_deny :- in_force(P), statement(P, S, E), names(S, How), applies(S).'),
  },
  'adding-deny-is-antitone': {
    why: 'a matching Deny of the key policy counts as naming the caller, and denies no longer block',
    rules: () => broken(AUTHORIZED_GRANT, 'authorized :- not cannot_act, scp_ok, not cross_account_blocked, grant_allows.',
      'grant_allows :- resource_policy(P), statement(P, S, "Deny"), denies(S).'),
  },
  'cross-account-allow-is-trusted': {
    why: 'IAM policies no longer make a key trusted',
    rules: () => broken('trusted :- iam_permits.'),
  },
};

describe('each proof fails on a deliberately broken copy of the rules', () => {
  test('every property has a breakage', () => {
    expect(Object.keys(BREAKAGES).sort()).toEqual(KMS_PROPERTIES.map((p) => p.name).sort());
  });

  for (const property of KMS_PROPERTIES) {
    const breakage = BREAKAGES[property.name];
    test.skipIf(!breakage)(`${property.name} fails when ${breakage?.why}`, async () => {
      const result = await prove(property, breakage!.rules());
      expect(result.proved).toBe(false);
      if (result.proved === false) expect(result.counterexample.length).toBeGreaterThan(0);
    });
  }
});
