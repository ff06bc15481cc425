/**
 * Property: every valid policy document (from a generator following iam/reference_policies_grammar.md) parses, and
 * the parsed model written back out — as an object, a JSON string or a URL-encoded JSON string — parses to the same
 * model. Fixed seed; fast-check prints the counterexample and the seed/path to replay it.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { ConditionClause, PolicyDocument, PrincipalEntry, Statement } from '../../src/policy/model.js';
import { BASE_OPERATORS } from '../../src/policy/parse-condition.js';
import { parsePolicyDocument, type PolicyKind } from '../../src/policy/parse.js';

const at = { file: 'generated.json', pointer: '' };

const word = fc.stringMatching(/^[A-Za-z0-9]{1,12}$/);
const accountId = fc.stringMatching(/^\d{12}$/);
const oneOrMany = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));

const awsPrincipal = fc.oneof(
  fc.constant('*'),
  accountId,
  accountId.map((a) => `arn:aws:iam::${a}:root`),
  fc.tuple(accountId, fc.constantFrom('user', 'role'), word).map(([a, t, n]) => `arn:aws:iam::${a}:${t}/${n}`),
  fc.tuple(accountId, word, word).map(([a, r, s]) => `arn:aws:sts::${a}:assumed-role/${r}/${s}`),
);
const principalMap = fc
  .record(
    {
      AWS: oneOrMany(awsPrincipal),
      Service: oneOrMany(word.map((w) => `${w.toLowerCase()}.amazonaws.com`)),
      Federated: oneOrMany(fc.constantFrom('cognito-identity.amazonaws.com', 'accounts.google.com')),
      CanonicalUser: oneOrMany(fc.stringMatching(/^[0-9a-f]{64}$/)),
    },
    { requiredKeys: [] },
  )
  .filter((m) => Object.keys(m).length > 0);
const principal = fc.oneof(fc.constant('*' as const), principalMap);

const action = fc.oneof(fc.constant('*'), fc.tuple(fc.constantFrom('kms', 'KMS', 'sts', 's3'), fc.stringMatching(/^[A-Za-z*?]{1,16}$/)).map(([s, a]) => `${s}:${a}`));
const resource = fc.oneof(fc.constant('*'), fc.tuple(accountId, word).map(([a, k]) => `arn:aws:kms:us-west-2:${a}:key/${k}`));

const operatorText = fc
  .tuple(fc.constantFrom('', 'ForAllValues:', 'ForAnyValue:'), fc.constantFrom(...BASE_OPERATORS), fc.boolean())
  .map(([prefix, base, ifExists]) => `${prefix}${base}${ifExists && base !== 'Null' ? 'IfExists' : ''}`);
const conditionValue = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
const conditionKey = fc.stringMatching(/^[a-z]{2,5}:[A-Za-z]{1,10}$/);
const condition = fc.dictionary(operatorText, fc.dictionary(conditionKey, oneOrMany(conditionValue), { minKeys: 1, maxKeys: 3 }), { minKeys: 1, maxKeys: 3 });

function statement(kind: PolicyKind) {
  return fc
    .record(
      {
        Sid: fc.string({ maxLength: 10 }),
        Effect: fc.constantFrom('Allow', 'Deny'),
        actions: fc.tuple(fc.constantFrom('Action', 'NotAction'), oneOrMany(action)),
        resources: fc.tuple(fc.constantFrom('Resource', 'NotResource'), oneOrMany(resource)),
        principals: fc.tuple(fc.constantFrom('Principal', 'NotPrincipal'), principal),
        Condition: condition,
      },
      { requiredKeys: ['Effect', 'actions', 'resources', 'principals'] },
    )
    .map(({ actions, resources, principals, ...rest }) => ({
      ...rest,
      [actions[0]]: actions[1],
      [resources[0]]: resources[1],
      ...(kind === 'resource' ? { [principals[0]]: principals[1] } : {}),
    }));
}

function policyDocument(kind: PolicyKind) {
  return fc
    .record(
      {
        Version: fc.constantFrom('2012-10-17', '2008-10-17'),
        Id: fc.string({ maxLength: 10 }),
        Statement: fc.oneof(statement(kind), fc.array(statement(kind), { maxLength: 4 })),
      },
      { requiredKeys: ['Statement'] },
    );
}

/** The model without its locations: pointers differ when a single statement object is written back as an array. */
function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'location').map(([k, v]) => [k, withoutLocations(v)]));
  }
  return value;
}

const encodings = {
  object: (doc: object) => doc,
  json: (doc: object) => JSON.stringify(doc, null, 2),
  urlEncoded: (doc: object) => encodeURIComponent(JSON.stringify(doc)),
};

test.each<PolicyKind>(['resource', 'identity'])('generated valid %s policies parse and round-trip', (kind) => {
  fc.assert(
    fc.property(policyDocument(kind), fc.constantFrom(...Object.values(encodings)), (document, encode) => {
      const parsed = parsePolicyDocument(document, at, kind);
      const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
      expect(parsed.statements).toHaveLength(statements.length);
      const reparsed = parsePolicyDocument(encode(serializePolicy(parsed)), at, kind);
      expect(withoutLocations(reparsed)).toEqual(withoutLocations(parsed));
    }),
    { seed: 42, numRuns: 300 },
  );
});

/** Test-only serialiser: writes a parsed policy model back out as a policy document object. */
function serializePolicy(document: PolicyDocument): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (document.version !== undefined) out.Version = document.version;
  if (document.id !== undefined) out.Id = document.id;
  out.Statement = document.statements.map(serializeStatement);
  return out;
}

function serializeStatement(statement: Statement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (statement.sid !== undefined) out.Sid = statement.sid;
  out.Effect = statement.effect;
  if (statement.principal) out.Principal = serializePrincipals(statement.principal);
  if (statement.notPrincipal) out.NotPrincipal = serializePrincipals(statement.notPrincipal);
  if (statement.action) out.Action = statement.action;
  if (statement.notAction) out.NotAction = statement.notAction;
  if (statement.resource) out.Resource = statement.resource;
  if (statement.notResource) out.NotResource = statement.notResource;
  if (statement.conditions.length > 0) out.Condition = serializeConditions(statement.conditions);
  return out;
}

function serializePrincipals(entries: PrincipalEntry[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { type, value } of entries) (out[type] ??= []).push(value);
  return out;
}

function serializeConditions(clauses: ConditionClause[]): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const clause of clauses) (out[clause.operatorText] ??= {})[clause.key] = clause.values;
  return out;
}
