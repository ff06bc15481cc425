/**
 * The Principal and NotPrincipal elements (iam/reference_policies_elements_principal.md,
 * iam/reference_policies_grammar.md `<principal_block>`).
 */
import { checkFields, describeValue, readStringOrList } from '../input/read-value.js';
import type { Where } from '../input/where.js';
import { isAccountId, parseArn } from './arn.js';
import type { PrincipalEntry } from './model.js';

const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

/** `"*"`, or a map from principal type to one or more principal identifiers. */
export function parsePrincipalElement(value: unknown, where: Where, element: string): PrincipalEntry[] {
  // reference_policies_elements_principal.md#principal-anonymous: `"Principal": "*"` equals `{"AWS": "*"}`.
  if (value === '*') return [{ type: 'AWS', value: '*' }];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw where.error(
      `expected ${element} to be "*" or an object with "AWS", "Service", "Federated" or "CanonicalUser", found ${describeValue(value)}`,
    );
  }
  const map = value as Record<string, unknown>;
  checkFields(map, where, `a ${element} element`, PRINCIPAL_TYPES);
  const entries: PrincipalEntry[] = [];
  for (const type of PRINCIPAL_TYPES) {
    if (map[type] === undefined) continue;
    for (const [id, idWhere] of readStringOrList(map[type], where.at(type), `${element} "${type}" values`)) {
      if (id === '') throw idWhere.error(`expected a ${type} principal, found an empty string`);
      if (type === 'AWS') checkAwsPrincipal(id, idWhere);
      entries.push({ type, value: id });
    }
  }
  if (entries.length === 0) throw where.error(`expected ${element} to name at least one principal, found an empty object`);
  return entries;
}

/**
 * An AWS principal is "*", an account id, an IAM or STS ARN of the forms of reference_policies_elements_principal.md,
 * or the unique id of a user (AIDA...) or role (AROA...), which is what remains in a policy when the user or role it
 * named was deleted (reference_identifiers.md#identifiers-unique-ids). Kept as written: the evaluator interprets it.
 */
function checkAwsPrincipal(id: string, where: Where): void {
  if (id === '*' || isAccountId(id) || /^(AIDA|AROA)[A-Z0-9]{8,}$/.test(id)) return;
  // reference_policies_elements_principal.md#Principal_specifying: "You cannot use a wildcard to match part of a
  // principal name or ARN".
  if (id.includes('*') || id.includes('?')) {
    throw where.error(`a principal cannot use a wildcard inside a name or ARN, found "${id}"; use "*" alone, or aws:PrincipalArn in a Condition`);
  }
  const arn = parseArn(id);
  if (!arn) {
    throw where.error(`expected an AWS principal: "*", a 12-digit account id, or an IAM or STS ARN, found "${id}"`);
  }
  if (!isAccountId(arn.account) || arn.region !== '') {
    throw where.error(`expected an IAM or STS ARN with an empty region and a 12-digit account id (arn:aws:iam::ACCOUNT:...), found "${id}"`);
  }
  const validIam = arn.service === 'iam' && (arn.resource === 'root' || /^(user|role)\/.+/.test(arn.resource));
  const validSts = arn.service === 'sts' && /^(assumed-role\/[^/]+\/.+|federated-user\/.+)$/.test(arn.resource);
  if (!validIam && !validSts) {
    throw where.error(
      `expected an account root, IAM user or role, STS assumed-role or federated-user ARN, found "${id}"`,
    );
  }
}
