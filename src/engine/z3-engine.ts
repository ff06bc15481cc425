/**
 * The Z3 engine: a question is lowered to the intermediate form, joined with the KMS rules (kms.kp), compiled
 * to terms and handed to Z3, whose model gives the answer (the stages: pipeline.ts). Role assumption for `--transitive` is the fixpoint of
 * the role-assumption rules (src/semantics/roles.kp), each step one sts:AssumeRole question to the same KMS rules;
 * the reported chain is a shortest one.
 */
import type { CheckAnswer } from '../answer.js';
import type { Question } from '../ir/lower/question.js';
import type { Program } from '../ir/ast.js';
import { entityOf, identityOf, type Caller } from '../request/caller.js';
import { contextFromEntries, type RequestContext } from '../request/context.js';
import { assumeRoleContext, type ContextEntries } from '../request/derive-context.js';
import { withCaller, type KmsRequest } from '../request/kms-request.js';
import { concreteContext } from '../smt/context-model.js';
import type { Environment } from '../smt/encode-constraint.js';
import { openSession, type Z3Session } from '../smt/solver.js';
import { limitsOf, type LimitOptions, type Limits } from './limits.js';
import { solveQuestion } from './solve-question.js';
import { callerFields } from './caller-fields.js';
import { PairSolver, type PairQuestion } from './pair-solver.js';
import { reachRoles } from './role-reach.js';
import { ASSUME_ROLE, type RoleChain } from '../request/role-chain.js';
import type { Role, World } from '../world/model.js';
import type { BoolTerm } from '../smt/term.js';
import type { QuestionRuntime } from './question-runtime.js';
import type { QuestionLabels } from './explain.js';
import { decide, lower } from './pipeline.js';
import { openStatements } from '../ir/lower/unknown-policy.js';
import { atomName } from '../smt/compile.js';
import { atomRef, not } from '../smt/term.js';
import { unknownPoliciesDetail, unknownPoliciesOf } from '../world/attached-policies.js';


export interface Z3CheckOptions extends LimitOptions {
  transitive?: boolean;
}


export interface Z3Engine {
  check(world: World, request: KmsRequest, options?: Z3CheckOptions): Promise<CheckAnswer>;
  /** The engine's machinery for symbolic questions (src/questions/). */
  readonly runtime: QuestionRuntime;
  /** Ends Z3's worker threads once no engine uses them. */
  close(): Promise<void>;
}


class SessionEngine implements Z3Engine, QuestionRuntime {
  /** Lowered questions per world: a batch of checks pays the lowering once per key, role and caller. */
  private readonly lowered = new WeakMap<World, Map<string, Program>>();

  constructor(private readonly session: Z3Session) {}

  program(world: World, question: Question, id: string): Program {
    let perWorld = this.lowered.get(world);
    if (!perWorld) { perWorld = new Map(); this.lowered.set(world, perWorld); }
    let program = perWorld.get(id);
    if (!program) {
      program = lower(world, question);
      perWorld.set(id, program);
    }
    return program;
  }

  /**
   * Compiles the question for this request and reads the answer off a Z3 model. With unknown policies (open
   * choices, src/ir/lower/unknown-policy.ts) the answer is decided only if no choice changes it: ALLOW if no choice
   * denies, DENY if no choice allows (explained by the choice where the unknown policies allow and deny nothing,
   * so that the reason given is the real one), else UNKNOWN naming them.
   */
  private async ask(world: World, caller: Caller, program: Program, env: Environment, labels: QuestionLabels, path: string[], limits: Limits): Promise<CheckAnswer> {
    const unknown = (detail: string): CheckAnswer => ({ decision: 'UNKNOWN', reason: 'UNKNOWN', trusted: false, path, matched: [], trace: [], detail });
    const open = openStatements(program);
    const solve = (goals: string[], refuted: string[] = [], conditions: BoolTerm[] = []) =>
      decide(this.session, program, env, labels, path, limits, { goals, refuted, conditions });
    const answerOf = (verdict: Awaited<ReturnType<typeof solve>>): CheckAnswer => {
      if (verdict.status === 'sat') return verdict.answer;
      return unknown(verdict.status === 'unknown' ? verdict.why : 'the rules have no model (a bug: please report it)');
    };
    if (open.length === 0) return answerOf(await solve([]));
    const canAllow = await solve(['allow']);
    if (canAllow.status === 'unknown') return answerOf(canAllow);
    const canDeny = await solve([], ['allow']);
    if (canDeny.status === 'unknown') return answerOf(canDeny);
    if (canAllow.status === 'sat' && canDeny.status === 'sat') {
      const entity = entityOf(caller);
      const policies = entity ? unknownPoliciesOf(world, entity) : [];
      return { ...unknown(unknownPoliciesDetail(policies)), unknownPolicies: policies };
    }
    if (canAllow.status === 'sat') return answerOf(canAllow);
    const permissive = open.map((o) => (o.effect === 'Allow' ? atomRef(atomName('open_choice', [o.statement])) : not(atomRef(atomName('open_choice', [o.statement])))));
    return answerOf(await solve([], [], permissive));
  }

  private decideKms(world: World, req: KmsRequest, limits: Limits): Promise<CheckAnswer> {
    const { caller, key, operation } = req;
    const program = this.program(world, { kind: 'kms', key, caller }, `kms ${key.arn} ${identityOf(caller)}`);
    const env: Environment = { fields: { ...callerFields(caller), action: operation.action, resource: key.arn }, context: concreteContext(req.context) };
    return this.ask(world, caller, program, env, { policy: 'the key policy', action: operation.action, keyState: key.state }, [identityOf(caller)], limits);
  }

