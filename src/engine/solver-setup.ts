/**
 * How every Z3 question is set up and what makes it UNKNOWN, in one place: single questions
 * (solve-question.ts) and diff's pair searches (pair-solver.ts) compile, configure their solver and name their
 * failures the same way (Cedar's SymCC likewise has one solve path).
 */
import type { Program } from '../ir/ast.js';
import { compileProgram, type CompiledProgram, type CompileOptions } from '../smt/compile.js';
import type { Environment } from '../smt/encode-constraint.js';
import type { Z3Session, Z3Solver } from '../smt/solver.js';
import { Unsupported } from '../smt/unsupported.js';
import { queryTimeoutMs, type Limits } from './limits.js';

export interface Undecided {
  status: 'unknown';
  why: string;
}

/**
 * What stopped a question after it was compiled: a string the solver cannot hold (found while encoding) is
 * UNKNOWN, as is a failure of Z3 itself (the session then discards its context).
 */
export function undecidedBy(session: Z3Session, error: unknown): Undecided {
  if (error instanceof Unsupported) return { status: 'unknown', why: `unsupported: ${error.message}` };
  return session.failed(error);
}

/** The program compiled to terms, or UNKNOWN naming the construct the compiler does not support. */
export function compileOrUndecided(program: Program, env: Environment, options: CompileOptions): CompiledProgram | Undecided {
  try {
    return compileProgram(program, env, options);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    return { status: 'unknown', why: `unsupported: ${error.message}` };
  }
}

export const isUndecided = (value: CompiledProgram | Undecided): value is Undecided => 'status' in value;

/**
 * A solver with the question's limits. `scoped`: the question runs in its own push/pop scope of the session's
 * shared solver (a fresh solver per question made Z3's memory grow past its 2 GB limit), unless it has a resource
 * limit: Z3 counts resources over a solver's life, so a resource limit gets a solver of its own, as does `own`
 * (a solver kept across several searches).
 */
export function limitedSolver(session: Z3Session, limits: Limits, use: 'scoped' | 'own'): Z3Solver {
  const solver = use === 'scoped' && limits.resourceLimit === undefined ? session.sharedSolver() : new session.ctx.Solver();
  // What is left of the command's time limit, when it has one (limits.ts).
  solver.set('timeout', queryTimeoutMs(limits));
  if (limits.resourceLimit !== undefined) solver.set('rlimit', limits.resourceLimit);
  return solver;
}
