/**
 * Pairs of policies for the diff brute-force test (diff/brute-force.test.ts), from a small grammar: Allow and Deny
 * statements naming account roots, users, roles, role sessions and `*`, KMS actions with wildcards, and conditions
 * on kms:ViaService, kms:EncryptionContext:Department, aws:PrincipalOrgID, kms:CallerAccount and aws:SourceIp.
 * NEW is usually OLD after one edit (reordered, a statement duplicated, dropped, added or changed in one element),
 * so that equivalent pairs and small differences are common; now and then NEW is a policy of its own.
 */
import fc from 'fast-check';
import type { NamedPolicy } from '../../../src/policy/model.js';
import { parsePolicyDocument } from '../../../src/policy/parse.js';
import { diffKeyArn } from '../../../src/questions/diff/world.js';
import type { DiffPolicyKind } from '../../../src/questions/diff/input.js';
import { pickOne, sometimes, weighted } from '../../diff/arbitrary-helpers.js';
import { conditionArbOver } from '../../diff/arbitrary-condition.js';
import { awsPrincipalValueArb } from '../../diff/arbitrary-statement.js';
import type { JsonCondition, JsonPolicyDocument, JsonPrincipal, JsonStatement } from '../../diff/native-format.js';
import { CONDITION_KEYS, KMS_ACTION_PATTERNS, OWN_ACCOUNT, THIS_KEY, WORLD_ACCOUNTS, keyArn } from '../../diff/vocabulary.js';

/** The account that owns the key (key policies) or holds the identities (identity policies). */
export const PAIR_ACCOUNT = WORLD_ACCOUNTS[0];

/** The condition keys of the grammar, with the vocabulary's policy values. */
export const PAIR_CONDITION_KEYS = CONDITION_KEYS.filter((spec) =>
  ['kms:ViaService', 'kms:EncryptionContext:Department', 'aws:PrincipalOrgID', 'kms:CallerAccount', 'aws:SourceIp'].includes(spec.key));

export interface PolicyPair {
  kind: DiffPolicyKind;
  old: JsonPolicyDocument;
  new: JsonPolicyDocument;
  /** How NEW was made from OLD (shown in failures). */
  edit: string;
}

const conditionArb: fc.Arbitrary<JsonCondition | undefined> = sometimes(conditionArbOver(PAIR_CONDITION_KEYS), 40);

/** Action or NotAction: one or two KMS action patterns (wildcards and case variants included). */
const actionArb: fc.Arbitrary<Pick<JsonStatement, 'Action' | 'NotAction'>> = fc.record({
  patterns: fc.array(fc.constantFrom(...KMS_ACTION_PATTERNS), { minLength: 1, maxLength: 2 }),
  not: fc.integer({ min: 0, max: 9 }).map((roll) => roll === 9),
}).map(({ patterns, not }) => {
  const value = patterns.length === 1 ? patterns[0]! : patterns;
  return not ? { NotAction: value } : { Action: value };
});

const principalArb: fc.Arbitrary<JsonPrincipal> = pickOne(
  weighted(fc.array(awsPrincipalValueArb, { minLength: 1, maxLength: 2 }).map((aws) => ({ AWS: aws.length === 1 ? aws[0]! : aws })), 8),
  weighted(fc.constant('*' as const), 2),
  weighted(fc.constant({ AWS: '*' }), 1),
);

/** A key policy statement; Resource is `*` or the key itself (a key policy governs only its own key). */
const keyStatementArb: fc.Arbitrary<JsonStatement> = fc.record({
  effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Allow', 'Deny'),
  principal: principalArb,
  action: actionArb,
  resource: fc.constantFrom('*', '*', '*', THIS_KEY),
  condition: conditionArb,
}).map(({ effect, principal, action, resource, condition }) =>
  ({ Effect: effect, Principal: principal, ...action, Resource: resource, ...(condition ? { Condition: condition } : {}) }));

/**
 * An identity policy statement: keys of the account (named, or all of them in any region), a key of another
 * account, `*`, or NotResource.
 */
const identityStatementArb: fc.Arbitrary<JsonStatement> = fc.record({
  effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Allow', 'Deny'),
  action: actionArb,
  resource: pickOne(
    weighted(fc.constant<Pick<JsonStatement, 'Resource' | 'NotResource'>>({ Resource: '*' }), 4),
    weighted(fc.constantFrom('k0', 'k1').map((slot) => ({ Resource: keyArn(PAIR_ACCOUNT, slot) })), 3),
    weighted(fc.constant({ Resource: `arn:aws:kms:*:${PAIR_ACCOUNT}:key/*` }), 1),
    weighted(fc.constant({ Resource: keyArn(WORLD_ACCOUNTS[1], 'k0') }), 1),
    weighted(fc.constantFrom('k0', 'k1').map((slot) => ({ NotResource: keyArn(PAIR_ACCOUNT, slot) })), 1),
  ),
  condition: conditionArb,
}).map(({ effect, action, resource, condition }) => ({ Effect: effect, ...action, ...resource, ...(condition ? { Condition: condition } : {}) }));

