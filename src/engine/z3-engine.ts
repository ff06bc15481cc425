/**
 * The Z3 engine: a question is lowered to the intermediate form, joined with the KMS rules (kms.kp), compiled
 * to terms and handed to Z3, whose model gives the answer. Role assumption for `--transitive` asks the same
 * rules one sts:AssumeRole question per step, breadth-first, so the reported chain is a shortest one.
 */
import type { CheckAnswer } from '../answer.js';
import { lowerQuestion, type Question } from '../ir/lower/question.js';
import type { Program } from '../ir/ast.js';
import { sessionOf, type Caller } from '../request/caller.js';
import { contextFromEntries, type RequestContext } from '../request/context.js';
import { assumeRoleContext, type ContextEntries } from '../request/derive-context.js';
import { withCaller, type KmsRequest } from '../request/kms-request.js';
import { kmsRules } from '../semantics/kms-rules.js';
import { atomName, compileProgram, type CompiledProgram } from '../smt/compile.js';
import { Unsupported } from '../smt/unsupported.js';
import { concreteContext } from '../smt/context-model.js';
import type { Environment } from '../smt/encode-constraint.js';
import { checkWithin, openSession, type Z3Session } from '../smt/solver.js';
import { Z3Encoder } from '../smt/z3-encoder.js';
import type { Role, World } from '../world/model.js';
import { explain, type QuestionLabels } from './explain.js';

export interface Z3CheckOptions {
  transitive?: boolean;
  /** Time limit per solver query, in milliseconds (default 10 s). */
  timeoutMs?: number;
  /** Z3's deterministic resource limit per query (`rlimit`): the same budget gives the same answer on any machine. */
  resourceLimit?: number;
}

interface Limits {
  timeoutMs: number;
  resourceLimit?: number;
}

export interface Z3Engine {
  check(world: World, request: KmsRequest, options?: Z3CheckOptions): Promise<CheckAnswer>;
  /** Ends Z3's worker threads once no engine uses them. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function callerFields(caller: Caller): Environment['fields'] {
  return {
    principal: caller.arn,
    kind: caller.kind,
    account: caller.kind === 'service' ? '' : caller.accountId,
    role: caller.kind === 'role-session' ? caller.roleArn : '',
  };
}

function pathId(caller: Caller): string {
  return caller.kind === 'role-session' ? caller.roleArn : caller.arn;
}

class Engine implements Z3Engine {
  /** Lowered questions per world: a batch of checks pays the lowering once per key, role and caller. */
  private readonly lowered = new WeakMap<World, Map<string, Program>>();

  constructor(private readonly session: Z3Session) {}

  private program(world: World, question: Question, id: string): Program {
    let perWorld = this.lowered.get(world);
    if (!perWorld) { perWorld = new Map(); this.lowered.set(world, perWorld); }
    let program = perWorld.get(id);
    if (!program) {
      program = { rules: [...kmsRules().rules, ...lowerQuestion(world, question).rules] };
      perWorld.set(id, program);
    }
    return program;
  }

  /** Compiles the question for this request and reads the answer off a Z3 model. */
  private async ask(program: Program, env: Environment, labels: QuestionLabels, path: string[], limits: Limits): Promise<CheckAnswer> {
    let compiled: CompiledProgram;
    try {
      compiled = compileProgram(program, env);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      return { decision: 'UNKNOWN', reason: 'UNKNOWN', trusted: false, path, matched: [], trace: [], detail: `unsupported: ${error.message}` };
    }
    const z3 = this.session.ctx;
    const encoder = new Z3Encoder(z3);
    const solver = new z3.Solver();
    solver.set('timeout', limits.timeoutMs);
    if (limits.resourceLimit !== undefined) solver.set('rlimit', limits.resourceLimit);
    for (const [name, definition] of compiled.definitions) solver.add(encoder.atom(name).eq(encoder.bool(definition)));
    const verdict = await checkWithin(limits.timeoutMs, () => solver.check(), () => solver.model(), () => solver.reasonUnknown());
    if (verdict.status !== 'sat') {
      const detail = verdict.status === 'unknown' ? verdict.why : 'the rules have no model (a bug: please report it)';
      return { decision: 'UNKNOWN', reason: 'UNKNOWN', trusted: false, path, matched: [], trace: [], detail };
    }
    const model = verdict.model;
    const holds = (predicate: string, ...args: string[]): boolean => {
      const name = atomName(predicate, args);
      const definition = compiled.definitions.get(name);
      if (definition === undefined) return false;
      if (definition.op === 'const') return definition.value;
      return z3.isTrue(model.eval(encoder.atom(name), true));
    };
    return explain(compiled, holds, labels, path);
  }

