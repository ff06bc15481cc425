/**
 * Policy statements and documents of each kind keyproof reads: identity policies (inline, managed, boundaries),
 * key policies, role trust policies, SCPs and RCPs (iam/reference_policies_grammar.md). Identities and keys are
 * named from the vocabulary, with OWN_ACCOUNT / THIS_KEY standing for the policy's own account and key.
 */
import fc from 'fast-check';
import { chance, pickOne, sometimes, weighted } from './arbitrary-helpers.js';
import { maybeCondition } from './arbitrary-condition.js';
import type { JsonCondition, JsonPolicyDocument, JsonPrincipal, JsonStatement } from './native-format.js';
import {
  ALL_KEY_ARNS, EXTERNAL_ACCOUNT, KMS_ACTION_PATTERNS, ORG_ID, OWN_ACCOUNT, ROLE_NAMES, SERVICES, THIS_KEY,
  USER_NAMES, WORLD_ACCOUNTS, roleArn, rootArn, sessionArn, userArn,
} from './vocabulary.js';

const effectArb = (denyPercent: number): fc.Arbitrary<'Allow' | 'Deny'> =>
  pickOne(weighted(fc.constant('Allow' as const), 100 - denyPercent), weighted(fc.constant('Deny' as const), denyPercent));

/** A string or, now and then, a list of strings (both forms are valid policy grammar). */
function oneOrMore(arb: fc.Arbitrary<string>): fc.Arbitrary<string | string[]> {
  return pickOne(weighted(arb, 4), weighted(fc.array(arb, { minLength: 1, maxLength: 3 }), 1));
}

/** AWS principal values, biased toward the policy's own account, where most callers live. */
export const awsPrincipalValueArb: fc.Arbitrary<string> = pickOne(
  weighted(fc.constant(rootArn(OWN_ACCOUNT)), 5),
  weighted(fc.constant(OWN_ACCOUNT), 1),
  weighted(fc.constantFrom(...USER_NAMES).map((n) => userArn(OWN_ACCOUNT, n)), 3),
  weighted(fc.constantFrom(...ROLE_NAMES).map((n) => roleArn(OWN_ACCOUNT, n)), 3),
  weighted(fc.constantFrom(...ROLE_NAMES).map((n) => sessionArn(OWN_ACCOUNT, n)), 1),
  weighted(fc.constantFrom(...WORLD_ACCOUNTS).map(rootArn), 2),
  weighted(fc.tuple(fc.constantFrom(...WORLD_ACCOUNTS), fc.constantFrom(...USER_NAMES)).map(([a, n]) => userArn(a, n)), 1),
  weighted(fc.tuple(fc.constantFrom(...WORLD_ACCOUNTS), fc.constantFrom(...ROLE_NAMES)).map(([a, n]) => roleArn(a, n)), 1),
  weighted(fc.constantFrom(rootArn(EXTERNAL_ACCOUNT), EXTERNAL_ACCOUNT, userArn(EXTERNAL_ACCOUNT, 'mallory')), 1),
);

const serviceArb = fc.constantFrom(...SERVICES);

/** A Principal element: AWS identities, "*", a service, or a mix. */
const principalArb: fc.Arbitrary<JsonPrincipal> = pickOne(
  weighted(oneOrMore(awsPrincipalValueArb).map((aws) => ({ AWS: aws })), 8),
  weighted(fc.constant('*' as const), 2),
  weighted(fc.constant({ AWS: '*' }), 1),
  weighted(serviceArb.map((s) => ({ Service: s })), 1),
  weighted(fc.tuple(awsPrincipalValueArb, serviceArb).map(([aws, s]) => ({ AWS: aws, Service: s })), 1),
);

/**
 * NotPrincipal: mostly with Deny, as iam/reference_policies_elements_notprincipal.md recommends; sometimes with Allow
 * (#specifying-notprincipal-allow: everyone except those named), which real key policies hold too.
 */
const notPrincipalArb: fc.Arbitrary<JsonPrincipal> = fc.array(awsPrincipalValueArb, { minLength: 1, maxLength: 3 })
  .map((aws) => ({ AWS: aws }));

const kmsActionArb = fc.constantFrom(...KMS_ACTION_PATTERNS);

