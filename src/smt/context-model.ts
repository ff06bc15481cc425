/**
 * The request context as the encoders see it. In a check every value is a constant and every test folds; in a
 * symbolic question the values the question leaves open are solver variables: each key has a few value slots,
 * each slot used or not (a multi-valued key may have several values), and keys that are only compared as
 * numbers, dates, IP addresses, booleans or binary are limited to representative values taken from the
 * policies' own constants (docs/symbolic-encoding.md): between two constants every value behaves the same, so
 * representatives lose no answer while keeping those tests out of the string solver.
 */
import type { RequestContext } from '../request/context.js';
import { and, atomRef, eq, implies, not, or, stringConst, TRUE, type BoolTerm, type StringTerm } from './term.js';

export interface ContextSlot {
  /** Whether the slot holds a value. */
  used: BoolTerm;
  value: StringTerm;
}

/** A policy variable's value: a constant, none, or a value the solver chooses. */
export type VariableValue = { kind: 'constant'; value: string } | { kind: 'none' } | { kind: 'symbolic'; value: StringTerm; resolves: BoolTerm };

export interface ContextModel {
  slots(key: string): ContextSlot[];
  variable(key: string): VariableValue;
  /** For a symbolic slot of a key limited to representatives: those values; undefined when the key is free text. */
  representatives(key: string): readonly string[] | undefined;
  /** Conditions the model's variables must meet (slot order, representative domains). */
  sideConditions(): BoolTerm[];
}

/** A context whose every value is known (a concrete check). */
export function concreteContext(ctx: RequestContext): ContextModel {
  return {
    slots: (key) => (ctx.get(key) ?? []).map((v) => ({ used: TRUE, value: stringConst(v) })),
    variable(key) {
      const values = ctx.get(key);
      return values !== undefined && values.length === 1 && values[0] !== '' ? { kind: 'constant', value: values[0] } : { kind: 'none' };
    },
    representatives: () => undefined,
    sideConditions: () => [],
  };
}

export interface SymbolicKey {
  key: string;
  /** How many values the key may have (1 for single-valued keys). */
  slots: number;
  /** When set, every value is one of these. */
  representatives?: readonly string[];
  /** The key is always in the request context: its first slot is always used (it may still hold any value). */
  present?: boolean;
}

/**
 * A context in which `fixed` keys have known values (derived from the caller and the key) and `open` keys are
 * chosen by the solver; any other key is absent.
 */
export function symbolicContext(fixed: RequestContext, open: readonly SymbolicKey[], linked: ReadonlyMap<string, StringTerm> = new Map()): ContextModel {
  const byKey = new Map(open.map((k) => [k.key.toLowerCase(), k]));
  // Keys whose single value is a term of the question (e.g. aws:PrincipalAccount is the caller's account).
  const linkedByKey = new Map([...linked].map(([k, v]) => [k.toLowerCase(), v]));
  const symbolicSlots = new Map<string, ContextSlot[]>();
  const slotsOf = (spec: SymbolicKey): ContextSlot[] => {
    const lower = spec.key.toLowerCase();
    let slots = symbolicSlots.get(lower);
    if (!slots) {
      slots = Array.from({ length: spec.slots }, (_, i) => ({
        used: atomRef(`ctx-used:${lower}:${i}`),
        value: { op: 'var', name: `ctx:${lower}:${i}` } as StringTerm,
      }));
      symbolicSlots.set(lower, slots);
    }
    return slots;
  };
  const model: ContextModel = {
    slots(key) {
      const link = linkedByKey.get(key.toLowerCase());
      if (link) return [{ used: TRUE, value: link }];
      const spec = byKey.get(key.toLowerCase());
      return spec ? slotsOf(spec) : concreteContext(fixed).slots(key);
    },
    variable(key) {
      const link = linkedByKey.get(key.toLowerCase());
      if (link) return link.op === 'string' ? { kind: 'constant', value: link.value } : { kind: 'symbolic', value: link, resolves: TRUE };
      const spec = byKey.get(key.toLowerCase());
      if (!spec) return concreteContext(fixed).variable(key);
      // A variable takes the key's value when the key has exactly one non-empty value.
      const [first, ...rest] = slotsOf(spec);
      return { kind: 'symbolic', value: first!.value, resolves: and(first!.used, not(eq(first!.value, stringConst(''))), ...rest.map((s) => not(s.used))) };
    },
    representatives: (key) => byKey.get(key.toLowerCase())?.representatives,
    sideConditions() {
      const conditions: BoolTerm[] = [];
      for (const spec of open) {
        const slots = slotsOf(spec);
        // Slots are filled in order, so "the first n slots" describes every number of values.
        for (let i = 1; i < slots.length; i++) conditions.push(implies(slots[i]!.used, slots[i - 1]!.used));
        if (spec.present) conditions.push(slots[0]!.used, not(eq(slots[0]!.value, stringConst(''))));
        if (spec.representatives) {
          for (const slot of slots) conditions.push(implies(slot.used, or(...spec.representatives.map((r) => eq(slot.value, stringConst(r))))));
        }
      }
      return conditions;
    },
  };
  return model;
}
