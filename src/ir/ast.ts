/**
 * The intermediate form: a constraint Datalog (docs/intermediate-form.md). Policies, grants and the world are
 * lowered into facts and rules; the KMS decision logic is itself a set of rules (src/semantics/kms.kp).
 * There is one request per question; rules talk about it through request fields (`$action`) and the request
 * context (`ctx("kms:ViaService")`), and about the world through atoms over string constants.
 */
import type { PolicySource } from '../answer.js';

/** The fields of the request a rule can constrain. */
export const REQUEST_FIELDS = [
  'principal',  // the caller's ARN (user, assumed-role session, account root) or service principal name
  'kind',       // 'user' | 'role-session' | 'root' | 'service'
  'account',    // the caller's account id ('' for a service principal)
  'role',       // for a role session: the role's ARN ('' otherwise)
  'action',     // e.g. 'kms:Decrypt'
  'resource',   // the ARN of the resource acted on (the key)
] as const;
export type RequestField = (typeof REQUEST_FIELDS)[number];

export type Term =
  | { kind: 'string'; value: string }
  | { kind: 'variable'; name: string }
  | { kind: 'field'; name: RequestField };

/**
 * A pattern as IAM writes them: `*` and `?` are wildcards; `${key}` (optionally `${key, 'default'}`) is a policy
 * variable replaced by the request context value. In the textual form a literal `*`, `?`, `$` or `\` is escaped
 * with a backslash. Parsed into parts so that a literal `*` coming from `${*}` is never a wildcard.
 */
export type PatternPart =
  | { kind: 'text'; text: string }
  | { kind: 'any' }        // `*`
  | { kind: 'one' }        // `?`
  | { kind: 'var'; key: string; default?: string };
export type Pattern = PatternPart[];

/** A test applied to one value of a context key. */
export type ValueTest =
  | { kind: 'in'; values: string[]; ignoreCase: boolean }   // string equality with one of the values
  | { kind: 'like'; patterns: Pattern[]; ignoreCase: boolean } // glob match with one of the patterns
  | { kind: 'arn-like'; patterns: Pattern[] }                 // ARN component match with one of the patterns
  | { kind: 'number'; op: ComparisonOp; values: number[] }    // numeric comparison with one of the values
  | { kind: 'date'; op: ComparisonOp; values: number[] }      // date comparison, values in epoch milliseconds
  | { kind: 'ip'; cidrs: string[] }                           // inside one of the CIDR blocks (v4 or v6)
  | { kind: 'bool'; value: boolean }                          // 'true'/'false', case-insensitive
  | { kind: 'binary'; values: string[] };                     // base-64 equality

export type ComparisonOp = '<' | '<=' | '>' | '>=' | '==';

/**
 * Typed constraints over the request. `any`: some value of the key passes the test (false when the key is absent
 * or has no values); `all`: every value passes (true when absent or empty).
 */
export type Constraint =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'compare'; op: '==' | '!='; left: Term; right: Term }
  | { kind: 'match'; term: Term; matcher: 'glob' | 'glob-i' | 'arn'; pattern: Pattern }
  | { kind: 'present'; key: string }
  | { kind: 'context'; quantifier: 'any' | 'all'; key: string; test: ValueTest }
  | { kind: 'not'; body: Constraint }
  | { kind: 'and'; items: Constraint[] }
  | { kind: 'or'; items: Constraint[] };

export interface Atom {
  predicate: string;
  args: Term[];
}

export type Literal =
  | { kind: 'atom'; atom: Atom; negated: boolean }
  | { kind: 'constraint'; constraint: Constraint };

/** Where a rule came from: the policy statement, grant or semantics rule it transcribes. */
export interface Provenance {
  source: PolicySource | 'semantics' | 'world';
  policy: string;
  sid: string;
  /** file:line:column, when known. */
  file?: string;
  /** JSON pointer into the file. */
  at?: string;
}

export interface Rule {
  head: Atom;
  /** Empty for a fact. */
  body: Literal[];
  provenance?: Provenance;
}

export interface Program {
  rules: Rule[];
}

// Small constructors, so that lowering code reads like the rules it writes.
export const str = (value: string): Term => ({ kind: 'string', value });
export const variable = (name: string): Term => ({ kind: 'variable', name });
export const field = (name: RequestField): Term => ({ kind: 'field', name });
export const atom = (predicate: string, ...args: Term[]): Atom => ({ predicate, args });
export const pos = (a: Atom): Literal => ({ kind: 'atom', atom: a, negated: false });
export const neg = (a: Atom): Literal => ({ kind: 'atom', atom: a, negated: true });
export const where = (constraint: Constraint): Literal => ({ kind: 'constraint', constraint });
