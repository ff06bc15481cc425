/**
 * One question to Z3: a compiled program (every derived atom defined), the context model's side conditions, and
 * optionally goals that must hold (for symbolic questions: "some request is allowed"). The answer is a model to
 * read atoms and chosen values from, `unsat`, or `unknown` with the reason.
 */
import type { Program } from '../ir/ast.js';
import { atomName, compileProgram, type CompiledProgram } from '../smt/compile.js';
import type { Environment } from '../smt/encode-constraint.js';
import { checkWithin, type Z3Session } from '../smt/solver.js';
import type { BoolTerm, StringTerm } from '../smt/term.js';
import { Unsupported } from '../smt/unsupported.js';
import { Z3Encoder } from '../smt/z3-encoder.js';

import type { Limits } from './limits.js';
export type { Limits } from './limits.js';

export interface SolvedQuestion {
  compiled: CompiledProgram;
  /** Does the atom hold in the model? */
  holds(predicate: string, ...args: string[]): boolean;
  /** The model's value of a string term (a symbolic field or context slot). */
  value(term: StringTerm): string;
  /** The model's truth value of a Boolean term (e.g. whether a context slot is used). */
  truth(term: BoolTerm): boolean;
}

export type QuestionVerdict =
  | { status: 'sat'; solved: SolvedQuestion }
  | { status: 'unsat' }
  | { status: 'unknown'; why: string };

export async function solveQuestion(
  session: Z3Session, program: Program, env: Environment, goals: readonly string[], limits: Limits,
  conditions: readonly BoolTerm[] = [],
): Promise<QuestionVerdict> {
  let compiled: CompiledProgram;
  try {
    compiled = compileProgram(program, env);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    return { status: 'unknown', why: `unsupported: ${error.message}` };
  }
  const z3 = session.ctx;
  const encoder = new Z3Encoder(z3);
  const solver = new z3.Solver();
  solver.set('timeout', limits.timeoutMs);
  if (limits.resourceLimit !== undefined) solver.set('rlimit', limits.resourceLimit);
  for (const [name, definition] of compiled.definitions) solver.add(encoder.atom(name).eq(encoder.bool(definition)));
  for (const condition of env.context.sideConditions()) solver.add(encoder.bool(condition));
  for (const condition of conditions) solver.add(encoder.bool(condition));
  for (const goal of goals) solver.add(encoder.bool(compiled.term(goal)));
  const verdict = await checkWithin(limits.timeoutMs, () => solver.check(), () => solver.model(), () => solver.reasonUnknown());
  if (verdict.status !== 'sat') return verdict;
  const model = verdict.model;
  return {
    status: 'sat',
    solved: {
      compiled,
      holds(predicate, ...args) {
        const name = atomName(predicate, args);
        const definition = compiled.definitions.get(name);
        if (definition === undefined) return false;
        if (definition.op === 'const') return definition.value;
        return z3.isTrue(model.eval(encoder.atom(name), true));
      },
      truth: (term) => z3.isTrue(model.eval(encoder.bool(term), true)),
      value(term) {
        if (term.op === 'string') return term.value;
        const evaluated = model.eval(encoder.string(term), true);
        return z3.isString(evaluated) ? evaluated.asString() : String(evaluated);
      },
    },
  };
}
