/**
 * Constraints of the intermediate form as terms. Request fields that the question fixes are folded in as
 * constants; the others stay symbolic for the solver. The request context is concrete in a check, so context
 * tests fold to constants here.
 */
import { InternalError } from '../errors.js';
import type { Constraint, RequestField, Term, ValueTest } from '../ir/ast.js';
import { decodeBase64 } from '../policy/operators/binary.js';
import { parseBooleanValue } from '../policy/operators/boolean.js';
import { parseDateValue } from '../policy/operators/date.js';
import { parseNumericValue } from '../policy/operators/numeric.js';
import { parseCidr, parseIpAddress } from '../policy/ip.js';
import type { RequestContext } from '../request/context.js';
import { patternRegex } from './encode-pattern.js';
import { regexMatches } from './regex.js';
import { and, bool, eq, FALSE, fieldTerm, inRegex, not, or, stringConst, type BoolTerm, type StringTerm } from './term.js';

export interface Environment {
  /** Request fields known to the question; the rest are symbolic. */
  fields: Partial<Record<RequestField, string>>;
  context: RequestContext;
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

function compareNumbers(op: string, request: number, policy: number): boolean {
  switch (op) {
    case '<': return request < policy;
    case '<=': return request <= policy;
    case '>': return request > policy;
    case '>=': return request >= policy;
    default: return request === policy;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Does one request value pass a test? */
function passes(test: ValueTest, value: string, ctx: RequestContext): boolean {
  switch (test.kind) {
    case 'in':
      return test.ignoreCase ? test.values.some((v) => v.toLowerCase() === value.toLowerCase()) : test.values.includes(value);
    case 'like':
    case 'arn-like':
      return test.patterns.some((p) => {
        const matcher = test.kind === 'arn-like' ? 'arn' : test.ignoreCase ? 'glob-i' : 'glob';
        const regex = patternRegex(p, matcher, ctx);
        return regex !== undefined && regexMatches(regex, value);
      });
    case 'number': {
      const n = parseNumericValue(value);
      return n !== undefined && test.values.some((v) => compareNumbers(test.op, n, v));
    }
    case 'date': {
      const d = parseDateValue(value);
      return d !== undefined && test.values.some((v) => compareNumbers(test.op, d, v));
    }
    case 'ip': {
      const address = parseIpAddress(value);
      if (!address) return false;
      return test.cidrs.some((text) => {
        const range = parseCidr(text);
        if (!range || range.family !== address.family) return false;
        const bits = BigInt(address.family === 4 ? 32 : 128);
        const shift = bits - BigInt(range.prefixLength);
        return (address.value >> shift) === (range.network >> shift);
      });
    }
    case 'bool':
      return parseBooleanValue(value) === test.value;
    case 'binary': {
      const bytes = decodeBase64(value);
      return bytes !== undefined && test.values.some((v) => {
        const policy = decodeBase64(v);
        return policy !== undefined && sameBytes(policy, bytes);
      });
    }
  }
}

/** A key is present when it has a value other than the empty string (iam/reference_policies_elements_condition.md). */
function present(ctx: RequestContext, key: string): boolean {
  return (ctx.get(key) ?? []).some((v) => v !== '');
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
    case 'present': return bool(present(env.context, c.key));
    case 'context': {
      const values = env.context.get(c.key) ?? [];
      const results = values.map((v) => passes(c.test, v, env.context));
      return bool(c.quantifier === 'any' ? results.some(Boolean) : results.every(Boolean));
    }
    case 'not': return not(encodeConstraint(c.body, bindings, env));
    case 'and': return and(...c.items.map((i) => encodeConstraint(i, bindings, env)));
    case 'or': return or(...c.items.map((i) => encodeConstraint(i, bindings, env)));
  }
}
