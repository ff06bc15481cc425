/**
 * The library's arguments, checked where they come in (../shared/spec/interface.md section 5: errors are typed).
 * A JavaScript caller can pass anything; a wrong argument is an InputError that names the function, the argument
 * and what was expected, never a TypeError from deep inside.
 */
import { InputError } from '../errors.js';
import { conditionKeyType } from '../policy/vocabulary.js';
import type { World } from '../world/model.js';

/** One value of a request context key: a string, or a boolean or number for a key of type Bool or Numeric. */
export type RequestContextValue = string | boolean | number;

/**
 * A request context: `K=V` strings (as `--context`; repeat K for a multi-valued key), or an object with a value
 * per single-valued key and an array per multi-valued key, e.g.
 * `{ 'kms:EncryptionContext:dept': 'x', 'aws:SourceIp': '10.0.0.1', 'kms:EncryptionContextKeys': ['a', 'b'],
 *    'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': 300 }` (a boolean for a key of type Bool, a number
 * for a key of type Numeric, as the Service Authorization Reference types them).
 */
export type RequestContextInput = readonly string[] | Readonly<Record<string, RequestContextValue | readonly RequestContextValue[]>>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function fail(where: string, expected: string, value: unknown): never {
  throw new InputError(undefined, `${where}: expected ${expected}; got ${describe(value)}`);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The arguments object itself (`check(world, input)`): a plain object. */
export function argumentsObject(value: unknown, where: string): Record<string, unknown> {
  if (!isPlainObject(value)) fail(where, 'an object of named arguments', value);
  return value;
}

export function worldArgument(value: unknown, fn: string): World {
  if (!isPlainObject(value) || !(value['accounts'] instanceof Map) || !(value['keys'] instanceof Map) || !(value['aliases'] instanceof Map)) {
    fail(`${fn}(world)`, 'a world from loadWorld or parseWorld', value);
  }
  return value as unknown as World;
}

export function stringArgument(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(where, 'a non-empty string', value);
  return value;
}

export function optionalString(value: unknown, where: string): string | undefined {
  return value === undefined ? undefined : stringArgument(value, where);
}

export function optionalBoolean(value: unknown, where: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') fail(where, 'true or false', value);
  return value;
}

export function optionalPositiveInteger(value: unknown, where: string): number | undefined {
  if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value > 0)) fail(where, 'a positive whole number', value);
  return value;
}

export function optionalChoice<T extends string>(value: unknown, allowed: readonly T[], where: string): T | undefined {
  if (value !== undefined && !(allowed as readonly unknown[]).includes(value)) fail(where, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  return value as T | undefined;
}

export function optionalFunction<F extends (...args: never[]) => unknown>(value: unknown, where: string): F | undefined {
  if (value !== undefined && typeof value !== 'function') fail(where, 'a function', value);
  return value as F | undefined;
}

/**
 * One context value as the string the request carries: a string as is; a boolean (`true` / `false`) only for a key of
 * type Bool, a finite number only for a key of type Numeric (iam/reference_policies_elements_condition_operators.md
 * compares them as text that reads as a Boolean or a number).
 */
function contextValue(key: string, value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  const type = conditionKeyType(key)?.replace(/^ArrayOf/, '');
  if (typeof value === 'boolean' && type === 'Bool') return String(value);
  if (typeof value === 'number' && Number.isFinite(value) && type === 'Numeric') return String(value);
  const accepted = type === 'Bool' ? 'a string or a boolean' : type === 'Numeric' ? 'a string or a finite number' : 'a string';
  return fail(where, `${accepted}${type ? ` (the key's type is ${type})` : ''}, or an array of them`, value);
}

/** The context as `--context` pairs or as keys with values; see RequestContextInput. */
export type ContextArgument = { pairs: string[] } | { values: Array<readonly [string, readonly string[]]> };

export function contextArgument(value: unknown, where: string): ContextArgument {
  if (value === undefined) return { pairs: [] };
  if (Array.isArray(value)) {
    value.forEach((pair, i) => { if (typeof pair !== 'string') fail(`${where}[${i}]`, "a 'KEY=VALUE' string", pair); });
    return { pairs: value as string[] };
  }
  if (!isPlainObject(value)) fail(where, "an object { 'condition-key': value or [values] } or an array of 'KEY=VALUE' strings", value);
  return {
    values: Object.entries(value).map(([key, values]) => {
      if (key === '') fail(where, 'condition key names that are not empty', key);
      const one = (value: unknown, at: string) => contextValue(key, value, at);
      if (!Array.isArray(values)) return [key, [one(values, `${where}['${key}']`)]] as const;
      return [key, values.map((v, i) => one(v, `${where}['${key}'][${i}]`))] as const;
    }),
  };
}
