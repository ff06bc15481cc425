/** How an allowed access reads for a person: through what (key policy, IAM policy, grant) and under which conditions. */
import type { MatchedStatement } from '../../answer.js';
import type { SourceLocation } from '../../errors.js';
import type { BaseOperator, ClauseContent } from '../../policy/model.js';
import { describeClause } from '../../reference/conditions.js';
import type { Key, World } from '../../world/model.js';
import type { Requirement } from './requirements.js';
import type { KmsOperation } from '../../kms/operations.js';
import { statementIndex } from './statement-index.js';

/** Operators whose negation is another operator exactly, a missing key included (condition_operators.md). */
const NEGATED: Partial<Record<BaseOperator, BaseOperator>> = {
  StringEquals: 'StringNotEquals', StringEqualsIgnoreCase: 'StringNotEqualsIgnoreCase', StringLike: 'StringNotLike',
  NumericEquals: 'NumericNotEquals', DateEquals: 'DateNotEquals', ArnEquals: 'ArnNotEquals', ArnLike: 'ArnNotLike', IpAddress: 'NotIpAddress',
};
for (const [a, b] of Object.entries(NEGATED)) NEGATED[b!] = a as BaseOperator;

/**
 * The exact negation of a clause as a clause, when there is one: the opposite operator, ForAnyValue and
 * ForAllValues swapped (not every v matches = some v does not; a missing key: true for both), Null flipped.
 * ...IfExists has none (a missing key makes both the clause and the opposite one hold).
 */
export function negatedClause(clause: ClauseContent): ClauseContent | undefined {
  if (clause.ifExists) return undefined;
  if (clause.base === 'Null') {
    const values = clause.values.map((v) => v.toLowerCase());
    if (values.length !== 1 || (values[0] !== 'true' && values[0] !== 'false')) return undefined;
    return { ...clause, values: [values[0] === 'true' ? 'false' : 'true'] };
  }
  const base = NEGATED[clause.base];
  if (!base) return undefined;
  const { qualifier: written, ...rest } = clause;
  const qualifier = written === 'ForAnyValue' ? 'ForAllValues' : written === 'ForAllValues' ? 'ForAnyValue' : undefined;
  return { ...rest, base, operatorText: `${qualifier ? `${qualifier}:` : ''}${base}`, ...(qualifier ? { qualifier } : {}) };
}

const notClause = (clause: ClauseContent): string => {
  const negated = negatedClause(clause);
  return negated ? describeClause(negated) : `not (${describeClause(clause)})`;
};

function grantPair(clause: ClauseContent, exact: boolean): string | undefined {
  const pair = /^kms:EncryptionContext:(.+)$/i.exec(clause.key);
  return pair ? `encryption context ${pair[1]} = ${clause.values[0]}${exact ? ' (and no other pair)' : ''}` : undefined;
}

/** The sentences of one requirement: one per clause when they must all hold, else one sentence with "or". */
function sentences(requirement: Requirement): string[] {
  // A role assumption's conditions are about its sts:AssumeRole request: said after the condition.
  const hop = (text: string) => (requirement.assuming ? `${text} (to assume ${requirement.assuming})` : text);
  if (requirement.grant) {
    const exact = requirement.grant.exact;
    const texts = requirement.anyOf.map((clauses) => clauses.map((c) => grantPair(c, exact)).filter((t): t is string => t !== undefined));
    return texts.length === 1 ? texts[0]!.map(hop) : [hop(texts.map((t) => t.join(' and ')).join(' or '))];
  }
  if (requirement.effect === 'Deny') {
    const clauses = requirement.anyOf[0] ?? [];
    return [hop(clauses.map(notClause).join(' or '))];
  }
  if (requirement.anyOf.length === 1) return requirement.anyOf[0]!.map((c) => hop(describeClause(c)));
  const alternative = (clauses: ClauseContent[]) => (clauses.length === 1 ? describeClause(clauses[0]!) : `(${clauses.map(describeClause).join(' and ')})`);
  return [hop(requirement.anyOf.map(alternative).join(' or '))];
}

/** The conditions that must hold, as sentences (each once, in order). */
export function describeRequirements(requirements: readonly Requirement[]): string[] {
  return [...new Set(requirements.flatMap(sentences))];
}

export type Via = 'key-policy' | 'iam-policy' | 'grant';

/** The kinds of policy that allow the access (SCPs, RCPs and boundaries only restrict). */
export const viaOf = (matched: readonly MatchedStatement[]): Via[] =>
  [...new Set(matched.map((m) => m.source).filter((s): s is Via => s === 'key-policy' || s === 'iam-policy' || s === 'grant'))];

/** Where a matched statement or grant is written in the input. */
export function locationOf(world: World, key: Key, m: MatchedStatement): SourceLocation | undefined {
  if (m.source === 'grant') return key.grants.find((g) => g.grantId === m.policy)?.location;
  return m.location ? statementIndex(world).get(m.location)?.location : undefined;
}
