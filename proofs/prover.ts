/**
 * Proves a property of the KMS rules over schematic worlds: the rules and one or more schematic worlds are
 * compiled into one solver (free facts shared between the copies, derived atoms kept apart by prefix), the
 * negation of the property is asserted, and `unsat` means the property holds for every request and every
 * statement content. A `sat` answer is a counterexample: the atoms that hold in it are returned.
 */
import type { Program } from '../src/ir/ast.js';
import { parseProgram } from '../src/ir/parse.js';
import { contextFromEntries } from '../src/request/context.js';
import { concreteContext } from '../src/smt/context-model.js';
import { atomName, compileProgram, type CompiledProgram } from '../src/smt/compile.js';
import { openSession } from '../src/smt/solver.js';
import { Z3Encoder } from '../src/smt/z3-encoder.js';
import type { Z3Context } from '../src/smt/solver.js';
import { FREE_PREDICATES, schematicWorld, type SchematicOptions } from './schematic-world.js';

type Bool = ReturnType<Z3Context['Bool']['const']>;

/** What a property sees: the solver's Boolean algebra, and the atoms of each named copy of the world. */
export interface ProofScope {
  z3: Z3Context;
  /** An atom of a copy (derived atoms) or of the shared free facts. */
  atom(copy: string, predicate: string, ...args: string[]): Bool;
  /** A request field equals a constant. */
  field(name: 'principal' | 'kind' | 'account' | 'role' | 'action', value: string): Bool;
  /** The statement has exactly one effect (free facts leave both open). */
  effect(policy: string, statement: string, effect: 'Allow' | 'Deny'): Bool;
}

export interface Property {
  name: string;
  /** One sentence: what the property says. */
  claim: string;
  /** The page of ../shared/reference/aws-docs that states it. */
  doc: string;
  /** The schematic worlds it compares, by copy name. */
  copies: Record<string, SchematicOptions>;
  /** The property, as a formula that must hold in every model. */
  holds(scope: ProofScope): Bool;
}

export type ProofResult = { proved: true } | { proved: false; counterexample: string[] } | { proved: 'unknown'; why: string };

export async function prove(property: Property, rulesText: string, timeoutMs = 60_000): Promise<ProofResult> {
  const session = await openSession();
  try {
    const z3 = session.ctx;
    const encoder = new Z3Encoder(z3);
    const rules = parseProgram(rulesText, 'kms.kp');
    const env = { fields: {}, context: concreteContext(contextFromEntries([])) };
    const compiled = new Map<string, CompiledProgram>();
    const solver = new z3.Solver();
    solver.set('timeout', timeoutMs);
    for (const [copy, options] of Object.entries(property.copies)) {
      const program: Program = { rules: [...rules.rules, ...schematicWorld(options).rules] };
      const c = compileProgram(program, env, { free: FREE_PREDICATES, prefix: `${copy}/` });
      compiled.set(copy, c);
      for (const [name, definition] of c.definitions) solver.add(encoder.atom(name).eq(encoder.bool(definition)));
    }
    // Every statement has exactly one effect.
    const statements = new Set<string>();
    for (const c of compiled.values()) for (const a of c.ofPredicate('statement')) statements.add(JSON.stringify(a.args.slice(0, 2)));
    for (const key of statements) {
      const [policy, statement] = JSON.parse(key) as [string, string];
      solver.add(z3.Xor(encoder.atom(atomName('statement', [policy, statement, 'Allow'])), encoder.atom(atomName('statement', [policy, statement, 'Deny']))));
    }
    const scope: ProofScope = {
      z3,
      atom(copy, predicate, ...args) {
        const c = compiled.get(copy);
        if (!c) throw new Error(`no copy ${copy}`);
        const term = c.term(predicate, ...args);
        return encoder.bool(term);
      },
      field: (name, value) => encoder.field(name).eq(z3.String.val(value)),
      effect: (policy, statement, effect) => encoder.atom(atomName('statement', [policy, statement, effect])),
    };
    solver.add(z3.Not(property.holds(scope)));
    const verdict = await solver.check();
    if (verdict === 'unsat') return { proved: true };
    if (verdict === 'unknown') return { proved: 'unknown', why: solver.reasonUnknown() };
    const model = solver.model();
    const counterexample = [...new Set([...compiled.values()].flatMap((c) => [...c.atoms.keys()]))]
      .filter((name) => z3.isTrue(model.eval(encoder.atom(name), true)))
      .sort();
    const fields = (['principal', 'kind', 'account', 'role', 'action'] as const).map((f) => `$${f} = ${model.eval(encoder.field(f), true).toString()}`);
    return { proved: false, counterexample: [...fields, ...counterexample] };
  } finally {
    await session.close();
  }
}