  private decideKms(world: World, req: KmsRequest, limits: Limits): Promise<CheckAnswer> {
    const { caller, key, operation } = req;
    const program = this.program(world, { kind: 'kms', key, caller }, `kms ${key.arn} ${pathId(caller)}`);
    const env: Environment = { fields: { ...callerFields(caller), action: operation.action, resource: key.arn }, context: concreteContext(req.context) };
    return this.ask(program, env, { policy: 'the key policy', action: operation.action, keyState: key.state }, [pathId(caller)], limits);
  }

  private async canAssume(world: World, caller: Caller, role: Role, overrides: ContextEntries, limits: Limits): Promise<CheckAnswer> {
    const program = this.program(world, { kind: 'assume-role', role, caller }, `assume ${role.arn} ${pathId(caller)}`);
    const context: RequestContext = contextFromEntries(assumeRoleContext(world, caller, role.accountId, overrides));
    const env: Environment = { fields: { ...callerFields(caller), action: 'sts:AssumeRole', resource: role.arn }, context: concreteContext(context) };
    const answer = await this.ask(program, env, { policy: 'the trust policy', action: 'sts:AssumeRole' }, [pathId(caller)], limits);
    return { ...answer, trace: answer.trace.map((s) => ({ ...s, part: 'role-assumption', note: `${caller.arn} assumes ${role.arn}` })) };
  }

  async check(world: World, req: KmsRequest, options: Z3CheckOptions = {}): Promise<CheckAnswer> {
    const limits: Limits = {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.resourceLimit !== undefined ? { resourceLimit: options.resourceLimit } : {}),
    };
    const direct = await this.decideKms(world, req, limits);
    if (direct.decision !== 'DENY' || !options.transitive) return direct;
    const roles = [...world.accounts.values()].flatMap((a) => [...a.roles.values()]);
    const visited = new Set([pathId(req.caller)]);
    let frontier = [{ caller: req.caller, path: [pathId(req.caller)], matched: direct.matched.slice(0, 0), trace: direct.trace.slice(0, 0) }];
    let undecided: CheckAnswer | undefined;
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const hop of frontier) {
        for (const role of roles) {
          if (visited.has(role.arn)) continue;
          const assumption = await this.canAssume(world, hop.caller, role, req.overrides, limits);
          if (assumption.decision === 'UNKNOWN') { undecided ??= assumption; continue; }
          if (assumption.decision !== 'ALLOW') continue;
          visited.add(role.arn);
          const reached = {
            caller: sessionOf(role), path: [...hop.path, role.arn],
            matched: [...hop.matched, ...assumption.matched], trace: [...hop.trace, ...assumption.trace],
          };
          const answer = await this.decideKms(world, withCaller(world, req, reached.caller), limits);
          if (answer.decision === 'ALLOW') {
            return { ...answer, path: reached.path, matched: [...reached.matched, ...answer.matched], trace: [...reached.trace, ...answer.trace] };
          }
          if (answer.decision === 'UNKNOWN') undecided ??= answer;
          next.push(reached);
        }
      }
      frontier = next;
    }
    // A chain the solver could not decide might have allowed: the honest answer is then UNKNOWN, not DENY.
    return undecided ? { ...undecided, path: [pathId(req.caller)] } : direct;
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

export async function createZ3Engine(): Promise<Z3Engine> {
  return new Engine(await openSession());
}
