/**
 * Compiles a program of the intermediate form into one Boolean term per ground atom: bottom-up, stratum by
 * stratum, variables ranging over the constants of the facts. A derived atom is referred to by name in the
 * terms that use it and defined once, so the encoding stays linear in the program and every atom (every
 * statement's match, every step of the flowchart) can be read back from a model.
 */
import { InputError } from '../errors.js';
import type { Atom, Literal, Program, Provenance, Rule, Term } from '../ir/ast.js';
import { encodeConstraint, type Bindings, type Environment } from './encode-constraint.js';
import { and, atomRef, FALSE, not, or, sameTerm, type BoolTerm } from './term.js';

export interface GroundAtom {
  predicate: string;
  args: string[];
  /** The name the atom has in terms (`predicate(arg,...)`). */
  name: string;
  /** The provenance of the rules that derived it. */
  provenance: Provenance[];
}

export interface CompiledProgram {
  /** Every ground atom that can hold, with its definition (a constant when it folded). */
  atoms: Map<string, GroundAtom>;
  definitions: Map<string, BoolTerm>;
  /** The term for an atom: its definition when constant, else a reference to it; FALSE for atoms never derived. */
  term(predicate: string, ...args: string[]): BoolTerm;
  /** Ground atoms of a predicate. */
  ofPredicate(predicate: string): GroundAtom[];
  /** The solver name of a ground atom (with the compilation's prefix, unless the atom is free). */
  nameOf(predicate: string, args: readonly string[]): string;
}

export const atomName = (predicate: string, args: readonly string[]): string =>
  args.length === 0 ? predicate : `${predicate}(${args.map((a) => JSON.stringify(a)).join(',')})`;

/** Predicates in an order where each one's negated dependencies come before it (stratified negation). */
function strata(rules: readonly Rule[]): string[][] {
  const deps = new Map<string, { pred: string; negated: boolean }[]>();
  const preds = new Set<string>();
  for (const r of rules) {
    preds.add(r.head.predicate);
    const list = deps.get(r.head.predicate) ?? [];
    for (const l of r.body) if (l.kind === 'atom') { list.push({ pred: l.atom.predicate, negated: l.negated }); preds.add(l.atom.predicate); }
    deps.set(r.head.predicate, list);
  }
  // Tarjan's strongly connected components; they come out in dependency order.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const visit = (p: string): void => {
    index.set(p, counter); low.set(p, counter); counter++;
    stack.push(p); onStack.add(p);
    for (const d of deps.get(p) ?? []) {
      if (!index.has(d.pred)) { visit(d.pred); low.set(p, Math.min(low.get(p)!, low.get(d.pred)!)); }
      else if (onStack.has(d.pred)) low.set(p, Math.min(low.get(p)!, index.get(d.pred)!));
    }
    if (low.get(p) === index.get(p)) {
      const component: string[] = [];
      let q: string;
      do { q = stack.pop()!; onStack.delete(q); component.push(q); } while (q !== p);
      components.push(component);
    }
  };
  for (const p of [...preds].sort()) if (!index.has(p)) visit(p);
  for (const component of components) {
    const members = new Set(component);
    for (const p of component) {
      for (const d of deps.get(p) ?? []) {
        if (d.negated && members.has(d.pred)) throw new InputError(undefined, `the rules are not stratified: ${p} depends on the negation of ${d.pred}, which depends on ${p}`);
      }
    }
  }
  return components;
}

/** Positive atoms first, so that every variable is bound before a negated atom or a constraint needs it. */
function orderBody(body: readonly Literal[]): Literal[] {
  return [...body.filter((l) => l.kind === 'atom' && !l.negated), ...body.filter((l) => !(l.kind === 'atom' && !l.negated))];
}

function groundArgs(args: readonly Term[], bindings: Bindings): (string | undefined)[] {
  return args.map((t) => (t.kind === 'string' ? t.value : t.kind === 'variable' ? bindings.get(t.name) : undefined));
}

