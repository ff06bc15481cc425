/**
 * One side (before or after) of a resource change in a plan: its attribute values, and for the after side which
 * of them are unknown until apply (`after_unknown`, a deep object of booleans: terraform-json plan.go, Change).
 */
import { isPlainObject, type PlainObject } from '../../input/read-value.js';
import type { Where } from '../../input/where.js';

/** A value known only after apply: its name (`ADDRESS.ATTRIBUTE`) and the references its expression makes. */
export interface UnknownValue {
  unknown: string;
  references: string[];
}

export function isUnknown(value: unknown): value is UnknownValue {
  return isPlainObject(value) && typeof value.unknown === 'string' && Array.isArray(value.references);
}

export class PlanValues {
  constructor(
    readonly side: 'before' | 'after',
    readonly object: PlainObject,
    private readonly unknownTree: unknown,
    readonly where: Where,
    private readonly name: (attribute: string) => UnknownValue,
  ) {}

  /** Whether the value at the path (attribute names and list indexes) is unknown. */
  unknownAt(...path: (string | number)[]): boolean {
    let node = this.unknownTree;
    for (const step of path) {
      if (node === true) return true;
      if (Array.isArray(node)) node = node[Number(step)];
      else if (isPlainObject(node)) node = node[String(step)];
      else return false;
    }
    return node === true;
  }

  /** The raw value of an attribute; an UnknownValue when it is unknown; undefined when null or absent. */
  get(attribute: string): unknown {
    if (this.unknownAt(attribute)) return this.name(attribute);
    const value = this.object[attribute];
    return value === null ? undefined : value;
  }

  /** A string attribute, or an UnknownValue, or undefined (absent, null or empty). */
  string(attribute: string): string | UnknownValue | undefined {
    const value = this.get(attribute);
    if (isUnknown(value)) return value;
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /** A list or set of strings (Terraform writes sets as arrays); an UnknownValue when the whole list is unknown. */
  strings(attribute: string): Array<string | UnknownValue> | UnknownValue {
    const value = this.get(attribute);
    if (isUnknown(value)) return value;
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, i): Array<string | UnknownValue> => (this.unknownAt(attribute, i) ? [this.name(`${attribute}[${i}]`)] : typeof item === 'string' ? [item] : []));
  }

  /** A map of strings (tags, encryption contexts); values unknown are listed apart. */
  stringMap(attribute: string): { known: Record<string, string>; unknown: string[] } {
    const value = this.get(attribute);
    if (isUnknown(value)) return { known: {}, unknown: [value.unknown] };
    const known: Record<string, string> = {};
    const unknown: string[] = [];
    if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (this.unknownAt(attribute, k)) unknown.push(this.name(`${attribute}.${k}`).unknown);
        else if (typeof v === 'string') known[k] = v;
      }
    }
    return { known, unknown };
  }

  /** The values of a nested block (a list of objects), each with its own view. */
  blocks(attribute: string): PlanValues[] | UnknownValue {
    const value = this.get(attribute);
    if (isUnknown(value)) return value;
    if (!Array.isArray(value)) return [];
    const tree = isPlainObject(this.unknownTree) ? this.unknownTree[attribute] : undefined;
    return value.flatMap((item, i) => isPlainObject(item)
      ? [new PlanValues(this.side, item, Array.isArray(tree) ? tree[i] : undefined, this.where.at(attribute, i), (a) => this.name(`${attribute}.${i}.${a}`))]
      : []);
  }

  at(attribute: string): Where {
    return this.where.at(attribute);
  }
}
