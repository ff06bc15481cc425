/**
 * Role assumption for symbolic questions: one sts:AssumeRole question per (identity, role) step, asked only when
 * the trust policy could name the identity, cached per world. Chains, forwards (what-can) and backwards (who-can,
 * audit), are the fixpoint of the recursive rules of src/semantics/roles.kp over those steps.
 */
import type { MatchedStatement } from '../../answer.js';
import { trustCouldName } from '../../engine/principal-prefilter.js';
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import { evaluate, fact, type DemandRelation } from '../../engine/datalog/fixpoint.js';
import { symbolicRoleChains, type SymbolicChain } from '../../engine/role-reach.js';
import type { Limits } from '../../engine/solve-question.js';
import { callersOfWorld, identityOf, sessionOf, type Caller } from '../../request/caller.js';
import { contextFromEntries } from '../../request/context.js';
import { assumeRoleContext, mergeContext, type ContextEntries } from '../../request/derive-context.js';
import { roleRules } from '../../semantics/roles.js';
import type { Role, World } from '../../world/model.js';
import { assumeRoleQuestionStrings, groupCallers } from './caller-groups.js';
import { ask, worldSubject, type Subject } from './request.js';

/** A step's answer: the context values its request needs, impossible, or undecided (never taken for "no"). */
export type AssumeStepOutcome = { status: 'allowed'; context: ContextEntries; matched: MatchedStatement[] } | { status: 'denied' } | { status: 'unknown'; why: string };

export type { SymbolicChain } from '../../engine/role-reach.js';

/** Roles reached, and the steps that could not be decided (so the answer is incomplete). */
export interface ReachedRoles {
  chains: SymbolicChain[];
  undecided: string[];
}

type StepCache = Map<string, Promise<AssumeStepOutcome>>;

/** Steps depend on the world, the caller and the role, not on the key or operation: cached per world. */
const stepCaches = new WeakMap<World, StepCache>();

function stepsOf(world: World): StepCache {
  let cache = stepCaches.get(world);
  if (!cache) { cache = new Map(); stepCaches.set(world, cache); }
  return cache;
}

const stepId = (caller: Caller, role: Role) => `${identityOf(caller)} -> ${role.arn}`;

/**
 * Can the caller assume the role, for some request context? Asked once per world, caller and role; both searches
 * ask it only for a role whose trust policy could name the caller (trustCouldName), so it does not filter again.
 */
function assumeStep(rt: QuestionRuntime, world: World, caller: Caller, role: Role, limits: Limits): Promise<AssumeStepOutcome> {
  const steps = stepsOf(world);
  let step = steps.get(stepId(caller, role));
  if (!step) {
    const subject: Subject = {
      ...worldSubject(world, undefined, caller),
      fixed: assumeRoleContext(world, caller, role.accountId, []),
    };
    step = ask(rt, world, { kind: 'assume-role', role }, subject, limits).then((o): AssumeStepOutcome => {
      if (o.status !== 'allowed') return o;
      const derived = contextFromEntries(subject.fixed);
      return { status: 'allowed', context: o.context.filter(([k]) => !derived.has(k)), matched: o.matched };
    });
    steps.set(stepId(caller, role), step);
  }
  return step;
}

/** Chains per representative, per world: they depend on neither the key nor the operation. */
const chainCaches = new WeakMap<World, Map<string, Promise<ReachedRoles>>>();

/** Role chains are shared by callers that no trust policy, SCP, RCP or own policy tells apart. */
const chainGroups = new WeakMap<World, Map<string, Caller>>();

function chainRepresentative(world: World, caller: Caller): Caller {
  let representatives = chainGroups.get(world);
  if (!representatives) {
    representatives = new Map();
    for (const group of groupCallers(world, callersOfWorld(world), assumeRoleQuestionStrings(world))) {
      for (const member of group) representatives.set(identityOf(member), group[0]!);
    }
    chainGroups.set(world, representatives);
  }
  return representatives.get(identityOf(caller)) ?? caller;
}

/** The role chains of a caller, shortest first, each with the request context its steps need. */
export async function roleChainsOf(rt: QuestionRuntime, world: World, caller: Caller, limits: Limits): Promise<ReachedRoles> {
  const representative = chainRepresentative(world, caller);
  let cached = chainCaches.get(world);
  if (!cached) { cached = new Map(); chainCaches.set(world, cached); }
  let pending = cached.get(identityOf(representative));
  if (!pending) {
    // The closure is the fixpoint of src/semantics/roles.kp (src/engine/role-reach.ts); each step one question.
    pending = symbolicRoleChains(world, representative, (c, role) => assumeStep(rt, world, c, role, limits));
    cached.set(identityOf(representative), pending);
  }
  const reached = await pending;
  if (representative === caller) return reached;
  return { ...reached, chains: reached.chains.map((c) => ({ ...c, path: [identityOf(caller), ...c.path.slice(1)] })) };
}

