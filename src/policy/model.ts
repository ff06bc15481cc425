/**
 * The parsed, validated form of an IAM policy document (key policy, identity policy, boundary, SCP, RCP,
 * trust policy). Grammar: ../shared/reference/aws-docs/iam/reference_policies_grammar.md.
 * Every element keeps the location it came from, so that answers can point at the deciding statement.
 */
import type { SourceLocation } from '../errors.js';

export type Effect = 'Allow' | 'Deny';

/** One entry of a Principal or NotPrincipal element. `"Principal": "*"` is `{ type: 'AWS', value: '*' }`. */
export interface PrincipalEntry {
  type: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';
  value: string;
}

/** The condition operators of reference_policies_elements_condition_operators.md, without IfExists/set prefix. */
export type BaseOperator =
  | 'StringEquals' | 'StringNotEquals' | 'StringEqualsIgnoreCase' | 'StringNotEqualsIgnoreCase'
  | 'StringLike' | 'StringNotLike'
  | 'NumericEquals' | 'NumericNotEquals' | 'NumericLessThan' | 'NumericLessThanEquals'
  | 'NumericGreaterThan' | 'NumericGreaterThanEquals'
  | 'DateEquals' | 'DateNotEquals' | 'DateLessThan' | 'DateLessThanEquals' | 'DateGreaterThan' | 'DateGreaterThanEquals'
  | 'Bool' | 'BinaryEquals' | 'IpAddress' | 'NotIpAddress'
  | 'ArnEquals' | 'ArnLike' | 'ArnNotEquals' | 'ArnNotLike'
  | 'Null';

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

/** One (operator, key, values) triple of a Condition block. All triples of a statement must hold. */
export interface ConditionClause {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operatorText: string;
  base: BaseOperator;
  ifExists: boolean;
  qualifier?: SetQualifier;
  /** The condition key as written; keys are compared case-insensitively (reference_policies_elements_condition.md). */
  key: string;
  /** Values as strings (JSON booleans and numbers are kept in their JSON text form). */
  values: string[];
  location: SourceLocation;
}

/** A clause without where it is written: what explanations carry (a grant constraint is one too). */
export type ClauseContent = Omit<ConditionClause, 'location'>;

export interface Statement {
  /** Position in the Statement array (0 when Statement is a single object). */
  index: number;
  sid?: string;
  effect: Effect;
  /** Exactly one of principal/notPrincipal is set in resource policies; neither in identity policies. */
  principal?: PrincipalEntry[];
  notPrincipal?: PrincipalEntry[];
  /** Exactly one of action/notAction is set. */
  action?: string[];
  notAction?: string[];
  /** At most one of resource/notResource is set (key policies may omit both only if... they usually use "*"). */
  resource?: string[];
  notResource?: string[];
  conditions: ConditionClause[];
  location: SourceLocation;
}

export interface PolicyDocument {
  /** "2012-10-17" or "2008-10-17"; policy variables are only substituted under 2012-10-17. */
  version?: string;
  id?: string;
  statements: Statement[];
  location: SourceLocation;
}

/** A policy document with a name, as attached somewhere in the world. */
export interface NamedPolicy {
  /** Inline policy name, managed policy ARN, SCP/RCP name, or "key-policy" for a key. */
  name: string;
  document: PolicyDocument;
}
