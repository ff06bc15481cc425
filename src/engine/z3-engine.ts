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
import { ACCOUNT_RESOURCE, accountRequestWithCaller, type AccountRequest } from '../request/account-request.js';
import { concreteContext } from '../smt/context-model.js';
import type { Environment } from '../smt/encode-constraint.js';
import { openSession, type Z3Session } from '../smt/solver.js';
import { limitsKey, limitsOf, type LimitOptions, type Limits } from './limits.js';
import { solveCompiled, solveQuestion } from './solve-question.js';
import { callerFields } from './caller-fields.js';
import { PairSolver, type PairQuestion } from './pair-solver.js';
import { reachRoles } from './role-reach.js';
import { ASSUME_ROLE } from '../request/role-chain.js';
import { contextMemoKey } from '../request/context-memo-key.js';
import { keyCouldAdmit } from './principal-prefilter.js';
import type { Role, World } from '../world/model.js';
import type { BoolTerm } from '../smt/term.js';
import type { QuestionRuntime } from './question-runtime.js';
import type { QuestionLabels } from './explain.js';
import { decide, lower } from './pipeline.js';
import { openStatements } from '../ir/lower/unknown-policy.js';
import { atomName, type CompiledProgram } from '../smt/compile.js';
import { atomRef, not } from '../smt/term.js';
import { unknownPoliciesDetail, unknownPoliciesOf } from '../world/attached-policies.js';


/** A role reached: its session, the chain, and each step's answer (statements and trace are joined only for the chain reported). */
interface ReachedChain {
  caller: Caller;
  path: string[];
  steps: CheckAnswer[];
}

interface Reachability {
  chains: ReachedChain[];
  /** A step the solver could not decide (a role behind it may be missing). */
  undecided?: CheckAnswer;
}

export interface Z3CheckOptions extends LimitOptions {
  transitive?: boolean;
}


/** A request on a key, or one for an operation that uses no key (kms:ListKeys...). */
export type Z3CheckRequest = KmsRequest | AccountRequest;

export interface Z3Engine {
  check(world: World, request: Z3CheckRequest, options?: Z3CheckOptions): Promise<CheckAnswer>;
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

  private decideAccount(world: World, req: AccountRequest, limits: Limits): Promise<CheckAnswer> {
    const { caller, operation, account } = req;
    const program = this.program(world, { kind: 'account', account, caller }, `account ${account} ${identityOf(caller)}`);
    const env: Environment = { fields: { ...callerFields(caller), action: operation.action, resource: ACCOUNT_RESOURCE }, context: concreteContext(req.context) };
    return this.ask(world, caller, program, env, { policy: 'IAM policies', action: operation.action }, [identityOf(caller)], limits);
  }

  private decide(world: World, req: Z3CheckRequest, limits: Limits): Promise<CheckAnswer> {
    return 'key' in req ? this.decideKms(world, req, limits) : this.decideAccount(world, req, limits);
  }

  private madeBy(world: World, req: Z3CheckRequest, caller: Caller): Z3CheckRequest {
    return 'key' in req ? withCaller(world, req, caller) : accountRequestWithCaller(world, req, caller);
  }

  private async canAssume(world: World, caller: Caller, role: Role, overrides: ContextEntries, limits: Limits): Promise<CheckAnswer> {
    const program = this.program(world, { kind: 'assume-role', role, caller }, `assume ${role.arn} ${identityOf(caller)}`);
    const context: RequestContext = contextFromEntries(assumeRoleContext(world, caller, role.accountId, overrides));
    const env: Environment = { fields: { ...callerFields(caller), action: ASSUME_ROLE, resource: role.arn }, context: concreteContext(context) };
    const answer = await this.ask(world, caller, program, env, { policy: 'the trust policy', action: ASSUME_ROLE }, [identityOf(caller)], limits);
    return { ...answer, trace: answer.trace.map((s) => ({ ...s, part: 'role-assumption', note: `${caller.arn} assumes ${role.arn}` })) };
  }

