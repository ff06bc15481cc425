/**
 * Reading and validating an IAM policy document (key policy, identity policy, permissions boundary, trust policy,
 * SCP, RCP) into the model of ./model.ts. Grammar: iam/reference_policies_grammar.md. Everything that the grammar
 * or the element pages rule out is reported as an InputError at its place; nothing is silently dropped.
 */
import { readDocumentValue } from '../input/embedded-document.js';
import {
  checkFields,
  describeValue,
  readObject,
  readString,
  readStringOrList,
  type PlainObject,
} from '../input/read-value.js';
import { Where, type Origin } from '../input/where.js';
import type { PolicyDocument, Statement } from './model.js';
import { parseConditionElement } from './parse-condition.js';
import { parsePrincipalElement } from './parse-principal.js';
import { checkVocabulary } from './vocabulary.js';

/**
 * Where a policy is attached decides which elements it may use:
 * - `resource`: a key policy or another resource-based policy; Principal or NotPrincipal is required
 *   (reference_policies_grammar.md#policies-grammar-notes). Resource may be missing: kms/key-policy-overview.md
 *   says CreateKey and PutKeyPolicy accept such a statement, which then has no effect (the evaluator's business).
 * - `trust`: a role trust policy; Principal is required, Resource may be omitted. NotPrincipal "cannot" be used
 *   (reference_policies_elements_notprincipal.md), but IAM stores trust policies that have it: it loads with a
 *   warning, and is evaluated as in any resource policy.
 * - `identity`: inline or managed policies and permissions boundaries; no Principal or NotPrincipal
 *   (reference_policies_elements_principal.md).
 * - `scp`: like identity policies (AWS Organizations "SCP syntax": no Principal or NotPrincipal).
 * - `rcp`: Principal is required; NotPrincipal and NotAction are not supported (AWS Organizations "RCP syntax").
 */
export type PolicyKind = 'resource' | 'trust' | 'identity' | 'scp' | 'rcp';

interface KindRules {
  label: string;
  principal: 'required' | 'forbidden';
  /** `warn`: AWS stores it although the documentation rules it out (loaded with a warning). */
  notPrincipal: boolean | 'warn';
  notAction: boolean;
  resourceRequired: boolean;
}

const RULES: Record<PolicyKind, KindRules> = {
  resource: { label: 'a resource-based policy', principal: 'required', notPrincipal: true, notAction: true, resourceRequired: false },
  trust: { label: 'a role trust policy', principal: 'required', notPrincipal: 'warn', notAction: true, resourceRequired: false },
  identity: { label: 'an identity-based policy', principal: 'forbidden', notPrincipal: false, notAction: true, resourceRequired: true },
  scp: { label: 'a service control policy', principal: 'forbidden', notPrincipal: false, notAction: true, resourceRequired: true },
  rcp: { label: 'a resource control policy', principal: 'required', notPrincipal: false, notAction: false, resourceRequired: true },
};

const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'];
const STATEMENT_ELEMENTS = [
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
];
/** reference_policies_elements_version.md: the only two versions of the policy language. */
const VERSIONS = ['2012-10-17', '2008-10-17'];

/**
 * Parses a policy document given as an object, a JSON string, a URL-encoded JSON string (as the IAM API returns
 * it) or a `{ "$file": ... }` reference. `at` is where the document sits (its pointer is the document's root).
 */
export function parsePolicyDocument(raw: unknown, at: Origin | Where, kind: PolicyKind): PolicyDocument {
  const rules = RULES[kind];
  const { value, where } = readDocumentValue(raw, Where.from(at), `${rules.label} document`);
  const policy = readObject(value, where, `${rules.label} document`);
  checkFields(policy, where, `${rules.label} document`, POLICY_ELEMENTS);

  const document: PolicyDocument = { statements: [], location: where.location() };
  if (policy.Version !== undefined) {
    const version = policy.Version;
    if (typeof version !== 'string' || !VERSIONS.includes(version)) {
      throw where.at('Version').error(`expected Version "2012-10-17" or "2008-10-17", found ${describeValue(version)}`);
    }
    document.version = version;
  }
  if (policy.Id !== undefined) document.id = readString(policy.Id, where.at('Id'), 'the policy Id');

  if (policy.Statement === undefined) throw where.error(`${rules.label} document is missing the required "Statement" element`);
  const statementsWhere = where.at('Statement');
  if (Array.isArray(policy.Statement)) {
    document.statements = policy.Statement.map((s, i) => parseStatement(s, statementsWhere.at(i), i, rules));
  } else {
    document.statements = [parseStatement(policy.Statement, statementsWhere, 0, rules)];
  }
  return document;
}

