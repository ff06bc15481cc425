/**
 * One question to Z3: a compiled program (every derived atom defined), the context model's side conditions, and
 * optionally goals that must hold (for symbolic questions: "some request is allowed"). The answer is a model to
 * read atoms and chosen values from, `unsat`, or `unknown` with the reason.
 */
import type { Program } from '../ir/ast.js';
import { atomName, compileProgram, type CompiledProgram } from '../smt/compile.js';
import type { Environment } from '../smt/encode-constraint.js';
import type { Z3Session } from '../smt/solver.js';
import type { BoolTerm, StringTerm } from '../smt/term.js';
import { Unsupported } from '../smt/unsupported.js';
import { not } from '../smt/term.js';
import { OPEN_PREDICATES } from '../ir/lower/unknown-policy.js';
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

/**
 * `goals`: atoms that must hold (a symbolic question asks whether some request satisfies them). `answers`: atoms
 * whose truth is the question's answer; they are always given to the solver and read from its model, even when
 * their definitions folded to constants, so that the answer is the solver's. `refuted`: atoms that must not hold.
 * The open choices of unknown policies (src/ir/lower/unknown-policy.ts) are left to the solver.
 */
export async function solveQuestion(
  session: Z3Session, program: Program, env: Environment, goals: readonly string[], limits: Limits,
  conditions: readonly BoolTerm[] = [], answers: readonly string[] = [], refuted: readonly string[] = [],
): Promise<QuestionVerdict> {
  let compiled: CompiledProgram;
  try {
    compiled = compileProgram(program, env, { free: OPEN_PREDICATES });
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    return { status: 'unknown', why: `unsupported: ${error.message}` };
  }
  return solveCompiled(session, compiled, env, goals, limits, conditions, answers, refuted);
}

/** The same for a program already compiled under `env` (src/questions/symbolic/residuals.ts compiles first). */
export async function solveCompiled(
  session: Z3Session, compiled: CompiledProgram, env: Environment, goals: readonly string[], limits: Limits,
  conditions: readonly BoolTerm[] = [], answers: readonly string[] = [], refuted: readonly string[] = [],
): Promise<QuestionVerdict> {
  // A goal whose definition folded to false cannot hold, whatever the solver chose: no need to ask. (The folding
  // is the smart constructors' of src/smt/term.ts; the concrete checks in the differential tests rely on it too.)
  if (goals.some((goal) => { const t = compiled.term(goal); return t.op === 'const' && !t.value; })) return { status: 'unsat' };
  if (refuted.some((atom) => { const t = compiled.term(atom); return t.op === 'const' && t.value; })) return { status: 'unsat' };
  const unavailable = await session.ready();
  if (unavailable !== undefined) return { status: 'unknown', why: unavailable };
  const z3 = session.ctx;
  const encoder = new Z3Encoder(z3);
  // Each question in its own scope of the session's solver. A resource limit gets a solver of its own, as Z3
  // counts resources over a solver's life.
  let solver: Z3Solver | undefined;
  let pushed = false;
  try {
    solver = limits.resourceLimit !== undefined ? new z3.Solver() : session.sharedSolver();
    solver.set('timeout', limits.timeoutMs);
    if (limits.resourceLimit !== undefined) solver.set('rlimit', limits.resourceLimit);
    solver.push();
    pushed = true;
    // Atoms whose definitions folded to constants need no assertion: `holds` reads them directly.
    const answerNames = new Set(answers.map((a) => atomName(a, [])));
    for (const [name, definition] of compiled.definitions) {
      if (definition.op !== 'const' || answerNames.has(name)) solver.add(encoder.atom(name).eq(encoder.bool(definition)));
    }
    for (const condition of env.context.sideConditions()) solver.add(encoder.bool(condition));
    for (const condition of conditions) solver.add(encoder.bool(condition));
    for (const goal of goals) solver.add(encoder.bool(compiled.term(goal)));
    for (const atom of refuted) solver.add(encoder.bool(not(compiled.term(atom))));
    const verdict = await session.check(solver, limits.timeoutMs);
    if (verdict.status !== 'sat') return verdict;
    return { status: 'sat', solved: readModel(compiled, encoder, session, verdict.model, answerNames) };
  } catch (error) {
    // A string the solver cannot hold (found while encoding) is UNKNOWN, as is a failure of Z3 itself.
    if (error instanceof Unsupported) return { status: 'unknown', why: `unsupported: ${error.message}` };
    return session.failed(error);
  } finally {
    // A context discarded after a time-out or a failure is not touched again.
    if (pushed && session.owns(z3)) {
      try { solver!.pop(); } catch (error) { session.failed(error); }
    }
  }
}

type Z3Solver = InstanceType<Z3Session['ctx']['Solver']>;
type Z3Model = ReturnType<Z3Solver['model']>;

/** A model is a snapshot: it stays readable after the solver's scope is popped. */
function readModel(compiled: CompiledProgram, encoder: Z3Encoder, session: Z3Session, model: Z3Model, answers: ReadonlySet<string>): SolvedQuestion {
  const z3 = session.ctx;
  return {
    compiled,
    holds(predicate, ...args) {
      const name = atomName(predicate, args);
      const definition = compiled.definitions.get(name);
      if (definition === undefined) return false;
      if (definition.op === 'const' && !answers.has(name)) return definition.value;
      return z3.isTrue(model.eval(encoder.atom(name), true));
    },
    truth: (term) => z3.isTrue(model.eval(encoder.bool(term), true)),
    value(term) {
      if (term.op === 'string') return term.value;
      const evaluated = model.eval(encoder.string(term), true);
      return z3.isString(evaluated) ? session.stringValue(evaluated) : String(evaluated);
    },
  };
}
