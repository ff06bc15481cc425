/**
 * The Z3 engine's pipeline as code, one stage per line (as rtoal/carlos's compiler.js shows its stages):
 *   lower    src/ir/lower/           the world and the question -> facts and statement rules, joined with kms.kp
 *   compile  src/smt/compile.ts      the rules grounded and folded into one term per atom
 *   solve    solve-question.ts       the terms to Z3 under the question's limits: a model, unsat, or UNKNOWN
 *   explain  explain.ts              the atoms the model makes true -> decision, reason, statements, trace
 * The engine (z3-engine.ts) caches `lower` per world and asks up to three times per check when unknown policies leave
 * choices open; symbolic questions (src/questions/) read the model themselves instead of `explain`.
 */
import type { CheckAnswer } from '../answer.js';
import type { Program } from '../ir/ast.js';
import { lowerQuestion, type Question } from '../ir/lower/question.js';
import { kmsRules } from '../semantics/kms-rules.js';
import type { Environment } from '../smt/encode-constraint.js';
import type { Z3Session } from '../smt/solver.js';
import type { BoolTerm } from '../smt/term.js';
import { explain, type QuestionLabels } from './explain.js';
import type { Limits } from './limits.js';
import { compileQuestion, solveCompiled } from './solve-question.js';
import { isUndecided, type Undecided } from './solver-setup.js';
import type { World } from '../world/model.js';

/** The atoms of kms.kp that make a check's answer: decision, reason and key trust. */
const ANSWER_ATOMS = ['allow', 'explicit_deny', 'authorized', 'state_blocked', 'trusted'];

export const lower = (world: World, question: Question): Program =>
  ({ rules: [...kmsRules().rules, ...lowerQuestion(world, question).rules] });

/** What a check asks of the model besides the rules: atoms that must hold or must not, and extra conditions. */
export interface CheckGoals {
  goals?: readonly string[];
  refuted?: readonly string[];
  conditions?: readonly BoolTerm[];
}

/** compile -> solve -> explain for one lowered check. */
export async function decide(
  session: Z3Session, program: Program, env: Environment, labels: QuestionLabels, path: string[], limits: Limits, asked: CheckGoals = {},
): Promise<{ status: 'sat'; answer: CheckAnswer } | { status: 'unsat' } | Undecided> {
  const compiled = compileQuestion(program, env);
  if (isUndecided(compiled)) return compiled;
  const verdict = await solveCompiled(session, compiled, env, asked.goals ?? [], limits, asked.conditions, ANSWER_ATOMS, asked.refuted);
  if (verdict.status !== 'sat') return verdict;
  return { status: 'sat', answer: explain(verdict.solved.compiled, verdict.solved.holds, labels, path) };
}
