/**
 * What a plan's `configuration` says about values unknown until apply: which other values an attribute's
 * expression refers to (terraform-json config.go: ConfigModule.resources[].expressions[NAME].references,
 * module_calls[NAME].expressions / .module, outputs[NAME].expression). keyproof uses it to follow an unknown
 * value to the resource it comes from (a key's ARN, a role's ARN) and to name what an answer depends on.
 */
import { isPlainObject, type PlainObject } from '../../input/read-value.js';

/** A reference followed to a resource of the plan: the resource's address (without instance key) and attribute. */
export interface ResourceReference {
  /** Absolute module path without instance keys, e.g. `module.app` ('' for the root module). */
  module: string;
  /** `TYPE.NAME` */
  resource: string;
  attribute: string;
}

/** `module.a["x"].module.b[0]` -> `module.a.module.b`: configuration is per module, not per module instance. */
export function configModulePath(moduleAddress: string | undefined): string {
  return (moduleAddress ?? '').replace(/\[[^\]]*\]/g, '');
}

export class Configuration {
  private readonly modules = new Map<string, PlainObject>();

  constructor(configuration: unknown) {
    const root = isPlainObject(configuration) && isPlainObject(configuration.root_module) ? configuration.root_module : undefined;
    if (root) this.index('', root);
  }

  get present(): boolean {
    return this.modules.size > 0;
  }

  private index(path: string, module: PlainObject): void {
    this.modules.set(path, module);
    const calls = isPlainObject(module.module_calls) ? module.module_calls : {};
    for (const [name, call] of Object.entries(calls)) {
      if (isPlainObject(call) && isPlainObject(call.module)) this.index(`${path === '' ? '' : `${path}.`}module.${name}`, call.module);
    }
  }

  private resource(module: string, resource: string): PlainObject | undefined {
    const resources = this.modules.get(module)?.resources;
    if (!Array.isArray(resources)) return undefined;
    return resources.find((r): r is PlainObject => isPlainObject(r) && r.address === resource);
  }

  /**
   * Whether the configuration sets the attribute (`false`: it is left to the provider, e.g. a key created without a
   * policy); undefined when the plan has no configuration for the resource.
   */
  sets(module: string, resource: string, attribute: string): boolean | undefined {
    const config = this.resource(module, resource);
    if (!config) return undefined;
    return isPlainObject(config.expressions) && config.expressions[attribute] !== undefined;
  }

  /** The references of an attribute's expression (a nested block's attribute: `constraints.0.encryption_context_equals`). */
  references(module: string, resource: string, attribute: string): string[] {
    const config = this.resource(module, resource);
    let expression: unknown = isPlainObject(config?.expressions) ? config!.expressions : undefined;
    for (const step of attribute.split('.')) {
      if (Array.isArray(expression)) expression = expression[Number(step)] ?? expression[0];
      expression = isPlainObject(expression) ? expression[step] : undefined;
    }
    return referencesOf(expression);
  }

  /**
   * Follows references to resources: through module outputs (`module.kms.key_arn`) and module variables (`var.x`,
   * to the calling module's expression). Locals and data sources are not in the plan's configuration: a value that
   * comes from them is not followed (it stays unknown).
   */
  follow(module: string, references: readonly string[], depth = 0): ResourceReference[] {
    if (depth > 20) return [];
    const found: ResourceReference[] = [];
    for (const reference of mostSpecific(references)) {
      const parts = reference.replace(/\[[^\]]*\]/g, '').split('.');
      if (parts[0] === 'var' && parts[1]) {
        const cut = module.lastIndexOf('.module.');
        const parent = module.startsWith('module.') ? (cut >= 0 ? module.slice(0, cut) : '') : undefined;
        const callName = module.slice(module.lastIndexOf('module.') + 'module.'.length);
        if (parent === undefined) continue;
        const calls = this.modules.get(parent)?.module_calls;
        const call = isPlainObject(calls) ? calls[callName] : undefined;
        const expression = isPlainObject(call) && isPlainObject(call.expressions) ? call.expressions[parts[1]] : undefined;
        found.push(...this.follow(parent, referencesOf(expression), depth + 1));
      } else if (parts[0] === 'module' && parts[1] && parts[2]) {
        const child = `${module === '' ? '' : `${module}.`}module.${parts[1]}`;
        const outputs = this.modules.get(child)?.outputs;
        const output = isPlainObject(outputs) ? outputs[parts[2]] : undefined;
        found.push(...this.follow(child, referencesOf(isPlainObject(output) ? output.expression : undefined), depth + 1));
      } else if (parts.length >= 3 && /^aws_/.test(parts[0]!)) {
        found.push({ module, resource: `${parts[0]}.${parts[1]}`, attribute: parts[2]! });
      }
    }
    return found;
  }
}

function referencesOf(expression: unknown): string[] {
  return isPlainObject(expression) && Array.isArray(expression.references)
    ? expression.references.filter((r): r is string => typeof r === 'string')
    : [];
}

/** Terraform lists `aws_iam_role.app.arn` and `aws_iam_role.app`: keep the longest of each chain. */
function mostSpecific(references: readonly string[]): string[] {
  return references.filter((r) => !references.some((other) => other !== r && other.startsWith(`${r}.`)));
}
