/**
 * Compiles a program of the intermediate form into one Boolean term per ground atom: bottom-up, stratum by
 * stratum, variables ranging over the constants of the facts. A derived atom is referred to by name in the
 * terms that use it and defined once, so the encoding stays linear in the program and every atom (every
 * statement's match, every step of the flowchart) can be read back from a model.
 */
import { InputError } from '../errors.js';
import type { Atom, Literal, Program, Provenance, Rule, Term } from '../ir/ast.js';
import { encodeConstraint, type Bindings, type Environment } from './encode-constraint.js';
import { and, atomRef, FALSE, not, or, type BoolTerm } from './term.js';

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
  const free = options.free ?? new Set<string>();
  const prefix = options.prefix ?? '';
  const atoms = new Map<string, GroundAtom>();
  const definitions = new Map<string, BoolTerm>();
  const byPredicate = new Map<string, GroundAtom[]>();
  const rulesByHead = new Map<string, Rule[]>();
  for (const r of program.rules) rulesByHead.set(r.head.predicate, [...(rulesByHead.get(r.head.predicate) ?? []), r]);

  // Within a recursive component, atoms are inlined from the previous round rather than referred to by name:
  // a definition that refers to itself would let the solver pick any fixpoint, not the least one.
  let inlined = new Set<string>();
  const nameOf = (predicate: string, args: readonly string[]) => (free.has(predicate) ? '' : prefix) + atomName(predicate, args);
  const term = (predicate: string, ...args: string[]): BoolTerm => {
    const name = nameOf(predicate, args);
    if (free.has(predicate)) return atoms.has(name) ? atomRef(name) : FALSE;
    const def = definitions.get(name);
    if (def === undefined) return FALSE;
    return def.op === 'const' || inlined.has(predicate) ? def : atomRef(name);
  };

  /** Every way the body can hold: bindings plus the conjunction of what it took. */
  function solveBody(body: readonly Literal[]): { bindings: Map<string, string>; condition: BoolTerm }[] {
    let partial: { bindings: Map<string, string>; condition: BoolTerm }[] = [{ bindings: new Map(), condition: and() }];
    for (const literal of orderBody(body)) {
      const next: typeof partial = [];
      for (const p of partial) {
        if (literal.kind === 'constraint') {
          const c = and(p.condition, encodeConstraint(literal.constraint, p.bindings, env));
          if (!(c.op === 'const' && !c.value)) next.push({ bindings: p.bindings, condition: c });
          continue;
        }
        const args = groundArgs(literal.atom.args, p.bindings);
        if (literal.atom.args.some((a) => a.kind === 'field')) throw new InputError(undefined, `request fields are not allowed as atom arguments (${literal.atom.predicate})`);
        if (literal.negated) {
          if (args.some((a) => a === undefined)) throw new InputError(undefined, `unsafe rule: a variable of 'not ${literal.atom.predicate}' is bound by no positive atom`);
          const c = and(p.condition, not(term(literal.atom.predicate, ...(args as string[]))));
          if (!(c.op === 'const' && !c.value)) next.push({ bindings: p.bindings, condition: c });
          continue;
        }
        for (const candidate of byPredicate.get(literal.atom.predicate) ?? []) {
          if (candidate.args.length !== args.length) continue;
          const bindings = new Map(p.bindings);
          let fits = true;
          literal.atom.args.forEach((a, i) => {
            const value = candidate.args[i]!;
            if (a.kind === 'string') fits &&= a.value === value;
            else if (a.kind === 'variable') {
              const bound = bindings.get(a.name);
              if (bound === undefined) bindings.set(a.name, value);
              else fits &&= bound === value;
            }
          });
          if (!fits) continue;
          const c = and(p.condition, term(candidate.predicate, ...candidate.args));
          if (!(c.op === 'const' && !c.value)) next.push({ bindings, condition: c });
        }
      }
      partial = next;
    }
    return partial;
  }

  function headArgs(head: Atom, bindings: Bindings): string[] {
    return groundArgs(head.args, bindings).map((a, i) => {
      if (a === undefined) throw new InputError(undefined, `unsafe rule: argument ${i + 1} of ${head.predicate} is bound by no positive atom`);
      return a;
    });
  }

  /** One round over a component's rules: the disjunction of every rule instance, per head atom. */
  function round(component: readonly string[]): Map<string, { atom: GroundAtom; disjuncts: BoolTerm[] }> {
    const derived = new Map<string, { atom: GroundAtom; disjuncts: BoolTerm[] }>();
    for (const predicate of component) {
      for (const rule of rulesByHead.get(predicate) ?? []) {
        for (const { bindings, condition } of solveBody(rule.body)) {
          const args = headArgs(rule.head, bindings);
          const name = nameOf(predicate, args);
          const entry = derived.get(name) ?? { atom: atoms.get(name) ?? { predicate, args, name, provenance: [] }, disjuncts: [] };
          entry.disjuncts.push(condition);
          if (rule.provenance && !entry.atom.provenance.includes(rule.provenance)) entry.atom.provenance.push(rule.provenance);
          derived.set(name, entry);
        }
      }
    }
    return derived;
  }

  for (const component of strata(program.rules)) {
    const recursive = component.length > 1 || (rulesByHead.get(component[0]!) ?? []).some((r) => r.body.some((l) => l.kind === 'atom' && l.atom.predicate === component[0]));
    // A recursive component is iterated from "nothing holds" until no definition changes (at most once per atom
    // it can derive, plus one), which is the least fixpoint for a finite set of ground atoms.
    let previous = '';
    inlined = recursive ? new Set(component) : new Set();
    for (let iteration = 0; ; iteration++) {
      const derived = round(component);
      for (const { atom, disjuncts } of derived.values()) {
        if (!atoms.has(atom.name)) {
          atoms.set(atom.name, atom);
          byPredicate.set(atom.predicate, [...(byPredicate.get(atom.predicate) ?? []), atom]);
        }
        if (!free.has(atom.predicate)) definitions.set(atom.name, or(...disjuncts));
      }
      if (!recursive) break;
      const snapshot = JSON.stringify([...definitions.entries()].filter(([n]) => component.includes(atoms.get(n)!.predicate)));
      if (snapshot === previous) break;
      previous = snapshot;
      // Derivations of n ground atoms need at most n rounds, so this many rounds reach the least fixpoint even
      // when symbolic definitions keep changing shape.
      const componentAtoms = [...atoms.values()].filter((a) => component.includes(a.predicate)).length;
      if (iteration > componentAtoms + 1) break;
    }
    inlined = new Set();
  }
  return { atoms, definitions, term, ofPredicate: (p) => byPredicate.get(p) ?? [], nameOf };
}
