/**
 * Constraints of the intermediate form as terms. Request fields that the question fixes are folded in as
 * constants; the others stay symbolic for the solver. In a check the request context is concrete too, so
 * context tests fold to constants; in a symbolic question they become constraints on the context's slots.
 */
import { InternalError } from '../errors.js';
import type { Constraint, RequestField, Term } from '../ir/ast.js';
import type { ContextModel } from './context-model.js';
import { patternRegex } from './encode-pattern.js';
import { valueTestTerm } from './encode-value-test.js';
import { and, bool, eq, FALSE, fieldTerm, implies, inRegex, not, or, stringConst, type BoolTerm, type StringTerm } from './term.js';

export interface Environment {
  /** Request fields known to the question; the rest are symbolic. */
  fields: Partial<Record<RequestField, string>>;
  context: ContextModel;
}

export type Bindings = ReadonlyMap<string, string>;

function encodeTerm(term: Term, bindings: Bindings, env: Environment): StringTerm {
  switch (term.kind) {
    case 'string': return stringConst(term.value);
    case 'variable': {
      const value = bindings.get(term.name);
      if (value === undefined) throw new InternalError(`unbound variable ${term.name} in a constraint (unsafe rule)`);
      return stringConst(value);
    }
    case 'field': {
      const known = env.fields[term.name];
      return known !== undefined ? stringConst(known) : fieldTerm(term.name);
    }
  }
}

export function encodeConstraint(c: Constraint, bindings: Bindings, env: Environment): BoolTerm {
  switch (c.kind) {
    case 'true': return bool(true);
    case 'false': return FALSE;
    case 'compare': {
      const e = eq(encodeTerm(c.left, bindings, env), encodeTerm(c.right, bindings, env));
      return c.op === '==' ? e : not(e);
    }
    case 'match': {
      const regex = patternRegex(c.pattern, c.matcher, env.context);
      return regex === undefined ? FALSE : inRegex(encodeTerm(c.term, bindings, env), regex);
    }
    // Present: some value other than the empty string (iam/reference_policies_elements_condition.md).
    case 'present': return or(...env.context.slots(c.key).map((s) => and(s.used, not(eq(s.value, stringConst(''))))));
    case 'context': {
      const slots = env.context.slots(c.key);
      const results = slots.map((s) => ({ used: s.used, passes: valueTestTerm(c.test, c.key, s.value, env.context) }));
      return c.quantifier === 'any'
        ? or(...results.map((r) => and(r.used, r.passes)))
        : and(...results.map((r) => implies(r.used, r.passes)));
    }
    case 'not': return not(encodeConstraint(c.body, bindings, env));
    case 'and': return and(...c.items.map((i) => encodeConstraint(i, bindings, env)));
    case 'or': return or(...c.items.map((i) => encodeConstraint(i, bindings, env)));
  }
}