  async check(world: World, req: Z3CheckRequest, options: Z3CheckOptions = {}): Promise<CheckAnswer> {
    const limits = limitsOf(options);
    const direct = await this.decide(world, req, limits);
    if (direct.decision === 'ALLOW' || !options.transitive) return direct;
    const { chains, undecided: undecidedChain } = await this.roleChains(world, req.caller, req.overrides, limits);
    // An undecided request by the caller itself leaves the answer open unless a chain allows.
    let undecided = direct.decision === 'UNKNOWN' ? direct : undecidedChain;
    // Chains come shortest first, so the first allowed identity is at the end of a shortest chain. A role the key
    // policy and grants cannot admit needs no question (principal-prefilter.ts: keyCouldAdmit).
    for (const chain of chains) {
      if ('key' in req && !keyCouldAdmit(world, req.key, chain.caller, [req.operation.action])) continue;
      const answer = await this.decide(world, this.madeBy(world, req, chain.caller), limits);
      if (answer.decision === 'ALLOW') {
        const steps = chain.steps;
        return {
          ...answer, path: chain.path,
          matched: [...steps.flatMap((s) => s.matched), ...answer.matched], trace: [...steps.flatMap((s) => s.trace), ...answer.trace],
        };
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
  private async openChainAllows(world: World, req: Z3CheckRequest, definite: readonly ReachedChain[], limits: Limits): Promise<CheckAnswer | undefined> {
    const reached = new Set(definite.map((c) => identityOf(c.caller)));
    const { chains } = await this.roleChains(world, req.caller, req.overrides, limits, 'open-steps-taken');
    for (const chain of chains) {
      if (reached.has(identityOf(chain.caller))) continue;
      const answer = await this.decide(world, this.madeBy(world, req, chain.caller), limits);
      if (answer.decision === 'DENY') continue;
      const openSteps = chain.steps.filter((a) => a.decision === 'UNKNOWN');
      const policies = [...openSteps.flatMap((s) => s.unknownPolicies ?? []), ...(answer.unknownPolicies ?? [])];
      return { decision: 'UNKNOWN', reason: 'UNKNOWN', trusted: false, path: chain.path, matched: [], trace: [], detail: unknownPoliciesDetail(policies), unknownPolicies: policies };
    }
    return undefined;
  }

  /** Role reachability per world, request context, limits and starting caller: a transitive check looks it up. */
  private readonly reachability = new WeakMap<World, Map<string, Promise<Reachability>>>();

  /**
   * Every role the caller can reach by assuming roles, each by a shortest chain, shortest first (ties by the
   * lexicographically smallest ARN sequence): the fixpoint of the role-assumption rules (src/semantics/roles.kp,
   * src/engine/role-reach.ts), whose steps are sts:AssumeRole questions to the KMS rules under this request's
   * context. A step that an unknown policy leaves open is not taken, or with 'open-steps-taken' it is (to find
   * what an unknown policy could let the caller reach). Computed once per world, context (a step's conditions are
   * decided under it), limits and caller, and shared by every check that asks.
   */
  roleChains(
    world: World, caller: Caller, overrides: ContextEntries, limits: Limits, open: 'open-steps-refused' | 'open-steps-taken' = 'open-steps-refused',
  ): Promise<Reachability> {
    let perWorld = this.reachability.get(world);
    if (!perWorld) { perWorld = new Map(); this.reachability.set(world, perWorld); }
    const id = JSON.stringify([caller.arn, contextMemoKey(world, overrides), limitsKey(limits), open]);
    let pending = perWorld.get(id);
    if (!pending) {
      pending = this.searchRoleChains(world, caller, overrides, limits, open);
      perWorld.set(id, pending);
      // A search with an undecided step (a time-out) is not kept: a later question may have the time to decide it.
      const memo = perWorld;
      void pending.then((r) => { if (r.undecided && memo.get(id) === pending) memo.delete(id); });
    }
    return pending;
  }

  private async searchRoleChains(
    world: World, caller: Caller, overrides: ContextEntries, limits: Limits, open: 'open-steps-refused' | 'open-steps-taken',
  ): Promise<Reachability> {
    let undecided: CheckAnswer | undefined;
    const { reached } = await reachRoles<{ answer: CheckAnswer }>(world, caller, async (from, role) => {
      const answer = await this.canAssume(world, from, role, overrides, limits);
      if (answer.decision === 'ALLOW') return { status: 'allowed', answer };
      if (answer.decision !== 'UNKNOWN') return { status: 'denied' };
      if (answer.unknownPolicies) return open === 'open-steps-taken' ? { status: 'allowed', answer } : { status: 'denied' };
      undecided ??= answer;
      return { status: 'unknown', why: answer.detail ?? 'the solver could not decide' };
    });
    const chains = reached.map((r) => ({ caller: r.caller, path: r.path, steps: r.steps.map((s) => s.answer) }));
    return { chains, ...(undecided ? { undecided } : {}) };
  }

  solve(program: Program, env: Environment, goals: readonly string[], limits: Limits, conditions: readonly BoolTerm[] = []) {
    return solveQuestion(this.session, program, env, goals, limits, conditions);
  }

  pairSolver(question: PairQuestion, limits: Limits) {
    return PairSolver.create(this.session, question, limits);
  }

  solveCompiled(compiled: CompiledProgram, env: Environment, goals: readonly string[], limits: Limits, conditions: readonly BoolTerm[] = []) {
    return solveCompiled(this.session, compiled, env, goals, limits, conditions);
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