export interface CompileOptions {
  /**
   * Predicates whose facts are free: each ground fact is an unconstrained Boolean rather than true. Proofs use this
   * to leave every statement's match and effect open (proofs/).
   */
  free?: ReadonlySet<string>;
  /** Prefix for the names of derived atoms, so that two compilations can share free atoms in one solver. */
  prefix?: string;
}

export function compileProgram(program: Program, env: Environment, options: CompileOptions = {}): CompiledProgram {
  const grounder = new Grounder(program, env, options.free ?? new Set(), options.prefix ?? '');
  for (const component of strata(program.rules)) grounder.groundComponent(component);
  return grounder.result();
}

type Derived = Map<string, { atom: GroundAtom; disjuncts: BoolTerm[] }>;
type PartialBody = { bindings: Map<string, string>; condition: BoolTerm };

/**
 * Grounds a program component by component: each rule's body is solved against the ground atoms derived so far
 * (`solveBody`), one `round` gives every head atom the disjunction of its rule instances, and a recursive
 * component repeats rounds until its definitions stop changing (`groundComponent`).
 */
class Grounder {
  private readonly atoms = new Map<string, GroundAtom>();
  private readonly definitions = new Map<string, BoolTerm>();
  private readonly byPredicate = new Map<string, GroundAtom[]>();
  private readonly rulesByHead = new Map<string, Rule[]>();
  /**
   * Within a recursive component, atoms are inlined from the previous round rather than referred to by name:
   * a definition that refers to itself would let the solver pick any fixpoint, not the least one.
   */
  private inlined: ReadonlySet<string> = new Set();

  constructor(program: Program, private readonly env: Environment, private readonly free: ReadonlySet<string>, private readonly prefix: string) {
    for (const r of program.rules) this.rulesByHead.set(r.head.predicate, [...(this.rulesByHead.get(r.head.predicate) ?? []), r]);
  }

  readonly nameOf = (predicate: string, args: readonly string[]): string => (this.free.has(predicate) ? '' : this.prefix) + atomName(predicate, args);

  readonly term = (predicate: string, ...args: string[]): BoolTerm => {
    const name = this.nameOf(predicate, args);
    if (this.free.has(predicate)) return this.atoms.has(name) ? atomRef(name) : FALSE;
    const def = this.definitions.get(name);
    if (def === undefined) return FALSE;
    return def.op === 'const' || this.inlined.has(predicate) ? def : atomRef(name);
  };

  result(): CompiledProgram {
    return { atoms: this.atoms, definitions: this.definitions, term: this.term, ofPredicate: (p) => this.byPredicate.get(p) ?? [], nameOf: this.nameOf };
  }

  /**
   * A non-recursive component takes one round. A recursive one is iterated from "nothing holds" until no
   * definition changes, which is the least fixpoint for a finite set of ground atoms; derivations of n ground atoms
   * need at most n rounds, so that many rounds also end it when symbolic definitions keep changing shape.
   */
  groundComponent(component: readonly string[]): void {
    const recursive = this.isRecursive(component);
    this.inlined = recursive ? new Set(component) : new Set();
    for (let iteration = 0; ; iteration++) {
      const changed = this.record(this.round(component));
      if (!recursive || !changed) break;
      const componentAtoms = [...this.atoms.values()].filter((a) => component.includes(a.predicate)).length;
      if (iteration > componentAtoms + 1) break;
    }
    this.inlined = new Set();
  }

  private isRecursive(component: readonly string[]): boolean {
    if (component.length > 1) return true;
    const only = component[0]!;
    return (this.rulesByHead.get(only) ?? []).some((r) => r.body.some((l) => l.kind === 'atom' && l.atom.predicate === only));
  }

