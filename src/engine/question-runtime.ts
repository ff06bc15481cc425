/**
 * What symbolic questions (src/questions/) need from the Z3 engine: lowered programs, the solver (for one program,
 * or a pair for diff), role chains.
 */
import type { Program } from '../ir/ast.js';
import type { Question } from '../ir/lower/question.js';
import type { Caller } from '../request/caller.js';
import type { ContextEntries } from '../request/derive-context.js';
import type { RoleChain } from '../request/role-chain.js';
import type { Environment } from '../smt/encode-constraint.js';
import type { BoolTerm } from '../smt/term.js';
import type { CompiledProgram } from '../smt/compile.js';
import type { World } from '../world/model.js';
import type { Limits, QuestionVerdict } from './solve-question.js';
import type { PairQuestion, PairSolver } from './pair-solver.js';

export interface QuestionRuntime {
  /** The question's program (the KMS rules and the lowered world), cached per world and id. */
  program(world: World, question: Question, id: string): Program;
  solve(program: Program, env: Environment, goals: readonly string[], limits: Limits, conditions?: readonly BoolTerm[]): Promise<QuestionVerdict>;
  /** The same for a program already compiled under `env`. */
  solveCompiled(compiled: CompiledProgram, env: Environment, goals: readonly string[], limits: Limits, conditions?: readonly BoolTerm[]): Promise<QuestionVerdict>;
  /** A solver for two programs asked the same request (diff), on the same session as every other question. */
  pairSolver(question: PairQuestion, limits: Limits): Promise<PairSolver | { undecided: string }>;
  /** The roles the caller reaches, each by its shortest chain (the identities on the way), shortest first. */
  roleChains(world: World, caller: Caller, overrides: ContextEntries, limits: Limits): Promise<{ chains: Array<Pick<RoleChain, 'caller' | 'path'>> }>;
}