  private async canAssume(world: World, caller: Caller, role: Role, overrides: ContextEntries, limits: Limits): Promise<CheckAnswer> {
    const program = this.program(world, { kind: 'assume-role', role, caller }, `assume ${role.arn} ${identityOf(caller)}`);
    const context: RequestContext = contextFromEntries(assumeRoleContext(world, caller, role.accountId, overrides));
    const env: Environment = { fields: { ...callerFields(caller), action: ASSUME_ROLE, resource: role.arn }, context: concreteContext(context) };
    const answer = await this.ask(world, caller, program, env, { policy: 'the trust policy', action: ASSUME_ROLE }, [identityOf(caller)], limits);
    return { ...answer, trace: answer.trace.map((s) => ({ ...s, part: 'role-assumption', note: `${caller.arn} assumes ${role.arn}` })) };
  }

  async check(world: World, req: KmsRequest, options: Z3CheckOptions = {}): Promise<CheckAnswer> {
    const limits = limitsOf(options);
    const direct = await this.decideKms(world, req, limits);
    if (direct.decision === 'ALLOW' || !options.transitive) return direct;
    const { chains, undecided: undecidedChain } = await this.roleChains(world, req.caller, req.overrides, limits);
    // An undecided request by the caller itself leaves the answer open unless a chain allows.
    let undecided = direct.decision === 'UNKNOWN' ? direct : undecidedChain;
    // Chains come shortest first, so the first allowed identity is at the end of a shortest chain.
    for (const chain of chains) {
      const answer = await this.decideKms(world, withCaller(world, req, chain.caller), limits);
      if (answer.decision === 'ALLOW') {
        return { ...answer, path: chain.path, matched: [...chain.matched, ...answer.matched], trace: [...chain.trace, ...answer.trace] };
      }
      if (answer.decision === 'UNKNOWN') undecided ??= answer;
    }
    if (!undecided && world.missingManagedPolicies.length > 0) undecided = await this.openChainAllows(world, req, chains, limits);
    // A chain the solver could not decide might have allowed: the honest answer is then UNKNOWN, not DENY.
    return undecided ? { ...undecided, path: [identityOf(req.caller)] } : direct;
  }

  /**
   * Roles that only an unknown policy's choice lets the caller reach (a step that is allowed for some choice and
   * denied for another): if one of them may be allowed the request, the answer is UNKNOWN, naming the policies.
   */
  private async openChainAllows(world: World, req: KmsRequest, definite: readonly RoleChain[], limits: Limits): Promise<CheckAnswer | undefined> {
    const reached = new Set(definite.map((c) => identityOf(c.caller)));
    const { chains } = await this.roleChains(world, req.caller, req.overrides, limits, 'open-steps-taken');
    for (const chain of chains) {
      if (reached.has(identityOf(chain.caller))) continue;
      const answer = await this.decideKms(world, withCaller(world, req, chain.caller), limits);
      if (answer.decision === 'DENY') continue;
      const policies = [...chain.openSteps.flatMap((s) => s.unknownPolicies ?? []), ...(answer.unknownPolicies ?? [])];
      return { decision: 'UNKNOWN', reason: 'UNKNOWN', trusted: false, path: chain.path, matched: [], trace: [], detail: unknownPoliciesDetail(policies), unknownPolicies: policies };
    }
    return undefined;
  }

  /**
   * Every role the caller can reach by assuming roles, each by a shortest chain, shortest first: the fixpoint of
   * the role-assumption rules (src/semantics/roles.kp, src/engine/role-reach.ts), whose steps are sts:AssumeRole
   * questions to the KMS rules under this request's context. A step that an unknown policy leaves open is not
   * taken, or with 'open-steps-taken' it is (to find what an unknown policy could let the caller reach).
   */
  async roleChains(
    world: World, caller: Caller, overrides: ContextEntries, limits: Limits, open: 'open-steps-refused' | 'open-steps-taken' = 'open-steps-refused',
  ): Promise<{ chains: Array<RoleChain & { openSteps: CheckAnswer[] }>; undecided?: CheckAnswer }> {
    let undecided: CheckAnswer | undefined;
    const { reached } = await reachRoles<{ answer: CheckAnswer }>(world, caller, async (from, role) => {
      const answer = await this.canAssume(world, from, role, overrides, limits);
      if (answer.decision === 'ALLOW') return { status: 'allowed', answer };
      if (answer.decision !== 'UNKNOWN') return { status: 'denied' };
      if (answer.unknownPolicies) return open === 'open-steps-taken' ? { status: 'allowed', answer } : { status: 'denied' };
      undecided ??= answer;
      return { status: 'unknown', why: answer.detail ?? 'the solver could not decide' };
    });
    const chains = reached.map((r) => ({
      caller: r.caller, path: r.path,
      matched: r.steps.flatMap((s) => s.answer.matched), trace: r.steps.flatMap((s) => s.answer.trace),
      openSteps: r.steps.map((s) => s.answer).filter((a) => a.decision === 'UNKNOWN'),
    }));
    return { chains, ...(undecided ? { undecided } : {}) };
  }

  solve(program: Program, env: Environment, goals: readonly string[], limits: Limits, conditions: readonly BoolTerm[] = []) {
    return solveQuestion(this.session, program, env, goals, limits, conditions);
  }

  pairSolver(question: PairQuestion, limits: Limits) {
    return PairSolver.create(this.session, question, limits);
  }

  get runtime(): QuestionRuntime {
    return this;
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

export async function createZ3Engine(): Promise<Z3Engine> {
  return new SessionEngine(await openSession());
}