/** Action or NotAction over KMS actions, with a few other services mixed in. */
function actionFields(notActionPercent: number): fc.Arbitrary<Pick<JsonStatement, 'Action' | 'NotAction'>> {
  const actions = oneOrMore(pickOne(weighted(kmsActionArb, 9), weighted(fc.constantFrom('s3:GetObject', 'sts:AssumeRole'), 1)));
  return pickOne(
    weighted(actions.map((Action) => ({ Action })), 100 - notActionPercent),
    weighted(actions.map((NotAction) => ({ NotAction })), notActionPercent),
  );
}

/** Resource fields of an identity policy: "*", a key, keys of an account, or NotResource. */
const identityResourceArb: fc.Arbitrary<Pick<JsonStatement, 'Resource' | 'NotResource'>> = pickOne(
  weighted(fc.constant({ Resource: '*' }), 5),
  weighted(oneOrMore(fc.constantFrom(...ALL_KEY_ARNS)).map((Resource) => ({ Resource })), 3),
  weighted(fc.constant({ Resource: `arn:aws:kms:*:${OWN_ACCOUNT}:key/*` }), 1),
  weighted(fc.constantFrom(...ALL_KEY_ARNS).map((NotResource) => ({ NotResource })), 1),
);

/**
 * Resource fields of a key policy: "*" (this key), the key's own ARN, another key, NotResource, or none at all
 * (a statement without Resource applies to no key: kms/key-policy-overview.md#key-policy-elements).
 */
const keyPolicyResourceArb: fc.Arbitrary<Pick<JsonStatement, 'Resource' | 'NotResource'>> = pickOne(
  weighted(fc.constant({ Resource: '*' }), 14),
  weighted(fc.constant({ Resource: THIS_KEY }), 2),
  weighted(fc.constantFrom(...ALL_KEY_ARNS).map((Resource) => ({ Resource })), 1),
  weighted(fc.constantFrom(...ALL_KEY_ARNS).map((NotResource) => ({ NotResource })), 1),
  weighted(fc.constant({}), 1),
);

function withCondition(statement: JsonStatement, condition: JsonCondition | undefined): JsonStatement {
  return condition ? { ...statement, Condition: condition } : statement;
}

/** A statement of an identity-based policy about KMS. */
const identityKmsStatementArb: fc.Arbitrary<JsonStatement> = fc.record({
  effect: effectArb(15),
  action: actionFields(10),
  resource: identityResourceArb,
  condition: maybeCondition(30),
}).map(({ effect, action, resource, condition }) => withCondition({ Effect: effect, ...action, ...resource }, condition));

/** A statement that lets an identity call sts:AssumeRole, the other half of role assumption. */
const assumeRoleStatementArb: fc.Arbitrary<JsonStatement> = fc.record({
  effect: effectArb(10),
  action: fc.constantFrom('sts:AssumeRole', 'sts:*', 'sts:Assume*'),
  resource: pickOne(
    weighted(fc.constant('*'), 2),
    weighted(fc.tuple(fc.constantFrom(...WORLD_ACCOUNTS), fc.constantFrom(...ROLE_NAMES)).map(([a, n]) => roleArn(a, n)), 3),
    weighted(fc.constantFrom(...ROLE_NAMES).map((n) => roleArn(OWN_ACCOUNT, n)), 2),
    weighted(fc.constant('arn:aws:iam::*:role/a*'), 1),
  ),
  condition: maybeCondition(15),
}).map(({ effect, action, resource, condition }) => withCondition({ Effect: effect, Action: action, Resource: resource }, condition));

function documentArb(statementArb: fc.Arbitrary<JsonStatement>, maxStatements: number): fc.Arbitrary<JsonPolicyDocument> {
  return fc.record({
    // Version 2008-10-17 turns policy variables off (reference_policies_elements_version.md).
    version: pickOne(weighted(fc.constant('2012-10-17'), 9), weighted(fc.constant('2008-10-17'), 1)),
    statements: fc.array(fc.tuple(statementArb, fc.boolean()), { minLength: 1, maxLength: maxStatements }),
  }).map(({ version, statements }) => ({
    Version: version,
    Statement: statements.map(([s, named], i) => (named ? { Sid: `S${i}`, ...s } : s)),
  }));
}

/** An identity-based policy: inline, managed, or a permissions boundary. */
export const identityPolicyArb: fc.Arbitrary<JsonPolicyDocument> = documentArb(
  pickOne(weighted(identityKmsStatementArb, 4), weighted(assumeRoleStatementArb, 2)), 3,
);

