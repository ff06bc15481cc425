/**
 * Evaluates CloudFormation's intrinsic functions in a template value (AWS CloudFormation User Guide, "Intrinsic
 * function reference"; "Condition functions"; "Pseudo parameters reference"). What cannot be known before the stack
 * is deployed (an attribute of a resource keyproof does not model, a parameter without a value, an imported value)
 * is an `Unknown` naming what it depends on ("AppRole.Arn"); a function of an unknown is unknown too, with the
 * union of the names. `AWS::NoValue` removes the property or list item it stands for.
 */
import { isPlainObject } from '../../input/read-value.js';
import type { Where } from '../../input/where.js';

/** A value known only once the stack is deployed: the names of the values it depends on. */
export class Unknown {
  constructor(readonly names: string[]) {}
  static of(...parts: unknown[]): Unknown {
    const names = new Set<string>();
    for (const p of parts) if (p instanceof Unknown) p.names.forEach((n) => names.add(n));
    return new Unknown([...names].sort());
  }
}

/** `AWS::NoValue`: the property or item is left out. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** What the evaluator asks of the template it evaluates. */
export interface TemplateContext {
  /** A parameter's or pseudo parameter's value; undefined when the name is neither. */
  parameter(name: string): unknown;
  /** `Ref` of a resource of the template. Undefined when it has none. */
  ref(logicalId: string): unknown;
  getAtt(logicalId: string, attribute: string): unknown;
  hasResource(logicalId: string): boolean;
  /** A named condition of the template's `Conditions`. */
  condition(name: string, where: Where): boolean | Unknown;
  mappings: Record<string, unknown>;
}

/** Whether a value holds an unknown anywhere, and which. */
export function unknownsIn(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown) => {
    if (v instanceof Unknown) v.names.forEach((n) => found.add(n));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isPlainObject(v)) Object.values(v).forEach(visit);
  };
  visit(value);
  return [...found].sort();
}