/**
 * The callers of the world that can reach one of `targets` (role ARNs) by assuming roles, each with its shortest
 * chain to the nearest target (ties broken by the lexicographically smallest sequence of role ARNs): the backward rules of src/semantics/roles.kp (reaches_target), evaluated by the
 * fixpoint of src/engine/datalog/fixpoint.ts, so that only steps into roles that lead to a target are asked
 * (who-can asks this per key; most keys are reached by few roles). Callers that the role's trust policy, SCPs,
 * RCPs and their own policies cannot tell apart share one step question (src/questions/symbolic/caller-groups.ts).
 */
export async function callersReaching(rt: QuestionRuntime, world: World, targets: ReadonlySet<string>, limits: Limits): Promise<{ chains: Map<string, SymbolicChain>; undecided: string[] }> {
  const callers = callersOfWorld(world);
  const callerById = new Map(callers.map((c) => [identityOf(c), c]));
  const roleOf = new Map([...world.accounts.values()].flatMap((a) => [...a.roles.values()].map((r) => [r.arn, r] as const)));
  const undecided: string[] = [];
  const allowed = new Map<string, Extract<AssumeStepOutcome, { status: 'allowed' }>>();
  // Per role: who could be named by its trust policy, each with the member of its group that is asked.
  const candidatesOf = new Map<string, Map<string, Caller>>();
  const candidates = (role: Role): Map<string, Caller> => {
    let asked = candidatesOf.get(role.arn);
    if (!asked) {
      asked = new Map();
      const named = callers.filter((c) => identityOf(c) !== role.arn && trustCouldName(role, c));
      for (const group of groupCallers(world, named, assumeRoleQuestionStrings(world, role))) {
        for (const member of group) asked.set(identityOf(member), group[0]!);
      }
      candidatesOf.set(role.arn, asked);
    }
    return asked;
  };
  const stepInto: DemandRelation = {
    boundPositions: [1],
    candidates: ([roleArn]) => { const role = roleOf.get(roleArn!); return role ? [...candidates(role).keys()].map((id) => [id, roleArn!]) : []; },
    async confirm([id, roleArn]) {
      const role = roleOf.get(roleArn!)!;
      const representative = candidates(role).get(id!)!;
      const step = await assumeStep(rt, world, representative, role, limits);
      if (step.status === 'unknown') undecided.push(`${identityOf(representative)} assuming ${role.arn}: ${step.why}`);
      if (step.status !== 'allowed') return false;
      allowed.set(`${id} -> ${roleArn}`, step);
      return true;
    },
  };
  // Targets and each round's callers read in ARN order: a caller's first derivation then steps into the smallest
  // role one step nearer a target, and since that role's chain is canonical too, the caller's chain is the
  // canonical one (as what-can's forward search finds it): shortest, ties broken by the lexicographically smallest
  // sequence of role ARNs.
  const byArn = (a: readonly string[], b: readonly string[]) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0);
  const derived = await evaluate(roleRules(), [...targets].map((t) => fact('target', t)), new Map([['step_into', stepInto]]),
    new Map([['target', byArn], ['reaches_target', byArn]]));
  const chains = new Map<string, SymbolicChain>();
  for (const d of derived.of('reaches_target')) {
    const id = d.fact.args[0]!;
    const caller = callerById.get(id);
    if (!caller) continue;
    const path = [id];
    const steps: MatchedStatement[][] = [];
    let context: ContextEntries = [];
    for (let hop = d; ;) {
      const into = hop.premises.find((p) => p.predicate === 'step_into')!;
      const next = into.args[1]!;
      const step = allowed.get(`${into.args[0]} -> ${next}`)!;
      path.push(next);
      steps.push(step.matched);
      context = mergeContext(context, step.context);
      const further = derived.get(fact('reaches_target', next));
      if (targets.has(next) || !further) break;
      hop = further;
    }
    chains.set(id, { caller: sessionOf(roleOf.get(path[path.length - 1]!)!), path, context, steps });
  }
  return { chains, undecided };
}

/** A service principal that can assume a role, with the trust statements that let it. */
export interface ServiceAssumption {
  service: string;
  role: string;
  matched: MatchedStatement[];
}

/**
 * The AWS service principals that can assume `role`: each one its trust policy names in a `Service` principal
 * (iam/reference_policies_elements_principal.md, "AWS service principals"), asked as an sts:AssumeRole step like
 * any caller's. Services are no callers of the world, so role chains never start from them; the graph shows
 * them as the role's source all the same. An undecided step is reported, never taken for "no".
 */
export async function servicesAssuming(rt: QuestionRuntime, world: World, role: Role, limits: Limits, undecided: string[]): Promise<ServiceAssumption[]> {
  const named = new Set<string>();
  for (const statement of role.trustPolicy?.document.statements ?? []) {
    if (statement.effect !== 'Allow') continue;
    for (const entry of statement.principal ?? []) if (entry.type === 'Service' && !entry.value.includes('*')) named.add(entry.value);
  }
  const found: ServiceAssumption[] = [];
  for (const service of [...named].sort()) {
    const step = await assumeStep(rt, world, { kind: 'service', arn: service, service }, role, limits);
    if (step.status === 'unknown') undecided.push(`${service} assuming ${role.arn}: ${step.why}`);
    if (step.status === 'allowed') found.push({ service, role: role.arn, matched: step.matched });
  }
  return found;
}
