/**
 * Properties of the KMS rules (src/semantics/kms.kp), each stated over the free facts of schematic worlds, so
 * that they hold whatever the policies say. `base` is the schematic world; other copies add one thing to it.
 */
import type { Property, ProofScope } from './prover.js';
import { GRANT, HOWS, IDENTITY_POLICIES, KEY_ACCOUNT, KEY_POLICY, identityStatement, keyStatements } from './schematic-world.js';

type Bool = ReturnType<ProofScope['field']>;

const or = (s: ProofScope, items: Bool[]): Bool => (items.length === 0 ? s.z3.Bool.val(false) : s.z3.Or(...items));
const and = (s: ProofScope, items: Bool[]): Bool => s.z3.And(...items);

/** The statement names the caller in some way and matches the request (taken from the free facts). */
function matches(s: ProofScope, statement: string): Bool {
  return and(s, [or(s, HOWS.map((h) => s.atom('base', 'names', statement, h))), s.atom('base', 'applies', statement)]);
}

/** The caller is the schematic user or a session of the schematic role, so its identity policies apply. */
function callerIsIamIdentity(s: ProofScope): Bool {
  return or(s, [and(s, [s.field('kind', 'user'), s.field('principal', 'u')]), and(s, [s.field('kind', 'role-session'), s.field('role', 'r')])]);
}

const crossAccount = (s: ProofScope): Bool => and(s, [s.z3.Not(s.field('account', KEY_ACCOUNT)), s.z3.Not(s.field('kind', 'service'))]);

export const KMS_PROPERTIES: Property[] = [
  {
    name: 'key-policy-deny-wins',
    claim: 'A Deny statement of the key policy that names the caller and matches the request always yields DENY.',
    doc: 'kms/policy-evaluation.md; iam/reference_policies_evaluation-logic.md ("An explicit deny in any policy overrides any allows")',
    copies: { base: {} },
    holds: (s) => s.z3.Implies(
      or(s, keyStatements().map((k) => and(s, [s.effect(KEY_POLICY, k, 'Deny'), matches(s, k)]))),
      s.z3.Not(s.atom('base', 'allow'))),
  },
  {
    name: 'identity-policy-deny-wins',
    claim: "A Deny statement in an IAM policy attached to the caller or to its group that matches the request always yields DENY.",
    doc: 'iam/reference_policies_evaluation-logic.md#policy-eval-denyallow; kms/key-policy-default.md#allow-iam-policies',
    copies: { base: {} },
    holds: (s) => s.z3.Implies(
      and(s, [s.field('kind', 'user'), s.field('principal', 'u'),
        or(s, [
          and(s, [s.atom('base', 'attached', 'u', 'pu'), s.effect('pu', identityStatement('pu'), 'Deny'), matches(s, identityStatement('pu'))]),
          and(s, [s.atom('base', 'in_group', 'u', 'grp'), s.atom('base', 'attached', 'grp', 'pg'), s.effect('pg', identityStatement('pg'), 'Deny'), matches(s, identityStatement('pg'))]),
        ])]),
      s.z3.Not(s.atom('base', 'allow'))),
  },
  {
    name: 'key-policy-required',
    claim: "Without a key policy Allow that names the caller, its role or its account, and without a grant, no IAM policy allows.",
    doc: 'kms/key-policy-default.md#allow-iam-policies ("Without this permission, IAM policies that allow access to the key are ineffective")',
    copies: { base: {} },
    holds: (s) => s.z3.Implies(
      and(s, [
        ...keyStatements().map((k) => s.z3.Not(and(s, [s.effect(KEY_POLICY, k, 'Allow'), matches(s, k)]))),
        s.z3.Not(s.atom('base', 'grant', GRANT)),
      ]),
      s.z3.Not(s.atom('base', 'allow'))),
  },
  {
    name: 'cross-account-needs-iam-or-grant',
    claim: "Across accounts the key policy alone never allows: an IAM policy of the caller's account (or the root user's own authority) or a grant is needed.",
    doc: 'kms/key-policy-modifying-external-accounts.md ("Neither the key policy nor the IAM policy alone is sufficient")',
    copies: { base: {} },
    holds: (s) => s.z3.Implies(
      and(s, [crossAccount(s), s.atom('base', 'allow')]),
      or(s, [
        s.field('kind', 'root'),
        s.atom('base', 'grant', GRANT),
        and(s, [callerIsIamIdentity(s), or(s, IDENTITY_POLICIES.map((p) => and(s, [s.effect(p, identityStatement(p), 'Allow'), matches(s, identityStatement(p))])))]),
      ])),
  },
  {
    name: 'grants-never-deny',
    claim: 'Adding a grant never takes access away.',
    doc: 'kms/grants.md ("A grant can allow access to a KMS key, but not deny access")',
    copies: { base: { withoutGrant: true }, more: {} },
    holds: (s) => s.z3.Implies(s.atom('base', 'allow'), s.atom('more', 'allow')),
  },
  {
    name: 'adding-allow-is-monotone',
    claim: 'Adding an Allow statement to the key policy or to an IAM policy never takes access away.',
    doc: 'iam/reference_policies_evaluation-logic.md ("An explicit allow in an identity-based or resource-based policy overrides this default")',
    copies: { base: {}, key: { extra: { policy: KEY_POLICY, statement: 'kx' } }, iam: { extra: { policy: 'pu', statement: 'ix' } } },
    holds: (s) => and(s, [
      s.z3.Implies(and(s, [s.effect(KEY_POLICY, 'kx', 'Allow'), s.atom('base', 'allow')]), s.atom('key', 'allow')),
      s.z3.Implies(and(s, [s.effect('pu', 'ix', 'Allow'), s.atom('base', 'allow')]), s.atom('iam', 'allow')),
    ]),
  },
  {
    name: 'adding-deny-is-antitone',
    claim: 'Adding a Deny statement to the key policy or to an IAM policy never gives access.',
    doc: 'iam/reference_policies_evaluation-logic.md ("An explicit deny in any policy overrides any allows")',
    copies: { base: {}, key: { extra: { policy: KEY_POLICY, statement: 'kx' } }, iam: { extra: { policy: 'pu', statement: 'ix' } } },
    holds: (s) => and(s, [
      s.z3.Implies(and(s, [s.effect(KEY_POLICY, 'kx', 'Deny'), s.atom('key', 'allow')]), s.atom('base', 'allow')),
      s.z3.Implies(and(s, [s.effect('pu', 'ix', 'Deny'), s.atom('iam', 'allow')]), s.atom('base', 'allow')),
    ]),
  },
  {
    name: 'cross-account-allow-is-trusted',
    claim: 'Every allowed request from another account is trusted (key trust holds).',
    doc: 'kms/policy-evaluation.md ("you can also feel confident about using KMS keys in a different AWS account if a grant or IAM policy in your account allows you")',
    copies: { base: {} },
    holds: (s) => s.z3.Implies(and(s, [crossAccount(s), s.atom('base', 'allow')]), s.atom('base', 'trusted')),
  },
];
