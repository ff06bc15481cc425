/**
 * Typed terms for the SMT encoding, built only through smart constructors that fold constants
 * (after Cedar's Term/Factory): a formula over constants never reaches the solver.
 */
import type { RequestField } from '../ir/ast.js';
import { regexMatches, type Regex } from './regex.js';

export type StringTerm =
  | { op: 'string'; value: string }
  | { op: 'field'; name: RequestField }
  | { op: 'var'; name: string }                       // a value the solver chooses (a context value)
  | { op: 'concat'; parts: StringTerm[] };

export type BoolTerm =
  | { op: 'const'; value: boolean }
  | { op: 'atom'; name: string }                     // a derived Datalog atom, defined elsewhere
  | { op: 'not'; arg: BoolTerm }
  | { op: 'and'; args: BoolTerm[] }
  | { op: 'or'; args: BoolTerm[] }
  | { op: 'eq'; left: StringTerm; right: StringTerm }
  | { op: 'in-regex'; subject: StringTerm; regex: Regex };

export const TRUE: BoolTerm = { op: 'const', value: true };
export const FALSE: BoolTerm = { op: 'const', value: false };

export const bool = (value: boolean): BoolTerm => (value ? TRUE : FALSE);
export const stringConst = (value: string): StringTerm => ({ op: 'string', value });
export const fieldTerm = (name: RequestField): StringTerm => ({ op: 'field', name });
export const atomRef = (name: string): BoolTerm => ({ op: 'atom', name });

export function not(arg: BoolTerm): BoolTerm {
  if (arg.op === 'const') return bool(!arg.value);
  if (arg.op === 'not') return arg.arg;
  return { op: 'not', arg };
}

export function and(...args: BoolTerm[]): BoolTerm {
  const kept: BoolTerm[] = [];
  for (const a of args) {
    if (a.op === 'const') { if (!a.value) return FALSE; continue; }
    if (a.op === 'and') kept.push(...a.args);
    else kept.push(a);
  }
  if (kept.length === 0) return TRUE;
  return kept.length === 1 ? kept[0]! : { op: 'and', args: kept };
}

export function or(...args: BoolTerm[]): BoolTerm {
  const kept: BoolTerm[] = [];
  for (const a of args) {
    if (a.op === 'const') { if (a.value) return TRUE; continue; }
    if (a.op === 'or') kept.push(...a.args);
    else kept.push(a);
  }
  if (kept.length === 0) return FALSE;
  return kept.length === 1 ? kept[0]! : { op: 'or', args: kept };
}

/** Concatenation; adjacent constants are joined. */
export function concat(...parts: StringTerm[]): StringTerm {
  const kept: StringTerm[] = [];
  for (const p of parts.flatMap((x) => (x.op === 'concat' ? x.parts : [x]))) {
    const last = kept[kept.length - 1];
    if (p.op === 'string' && last?.op === 'string') kept[kept.length - 1] = stringConst(last.value + p.value);
    else if (!(p.op === 'string' && p.value === '')) kept.push(p);
  }
  if (kept.length === 0) return stringConst('');
  return kept.length === 1 ? kept[0]! : { op: 'concat', parts: kept };
}

export function implies(premise: BoolTerm, conclusion: BoolTerm): BoolTerm {
  return or(not(premise), conclusion);
}

export function eq(left: StringTerm, right: StringTerm): BoolTerm {
  if (left.op === 'string' && right.op === 'string') return bool(left.value === right.value);
  if ((left.op === 'field' || left.op === 'var') && left.op === right.op && left.name === right.name) return TRUE;
  return { op: 'eq', left, right };
}

export function inRegex(subject: StringTerm, regex: Regex): BoolTerm {
  if (subject.op === 'string') return bool(regexMatches(regex, subject.value));
  // A regex that is one `*` matches every string.
  if (regex.length === 1 && regex[0]!.kind === 'any-run') return TRUE;
  return { op: 'in-regex', subject, regex };
}

/** Structural equality of two terms (the grounder's fixpoint test: a definition that did not change). */
export function sameTerm(a: BoolTerm, b: BoolTerm): boolean {
  if (a === b) return true;
  switch (a.op) {
    case 'const': return b.op === 'const' && a.value === b.value;
    case 'atom': return b.op === 'atom' && a.name === b.name;
    case 'not': return b.op === 'not' && sameTerm(a.arg, b.arg);
    case 'and':
    case 'or': return b.op === a.op && a.args.length === b.args.length && a.args.every((x, i) => sameTerm(x, b.args[i]!));
    case 'eq': return b.op === 'eq' && sameString(a.left, b.left) && sameString(a.right, b.right);
    case 'in-regex': return b.op === 'in-regex' && sameString(a.subject, b.subject) && sameRegex(a.regex, b.regex);
  }
}

function sameString(a: StringTerm, b: StringTerm): boolean {
  if (a === b) return true;
  switch (a.op) {
    case 'string': return b.op === 'string' && a.value === b.value;
    case 'field':
    case 'var': return b.op === a.op && a.name === b.name;
    case 'concat': return b.op === 'concat' && a.parts.length === b.parts.length && a.parts.every((x, i) => sameString(x, b.parts[i]!));
  }
}

function sameRegex(a: Regex, b: Regex): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i])));
}