type Edit =
  | { kind: 'reorder' }
  | { kind: 'duplicate'; at: number }
  | { kind: 'drop'; at: number }
  | { kind: 'add'; statement: JsonStatement }
  | { kind: 'change'; at: number; element: 'Effect' | 'Principal' | 'Action' | 'Condition'; from: JsonStatement }
  | { kind: 'replace'; statements: JsonStatement[] };

function editArb(statementArb: fc.Arbitrary<JsonStatement>, kind: DiffPolicyKind): fc.Arbitrary<Edit> {
  const at = fc.nat({ max: 9 });
  const elements = kind === 'key' ? ['Effect', 'Principal', 'Action', 'Condition'] as const : ['Effect', 'Action', 'Condition'] as const;
  return pickOne(
    weighted(fc.constant<Edit>({ kind: 'reorder' }), 2),
    weighted(at.map((i): Edit => ({ kind: 'duplicate', at: i })), 1),
    weighted(at.map((i): Edit => ({ kind: 'drop', at: i })), 2),
    weighted(statementArb.map((statement): Edit => ({ kind: 'add', statement })), 2),
    weighted(fc.record({ at, element: fc.constantFrom(...elements), from: statementArb }).map((c): Edit => ({ kind: 'change', ...c })), 4),
    weighted(fc.array(statementArb, { minLength: 1, maxLength: 3 }).map((statements): Edit => ({ kind: 'replace', statements })), 1),
  );
}

/** Copies one element (and its Not- twin) of `from` into `to`. */
function withElement(to: JsonStatement, from: JsonStatement, element: 'Effect' | 'Principal' | 'Action' | 'Condition'): JsonStatement {
  const copy: JsonStatement = { ...to };
  const names = element === 'Action' ? ['Action', 'NotAction'] as const : [element] as const;
  for (const name of names) {
    delete (copy as unknown as Record<string, unknown>)[name];
    if (from[name] !== undefined) (copy as unknown as Record<string, unknown>)[name] = from[name];
  }
  return copy;
}

function applyEdit(statements: JsonStatement[], edit: Edit): { statements: JsonStatement[]; label: string } {
  const i = 'at' in edit ? edit.at % statements.length : 0;
  switch (edit.kind) {
    case 'reorder': return { statements: [...statements].reverse(), label: 'statements reversed' };
    case 'duplicate': return { statements: [...statements, statements[i]!], label: `statement ${i} duplicated` };
    case 'drop': return statements.length > 1
      ? { statements: statements.filter((_, j) => j !== i), label: `statement ${i} dropped` }
      : { statements, label: 'unchanged' };
    case 'add': return { statements: [...statements, edit.statement], label: 'a statement added' };
    case 'change': return {
      statements: statements.map((s, j) => (j === i ? withElement(s, edit.from, edit.element) : s)),
      label: `${edit.element} of statement ${i} changed`,
    };
    case 'replace': return { statements: edit.statements, label: 'a different policy' };
  }
}

/** Binds the grammar's placeholders: OWN_ACCOUNT is the pair's account, THIS_KEY the key diff compares on. */
function bind(statements: JsonStatement[]): JsonPolicyDocument {
  const text = JSON.stringify(statements).replaceAll(OWN_ACCOUNT, PAIR_ACCOUNT).replaceAll(THIS_KEY, diffKeyArn(PAIR_ACCOUNT));
  return { Version: '2012-10-17', Statement: JSON.parse(text) as JsonStatement[] };
}

function pairArb(kind: DiffPolicyKind, statementArb: fc.Arbitrary<JsonStatement>): fc.Arbitrary<PolicyPair> {
  return fc.record({ old: fc.array(statementArb, { minLength: 1, maxLength: 3 }), edit: editArb(statementArb, kind) }).map(({ old, edit }) => {
    const next = applyEdit(old, edit);
    return { kind, old: bind(old), new: bind(next.statements), edit: next.label };
  });
}

export const keyPolicyPairArb: fc.Arbitrary<PolicyPair> = pairArb('key', keyStatementArb);
export const identityPolicyPairArb: fc.Arbitrary<PolicyPair> = pairArb('identity', identityStatementArb);

/** A generated document, read by keyproof's own parser (as `keyproof diff` reads a policy file). */
export function parsePairDocument(kind: DiffPolicyKind, side: 'old' | 'new', document: JsonPolicyDocument): NamedPolicy {
  const at = { file: `${side}.json`, pointer: '' };
  return { name: `${side}.json`, document: parsePolicyDocument(document, at, kind === 'key' ? 'resource' : 'identity') };
}
