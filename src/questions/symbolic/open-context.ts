/**
 * Which request-context keys a symbolic question leaves open, and how: the keys the rules test, minus those the
 * world fixes for the caller and the key; for each, how many values it may take and, for keys compared as
 * numbers, dates, IP addresses, booleans or binary, the representative values (docs/symbolic-encoding.md).
 */
import type { Constraint, Pattern, Program, ValueTest } from '../../ir/ast.js';
import type { SymbolicKey } from '../../smt/context-model.js';
import { isDocumentedSingleValued } from './single-valued-keys.js';

/** Keys documented as multi-valued (iam/reference_policies_single-vs-multi-valued-condition-keys.md, kms/conditions-kms.md). */
const MULTI_VALUED = new Set(['kms:encryptioncontextkeys', 'aws:tagkeys', 'kms:resourcealiases', 'aws:calledvia']);
const MULTI_VALUE_SLOTS = 2;

/**
 * Keys "always included in the request context" (iam/reference_policies_condition-keys.md, Availability) whose value
 * a request chooses: a symbolic question may give them any value, never none. (Those the world determines, such as
 * aws:RequestedRegion and aws:SecureTransport of a KMS request, are fixed before they could be open.)
 */
const ALWAYS_PRESENT = new Set([
  'aws:currenttime', 'aws:epochtime', 'aws:requestedregion', 'aws:securetransport', 'aws:viaawsservice', 'aws:useragent',
]);

interface KeyUse {
  key: string;
  tests: ValueTest[];
  quantified: boolean;
}

function visitPattern(p: Pattern, use: (key: string) => void): void {
  for (const part of p) if (part.kind === 'var') use(part.key);
}

function visit(c: Constraint, uses: Map<string, KeyUse>): void {
  const use = (key: string, test?: ValueTest, quantified = false) => {
    const lower = key.toLowerCase();
    const entry = uses.get(lower) ?? { key, tests: [], quantified: false };
    if (test) entry.tests.push(test);
    entry.quantified ||= quantified;
    uses.set(lower, entry);
  };
  switch (c.kind) {
    case 'present': use(c.key); break;
    case 'context':
      use(c.key, c.test, c.quantifier === 'all');
      if (c.test.kind === 'like' || c.test.kind === 'arn-like') for (const p of c.test.patterns) visitPattern(p, (k) => use(k));
      break;
    case 'match': visitPattern(c.pattern, (k) => use(k)); break;
    case 'not': visit(c.body, uses); break;
    case 'and': case 'or': for (const i of c.items) visit(i, uses); break;
    default: break;
  }
}

/** Every context key the program's constraints mention, with the tests applied to it. */
export function contextKeyUses(program: Program): Map<string, KeyUse> {
  const uses = new Map<string, KeyUse>();
  for (const rule of program.rules) for (const l of rule.body) if (l.kind === 'constraint') visit(l.constraint, uses);
  return uses;
}

function numberRepresentatives(values: number[], format: (n: number) => string, step: number): string[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const reps = [sorted[0]! - step, ...sorted, sorted[sorted.length - 1]! + step];
  for (let i = 0; i + 1 < sorted.length; i++) reps.push((sorted[i]! + sorted[i + 1]!) / 2);
  return reps.map(format);
}

function ipRepresentatives(cidrs: string[]): string[] {
  const reps = new Set<string>(['192.0.2.1', '2001:db8::1']);
  for (const cidr of cidrs) {
    const [address] = cidr.split('/');
    if (address) reps.add(address);
  }
  return [...reps];
}

/**
 * Representatives for a key tested as a number, date, IP address, boolean or binary value: below, at, between
 * and above the policies' constants, so every combination of the tests' outcomes has a representative; plus the
 * strings its `in` tests name and one value no test names. Undefined for free-text keys.
 */
export function representatives(use: KeyUse): string[] | undefined {
  const structured = use.tests.filter((t) => t.kind !== 'in' && t.kind !== 'like' && t.kind !== 'arn-like');
  if (structured.length === 0) return undefined;
  // One value no test names; an IP address for keys compared as addresses (192.0.2.1 is outside every range
  // unless a policy names it, in which case it is one of that range's representatives anyway).
  const reps = new Set<string>(use.tests.some((t) => t.kind === 'ip') ? [] : ['keyproof-other']);
  for (const t of use.tests) {
    switch (t.kind) {
      case 'in': t.values.forEach((v) => reps.add(v)); break;
      case 'number': numberRepresentatives(t.values, String, 1).forEach((r) => reps.add(r)); break;
      case 'date': numberRepresentatives(t.values, (ms) => new Date(Math.round(ms)).toISOString(), 1000).forEach((r) => reps.add(r)); break;
      case 'ip': ipRepresentatives(t.cidrs).forEach((r) => reps.add(r)); break;
      case 'bool': reps.add('true').add('false'); break;
      case 'binary': t.values.forEach((v) => reps.add(v)); reps.add('AA=='); break;
      default: break;
    }
  }
  return [...reps];
}

/** The open keys of a question: every mentioned key the `fixed` predicate does not claim. */
export function openKeys(program: Program, fixed: (key: string) => boolean): SymbolicKey[] {
  const open: SymbolicKey[] = [];
  for (const use of contextKeyUses(program).values()) {
    if (fixed(use.key)) continue;
    const multi = (use.quantified || MULTI_VALUED.has(use.key.toLowerCase())) && !isDocumentedSingleValued(use.key);
    const present = ALWAYS_PRESENT.has(use.key.toLowerCase());
    let reps = representatives(use);
    // A present time or Boolean value is a real one: the values below, between and above the policies' constants
    // (or true and false) stand for every such value, and a value no test reads (keyproof-other) would be none.
    if (present && reps && use.tests.every((t) => t.kind === 'bool' || t.kind === 'date' || t.kind === 'number')) {
      reps = reps.filter((r) => r !== 'keyproof-other');
    }
    open.push({
      key: use.key, slots: multi ? MULTI_VALUE_SLOTS : 1, ...(reps ? { representatives: reps } : {}),
      ...(present ? { present: true } : {}),
    });
  }
  return open;
}
