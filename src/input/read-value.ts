/**
 * Typed reading of plain input values. Each reader either returns the value with the type asked for or throws an
 * InputError at the value's place saying what was expected, so no raw TypeError can escape for bad input.
 */
import { closestName, quoted } from './did-you-mean.js';
import type { Where } from './where.js';

export type PlainObject = Record<string, unknown>;

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `the string "${clip(value)}"`;
  return `${typeof value === 'number' ? 'the number' : 'the boolean'} ${String(value)}`;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readObject(value: unknown, where: Where, what: string): PlainObject {
  if (!isPlainObject(value)) {
    const shape = /\bobject\b/.test(what) ? '' : ' (an object)';
    throw where.error(`expected ${what}${shape}, found ${describeValue(value)}`);
  }
  return value;
}

/**
 * Checks the member names of an object. Strict: every unknown name is an error. Lenient (verbatim AWS CLI output,
 * to which AWS adds fields over time): unknown names are ignored unless they look like a typo of a known one.
 */
export function checkFields(
  object: PlainObject,
  where: Where,
  what: string,
  known: readonly string[],
  mode: 'strict' | 'lenient' = 'strict',
): void {
  for (const name of Object.keys(object)) {
    if (known.includes(name)) continue;
    const suggestion = closestName(name, known);
    if (mode === 'lenient' && suggestion === undefined) continue;
    const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
    throw where.at(name).keyError(`unknown field "${name}" in ${what}${hint} (expected one of ${quoted(known)})`);
  }
}

export function requireField(object: PlainObject, name: string, where: Where, what: string): unknown {
  if (object[name] === undefined) throw where.error(`${what} is missing the required field "${name}"`);
  return object[name];
}

export function readString(value: unknown, where: Where, what: string): string {
  if (typeof value !== 'string') throw where.error(`expected ${what} (a string), found ${describeValue(value)}`);
  return value;
}

export function readNonEmptyString(value: unknown, where: Where, what: string): string {
  const text = readString(value, where, what);
  if (text === '') throw where.error(`expected ${what}, found an empty string`);
  return text;
}

export function readBoolean(value: unknown, where: Where, what: string): boolean {
  if (typeof value !== 'boolean') throw where.error(`expected ${what} (true or false), found ${describeValue(value)}`);
  return value;
}

export function readArray(value: unknown, where: Where, what: string): unknown[] {
  if (!Array.isArray(value)) throw where.error(`expected ${what} (an array), found ${describeValue(value)}`);
  return value;
}

/** Items of an array, each with its place. */
export function itemsOf(value: unknown, where: Where, what: string): Array<[unknown, Where]> {
  return readArray(value, where, what).map((item, i) => [item, where.at(i)]);
}

/** An optional array: absent means empty. */
export function optionalItems(value: unknown, where: Where, what: string): Array<[unknown, Where]> {
  return value === undefined ? [] : itemsOf(value, where, what);
}

/**
 * A string, or a non-empty array of strings (the IAM grammar's "brackets are optional for one value",
 * iam/reference_policies_grammar.md#policies-grammar-conventions), each with its place.
 */
export function readStringOrList(value: unknown, where: Where, what: string): Array<[string, Where]> {
  if (typeof value === 'string') return [[value, where]];
  if (!Array.isArray(value)) {
    throw where.error(`expected ${what} (a string or an array of strings), found ${describeValue(value)}`);
  }
  if (value.length === 0) throw where.error(`expected at least one value for ${what}, found an empty array`);
  return value.map((item, i) => [readString(item, where.at(i), what), where.at(i)]);
}

/** A map of string to string, such as an encryption context or tags written `{ key: value }`. */
export function readStringMap(value: unknown, where: Where, what: string): Record<string, string> {
  const object = readObject(value, where, what);
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(object)) {
    setOwn(result, key, readString(item, where.at(key), `the value of "${key}" in ${what}`));
  }
  return result;
}

/** Sets an own property even for names such as `__proto__`, which plain assignment would not store. */
export function setOwn(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
