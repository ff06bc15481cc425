/**
 * A value test of a context key (`in`, `like`, `num<`...) on one value. A constant value is tested here and the
 * result folds; a solver-chosen value is encoded: string tests as equalities and regexes, the others as a choice
 * among the key's representative values (src/smt/context-model.ts).
 */
import type { ValueTest } from '../ir/ast.js';
import { decodeBase64 } from '../policy/values/binary.js';
import { parseBooleanValue } from '../policy/values/boolean.js';
import { parseDateValue } from '../policy/values/date.js';
import { parseNumericValue } from '../policy/values/numeric.js';
import { parseCidr, parseIpAddress } from '../policy/values/ip.js';
import type { ContextModel } from './context-model.js';
import { patternRegex } from './encode-pattern.js';
import { regexMatches } from './regex.js';
import { and, bool, eq, inRegex, or, stringConst, type BoolTerm, type StringTerm } from './term.js';
import { Unsupported } from './unsupported.js';

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

function inCidr(value: string, cidrText: string): boolean {
  const address = parseIpAddress(value);
  const range = parseCidr(cidrText);
  if (!address || !range || range.family !== address.family) return false;
  const shift = BigInt(address.family === 4 ? 32 : 128) - BigInt(range.prefixLength);
  return (address.value >> shift) === (range.network >> shift);
}

/** Does one constant request value pass the test? */
export function passes(test: ValueTest, value: string, ctx: ContextModel): boolean {
  switch (test.kind) {
    case 'in':
      return test.ignoreCase ? test.values.some((v) => v.toLowerCase() === value.toLowerCase()) : test.values.includes(value);
    case 'like':
    case 'arn-like':
      return test.patterns.some((p) => {
        const regex = patternRegex(p, test.kind === 'arn-like' ? 'arn' : test.ignoreCase ? 'glob-i' : 'glob', ctx);
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
    case 'ip':
      return test.cidrs.some((c) => inCidr(value, c));
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

/** The test on a value of `key`, constant or chosen by the solver. */
export function valueTestTerm(test: ValueTest, key: string, value: StringTerm, ctx: ContextModel): BoolTerm {
  if (value.op === 'string') return bool(passes(test, value.value, ctx));
  const representatives = ctx.representatives(key);
  if (representatives) return or(...representatives.map((r) => and(eq(value, stringConst(r)), bool(passes(test, r, ctx)))));
  switch (test.kind) {
    case 'in':
      return test.ignoreCase
        ? or(...test.values.map((v) => inRegex(value, [{ kind: 'text', text: v, ignoreCase: true }])))
        : or(...test.values.map((v) => eq(value, stringConst(v))));
    case 'like':
    case 'arn-like':
      return or(...test.patterns.map((p) => {
        const regex = patternRegex(p, test.kind === 'arn-like' ? 'arn' : test.ignoreCase ? 'glob-i' : 'glob', ctx);
        return regex === undefined ? bool(false) : inRegex(value, regex);
      }));
    default:
      throw new Unsupported(`a ${test.kind} test on ${key}, whose values are not limited to representatives`);
  }
}