  /** One round over a component's rules: the disjunction of every rule instance, per head atom. */
  private round(component: readonly string[]): Derived {
    const derived: Derived = new Map();
    for (const predicate of component) {
      for (const rule of this.rulesByHead.get(predicate) ?? []) {
        for (const { bindings, condition } of this.solveBody(rule.body)) {
          const args = headArgs(rule.head, bindings);
          const name = this.nameOf(predicate, args);
          const entry = derived.get(name) ?? { atom: this.atoms.get(name) ?? { predicate, args, name, provenance: [] }, disjuncts: [] };
          entry.disjuncts.push(condition);
          if (rule.provenance && !entry.atom.provenance.includes(rule.provenance)) entry.atom.provenance.push(rule.provenance);
          derived.set(name, entry);
        }
      }
    }
    return derived;
  }

  /** Stores a round's atoms and definitions; true when an atom is new or a definition changed. */
  private record(derived: Derived): boolean {
    let changed = false;
    for (const { atom, disjuncts } of derived.values()) {
      if (!this.atoms.has(atom.name)) {
        this.atoms.set(atom.name, atom);
        this.byPredicate.set(atom.predicate, [...(this.byPredicate.get(atom.predicate) ?? []), atom]);
        changed = true;
      }
      if (this.free.has(atom.predicate)) continue;
      const definition = or(...disjuncts);
      const before = this.definitions.get(atom.name);
      if (before === undefined || !sameTerm(before, definition)) changed = true;
      this.definitions.set(atom.name, definition);
    }
    return changed;
  }

  /** Every way the body can hold: bindings plus the conjunction of what it took. */
  private solveBody(body: readonly Literal[]): PartialBody[] {
    let partial: PartialBody[] = [{ bindings: new Map(), condition: and() }];
    for (const literal of orderBody(body)) {
      partial = partial.flatMap((p) => this.extend(p, literal));
    }
    return partial;
  }

  /** The ways one more literal can hold after `p`; conditions that fold to false are dropped. */
  private extend(p: PartialBody, literal: Literal): PartialBody[] {
    const kept = (bindings: Map<string, string>, condition: BoolTerm): PartialBody[] =>
      condition.op === 'const' && !condition.value ? [] : [{ bindings, condition }];
    if (literal.kind === 'constraint') return kept(p.bindings, and(p.condition, encodeConstraint(literal.constraint, p.bindings, this.env)));
    const args = groundArgs(literal.atom.args, p.bindings);
    if (literal.atom.args.some((a) => a.kind === 'field')) throw new InputError(undefined, `request fields are not allowed as atom arguments (${literal.atom.predicate})`);
    if (literal.negated) {
      if (args.some((a) => a === undefined)) throw new InputError(undefined, `unsafe rule: a variable of 'not ${literal.atom.predicate}' is bound by no positive atom`);
      return kept(p.bindings, and(p.condition, not(this.term(literal.atom.predicate, ...(args as string[])))));
    }
    const out: PartialBody[] = [];
    for (const candidate of this.byPredicate.get(literal.atom.predicate) ?? []) {
      const bindings = unify(literal.atom, candidate.args, p.bindings);
      if (bindings) out.push(...kept(bindings, and(p.condition, this.term(candidate.predicate, ...candidate.args))));
    }
    return out;
  }
}

/** The bindings under which `atom` names the ground arguments `values`, or undefined when it cannot. */
function unify(atom: Atom, values: readonly string[], bindings: ReadonlyMap<string, string>): Map<string, string> | undefined {
  if (atom.args.length !== values.length) return undefined;
  const out = new Map(bindings);
  for (let i = 0; i < values.length; i++) {
    const a = atom.args[i]!;
    const value = values[i]!;
    if (a.kind === 'string' && a.value !== value) return undefined;
    if (a.kind === 'variable') {
      const bound = out.get(a.name);
      if (bound === undefined) out.set(a.name, value);
      else if (bound !== value) return undefined;
    }
  }
  return out;
}

function headArgs(head: Atom, bindings: Bindings): string[] {
  return groundArgs(head.args, bindings).map((a, i) => {
    if (a === undefined) throw new InputError(undefined, `unsafe rule: argument ${i + 1} of ${head.predicate} is bound by no positive atom`);
    return a;
  });
}