function parseStatement(raw: unknown, where: Where, index: number, rules: KindRules): Statement {
  const object = readObject(raw, where, 'a policy statement');
  checkFields(object, where, 'a policy statement', STATEMENT_ELEMENTS);
  const statement: Statement = { index, effect: parseEffect(object.Effect, where), conditions: [], location: where.location() };

  if (object.Sid !== undefined) statement.sid = readString(object.Sid, where.at('Sid'), 'the statement Sid');
  readPrincipals(object, where, rules, statement);

  const actions = exactlyOne(object, where, 'Action', 'NotAction', true);
  if (actions === 'NotAction' && !rules.notAction) throw where.at('NotAction').keyError(`${rules.label} cannot use NotAction`);
  if (actions) statement[actions === 'Action' ? 'action' : 'notAction'] = parseActions(object[actions], where.at(actions), actions);
  if (statement.action?.length === 0) where.at('Action').warn('no entry of Action is an action, so this statement matches no request and has no effect');

  const resources = exactlyOne(object, where, 'Resource', 'NotResource', rules.resourceRequired);
  if (resources) {
    statement[resources === 'Resource' ? 'resource' : 'notResource'] = parseResources(object[resources], where.at(resources), resources);
  }
  if (object.Condition !== undefined) statement.conditions = parseConditionElement(object.Condition, where.at('Condition'));
  if (rules === RULES.resource && !resources) {
    where.warn('a key policy statement without Resource applies to no KMS key (kms/key-policy-overview.md#key-policy-elements), so it has no effect');
  }
  checkVocabulary(statement, object, where);
  return statement;
}

function parseEffect(value: unknown, where: Where): Statement['effect'] {
  if (value === undefined) throw where.error('a policy statement is missing the required "Effect" element');
  if (value !== 'Allow' && value !== 'Deny') {
    throw where.at('Effect').error(`expected Effect "Allow" or "Deny", found ${describeValue(value)}`);
  }
  return value;
}

function readPrincipals(object: PlainObject, where: Where, rules: KindRules, statement: Statement): void {
  const which = exactlyOne(object, where, 'Principal', 'NotPrincipal', false);
  if (rules.principal === 'forbidden' && which) {
    throw where.at(which).keyError(`${rules.label} cannot have a ${which} element: its principal is the identity it is attached to`);
  }
  if (rules.principal === 'required' && !which) {
    throw where.error(`a statement of ${rules.label} must have a Principal${rules.notPrincipal ? ' or NotPrincipal' : ''} element`);
  }
  if (which === 'NotPrincipal' && !rules.notPrincipal) throw where.at(which).keyError(`${rules.label} cannot use NotPrincipal`);
  if (which === 'NotPrincipal' && rules.notPrincipal === 'warn') {
    where.at(which).warn(`${rules.label} should not use NotPrincipal (iam/reference_policies_elements_notprincipal.md), but AWS stores it; keyproof evaluates it as in any resource policy`);
  }
  if (which === 'Principal') statement.principal = parsePrincipalElement(object.Principal, where.at(which), which);
  if (which === 'NotPrincipal') statement.notPrincipal = parsePrincipalElement(object.NotPrincipal, where.at(which), which);
}

/** At most one of a positive element and its Not- form; `required` demands one. Returns the one present. */
function exactlyOne<A extends string, B extends string>(
  object: PlainObject,
  where: Where,
  positive: A,
  negative: B,
  required: boolean,
): A | B | undefined {
  const hasPositive = object[positive] !== undefined;
  const hasNegative = object[negative] !== undefined;
  if (hasPositive && hasNegative) {
    throw where.at(negative).keyError(`a statement cannot have both ${positive} and ${negative}`);
  }
  if (required && !hasPositive && !hasNegative) {
    throw where.error(`a policy statement must have a ${positive} or ${negative} element`);
  }
  return hasPositive ? positive : hasNegative ? negative : undefined;
}

/**
 * `"*"` or `service:action`, with `*` and `?` wildcards (reference_policies_grammar.md, "action_string").
 * Kept as written: action names are matched case-insensitively by the evaluator (reference_policies_elements_action.md).
 * An entry of another shape (e.g. "kms Decrypt") names no action: IAM stores such policies, so it is dropped with a
 * warning. An Action list left empty matches nothing; a NotAction entry dropped excludes nothing.
 */
function parseActions(value: unknown, where: Where, element: string): string[] {
  return readStringOrList(value, where, `${element} values`).flatMap(([action, actionWhere]) => {
    if (action !== '*' && !/^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_.-]+$/.test(action)) {
      const effect = element === 'Action' ? 'matches no action' : 'excludes no action';
      actionWhere.warn(`"${action}" is not an action of the form "service:action" (wildcards allowed) or "*"; this entry ${effect}`);
      return [];
    }
    return [action];
  });
}

/** `"*"` or an ARN, possibly with wildcards and policy variables (reference_policies_grammar.md, "resource_string"). */
function parseResources(value: unknown, where: Where, element: string): string[] {
  return readStringOrList(value, where, `${element} values`).map(([resource, resourceWhere]) => {
    if (resource !== '*' && !resource.startsWith('arn:')) {
      throw resourceWhere.error(`expected "*" or an ARN ("arn:partition:service:region:account:resource"), found "${resource}"`);
    }
    return resource;
  });
}