function asText(value: unknown): string | Unknown | undefined {
  if (value instanceof Unknown || typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export class Evaluator {
  constructor(private readonly context: TemplateContext) {}

  evaluate(value: unknown, where: Where): unknown {
    if (Array.isArray(value)) {
      return value.map((item, i) => this.evaluate(item, where.at(i))).filter((item) => item !== NO_VALUE);
    }
    if (!isPlainObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'))) {
      return this.intrinsic(keys[0]!, value[keys[0]!], where.at(keys[0]!));
    }
    const result: Record<string, unknown> = {};
    for (const k of keys) {
      const v = this.evaluate(value[k], where.at(k));
      if (v !== NO_VALUE) result[k] = v;
    }
    return result;
  }

  /** A condition expression (`Fn::Equals`, `Fn::And`, ..., `Condition`): true, false, or unknown. */
  test(value: unknown, where: Where): boolean | Unknown {
    const v = this.evaluate(value, where);
    if (v instanceof Unknown || typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    throw where.error(`expected a condition (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition), found ${JSON.stringify(value)}`);
  }

  private list(value: unknown, where: Where, what: string, length?: number): unknown[] {
    if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
      throw where.error(`expected ${what}`);
    }
    return value;
  }

  private intrinsic(name: string, argument: unknown, where: Where): unknown {
    switch (name) {
      case 'Ref': return this.ref(argument, where);
      case 'Condition': {
        if (typeof argument !== 'string') throw where.error('expected the name of a condition');
        return this.context.condition(argument, where);
      }
      case 'Fn::GetAtt': {
        const [resource, attribute] = typeof argument === 'string'
          ? [argument.slice(0, argument.indexOf('.')), argument.slice(argument.indexOf('.') + 1)]
          : this.list(argument, where, 'Fn::GetAtt: [resource, attribute]', 2).map((a, i) => this.evaluate(a, where.at(i)));
        if (typeof resource !== 'string' || !this.context.hasResource(resource)) throw where.error(`Fn::GetAtt: expected a resource of the template, found ${JSON.stringify(resource)}`);
        if (attribute instanceof Unknown) return Unknown.of(attribute);
        if (typeof attribute !== 'string') throw where.error('Fn::GetAtt: expected an attribute name');
        return this.context.getAtt(resource, attribute);
      }
      case 'Fn::Join': {
        const [delimiter, items] = this.list(argument, where, 'Fn::Join: [delimiter, [values]]', 2);
        if (typeof delimiter !== 'string') throw where.at(0).error('Fn::Join: expected a delimiter string');
        const list = this.evaluate(items, where.at(1));
        if (list instanceof Unknown) return list;
        const parts = this.list(list, where.at(1), 'Fn::Join: a list of values').map((p, i) => {
          const text = asText(p);
          if (text === undefined) throw where.at(1, i).error('Fn::Join: expected a string');
          return text;
        });
        return parts.some((p) => p instanceof Unknown) ? Unknown.of(...parts) : parts.join(delimiter);
      }
      case 'Fn::Sub': return this.sub(argument, where);
      case 'Fn::Select': {
        const [index, items] = this.list(argument, where, 'Fn::Select: [index, [values]]', 2).map((a, i) => this.evaluate(a, where.at(i)));
        if (index instanceof Unknown || items instanceof Unknown) return Unknown.of(index, items);
        const n = Number(index);
        const list = this.list(items, where.at(1), 'Fn::Select: a list of values');
        if (!Number.isInteger(n) || n < 0 || n >= list.length) throw where.at(0).error(`Fn::Select: index ${String(index)} is outside the list of ${list.length}`);
        return list[n];
      }
      case 'Fn::Split': {
        const [delimiter, source] = this.list(argument, where, 'Fn::Split: [delimiter, string]', 2).map((a, i) => this.evaluate(a, where.at(i)));
        if (source instanceof Unknown) return source;
        if (typeof delimiter !== 'string' || typeof source !== 'string') throw where.error('Fn::Split: expected a delimiter and a string');
        return source.split(delimiter);
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = this.list(argument, where, 'Fn::If: [condition, value if true, value if false]', 3);
        if (typeof condition !== 'string') throw where.at(0).error('Fn::If: expected the name of a condition');
        const holds = this.context.condition(condition, where.at(0));
        if (holds instanceof Unknown) return holds;
        return holds ? this.evaluate(whenTrue, where.at(1)) : this.evaluate(whenFalse, where.at(2));
      }
      case 'Fn::Equals': {
        const [a, b] = this.list(argument, where, 'Fn::Equals: [value, value]', 2).map((x, i) => this.evaluate(x, where.at(i)));
        if (a instanceof Unknown || b instanceof Unknown) return Unknown.of(a, b);
        return JSON.stringify(a) === JSON.stringify(b) || (asText(a) !== undefined && asText(a) === asText(b));
      }
      case 'Fn::Not': {
        const [a] = this.list(argument, where, 'Fn::Not: [condition]', 1);
        const v = this.test(a, where.at(0));
        return v instanceof Unknown ? v : !v;
      }
      case 'Fn::And': case 'Fn::Or': {
        const values = this.list(argument, where, `${name}: a list of conditions`).map((c, i) => this.test(c, where.at(i)));
        const decisive = name === 'Fn::And' ? false : true;
        if (values.includes(decisive)) return decisive;
        return values.some((v) => v instanceof Unknown) ? Unknown.of(...values) : !decisive;
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = this.list(argument, where, 'Fn::FindInMap: [map, top-level key, second-level key]').map((a, i) => this.evaluate(a, where.at(i)));
        if (map instanceof Unknown || top instanceof Unknown || second instanceof Unknown) return Unknown.of(map, top, second);
        const table = this.context.mappings[String(map)];
        const row = isPlainObject(table) ? table[String(top)] : undefined;
        const found = isPlainObject(row) ? row[String(second)] : undefined;
        if (found === undefined) throw where.error(`Fn::FindInMap: the template's Mappings have no ${String(map)}.${String(top)}.${String(second)}`);
        return found;
      }
      case 'Fn::Base64': {
        const v = this.evaluate(argument, where);
        return v instanceof Unknown ? v : typeof v === 'string' ? Buffer.from(v).toString('base64') : Unknown.of(new Unknown(['Fn::Base64']));
      }
      // Values CloudFormation computes at deploy time, from outside the template.
      case 'Fn::ImportValue': {
        const v = this.evaluate(argument, where);
        return new Unknown([v instanceof Unknown ? `an imported value (${v.names.join(', ')})` : `the imported value ${String(v)}`]);
      }
      case 'Fn::GetAZs': return new Unknown(['the Availability Zones of the Region']);
      case 'Fn::Cidr': return new Unknown(['Fn::Cidr']);
      case 'Fn::Length': case 'Fn::ToJsonString': case 'Fn::Transform':
        return new Unknown([`${name} (not evaluated by keyproof)`]);
      default:
        throw where.error(`unknown intrinsic function ${name}`);
    }
  }

  private ref(argument: unknown, where: Where): unknown {
    if (typeof argument !== 'string') throw where.error('Ref: expected the name of a parameter or resource');
    if (argument === 'AWS::NoValue') return NO_VALUE;
    const parameter = this.context.parameter(argument);
    if (parameter !== undefined) return parameter;
    if (this.context.hasResource(argument)) return this.context.ref(argument);
    throw where.error(`Ref: ${argument} is neither a parameter, a pseudo parameter nor a resource of the template`);
  }

  /** `Fn::Sub`: `${Name}` (parameter, pseudo parameter, resource Ref, or the given variables), `${A.B}` (GetAtt), `${!Literal}`. */
  private sub(argument: unknown, where: Where): unknown {
    const [template, variables] = typeof argument === 'string' ? [argument, {}] : this.list(argument, where, 'Fn::Sub: a string, or [string, {variables}]', 2);
    if (typeof template !== 'string') throw where.error('Fn::Sub: expected a string');
    const vars = this.evaluate(variables, where.at(1));
    const parts: unknown[] = [];
    let last = 0;
    for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
      parts.push(template.slice(last, match.index));
      last = match.index + match[0].length;
      const name = match[1]!.trim();
      if (name.startsWith('!')) { parts.push(`\${${name.slice(1)}}`); continue; }
      if (isPlainObject(vars) && name in vars) { parts.push(asText(vars[name]) ?? Unknown.of(vars[name])); continue; }
      const dot = name.indexOf('.');
      if (dot > 0 && this.context.parameter(name) === undefined) {
        const resource = name.slice(0, dot);
        if (!this.context.hasResource(resource)) throw where.error(`Fn::Sub: \${${name}} names no resource of the template`);
        parts.push(this.context.getAtt(resource, name.slice(dot + 1)));
      } else {
        parts.push(this.ref(name, where));
      }
    }
    parts.push(template.slice(last));
    const texts = parts.map((p) => asText(p) ?? new Unknown([`a value of ${JSON.stringify(template)}`]));
    return texts.some((t) => t instanceof Unknown) ? Unknown.of(...texts) : texts.join('');
  }
}