/** A key policy statement: Principal (or NotPrincipal, mostly with Deny), KMS actions, Resource, maybe a Condition. */
const keyPolicyStatementArb: fc.Arbitrary<JsonStatement> = fc.record({
  effect: effectArb(20),
  principal: principalArb,
  notPrincipal: sometimes(notPrincipalArb, 17),
  allowNotPrincipal: sometimes(notPrincipalArb, 4),
  action: actionFields(8),
  resource: keyPolicyResourceArb,
  condition: maybeCondition(30),
}).map(({ effect, principal, notPrincipal, allowNotPrincipal, action, resource, condition }) => {
  const not = effect === 'Deny' ? notPrincipal : allowNotPrincipal;
  const who = not ? { NotPrincipal: not } : { Principal: principal };
  return withCondition({ Effect: effect, ...who, ...action, ...resource }, condition);
});

/** The default key policy's statement: the key's account may use IAM policies (kms/key-policy-default.md#allow-iam-policies). */
const rootDelegationStatement: JsonStatement = {
  Sid: 'EnableIAMPolicies', Effect: 'Allow', Principal: { AWS: rootArn(OWN_ACCOUNT) }, Action: 'kms:*', Resource: '*',
};

export const keyPolicyArb: fc.Arbitrary<JsonPolicyDocument> = fc.tuple(
  chance(60),
  documentArb(keyPolicyStatementArb, 3),
).map(([delegates, doc]) => (delegates ? { ...doc, Statement: [rootDelegationStatement, ...doc.Statement] } : doc));

/** A trust policy statement: who may assume the role (iam/id_roles_use_permissions-to-switch.md). */
const trustStatementArb: fc.Arbitrary<JsonStatement> = fc.record({
  effect: effectArb(10),
  principal: principalArb,
  action: pickOne(weighted(fc.constant('sts:AssumeRole'), 6), weighted(fc.constantFrom('sts:*', 'sts:TagSession'), 1)),
  condition: maybeCondition(20),
}).map(({ effect, principal, action, condition }) => withCondition({ Effect: effect, Principal: principal, Action: action }, condition));

export const trustPolicyArb: fc.Arbitrary<JsonPolicyDocument> = documentArb(trustStatementArb, 2);

/** SCPs: FullAWSAccess, Deny guardrails, or an allow-list that does not allow KMS. */
export type ScpKind = 'full-access' | 'guardrail' | 'allow-list';

export const FULL_ACCESS: JsonPolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const ALLOW_LIST: JsonPolicyDocument = {
  Version: '2012-10-17', Statement: [{ Sid: 'OnlyS3AndSts', Effect: 'Allow', Action: ['s3:*', 'sts:*'], Resource: '*' }],
};

const guardrailArb: fc.Arbitrary<JsonPolicyDocument> = fc.record({
  action: oneOrMore(fc.constantFrom('kms:ScheduleKeyDeletion', 'kms:Decrypt', 'kms:Put*', 'kms:*', 'sts:AssumeRole')),
  condition: maybeCondition(50),
}).map(({ action, condition }) => ({
  Version: '2012-10-17',
  Statement: [withCondition({ Sid: 'Guardrail', Effect: 'Deny', Action: action, Resource: '*' }, condition)],
}));

export const scpDocumentArb: fc.Arbitrary<{ kind: ScpKind; document: JsonPolicyDocument }> = pickOne(
  weighted(fc.constant({ kind: 'full-access' as const, document: FULL_ACCESS }), 4),
  weighted(guardrailArb.map((document) => ({ kind: 'guardrail' as const, document })), 3),
  weighted(fc.constant({ kind: 'allow-list' as const, document: ALLOW_LIST }), 1),
);

/** RCPs restrict only by Deny; most of them keep keys inside the organization (aws:PrincipalOrgID). */
export const rcpDocumentArb: fc.Arbitrary<JsonPolicyDocument> = fc.record({
  action: fc.constantFrom('kms:*', 'kms:Decrypt', 'kms:Get*'),
  condition: pickOne(
    weighted(fc.constant<JsonCondition>({ StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG_ID } }), 4),
    weighted(fc.constant<JsonCondition>({
      StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG_ID }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
    }), 2),
    weighted(maybeCondition(70), 2),
  ),
}).map(({ action, condition }) => ({
  Version: '2012-10-17',
  Statement: [withCondition({ Sid: 'KeepKeysInside', Effect: 'Deny', Principal: '*', Action: action, Resource: '*' }, condition)],
}));
