/**
 * Role assumption for symbolic questions: one sts:AssumeRole question per (identity, role) step, asked only when
 * the trust policy could name the identity, cached per world; chains are the shortest paths over those steps.
 */
import type { MatchedStatement } from '../answer.js';
import type { QuestionRuntime } from '../engine/question-runtime.js';
import { trustCouldName } from '../engine/principal-prefilter.js';
import type { Limits } from '../engine/solve-question.js';
import { callersOfWorld, identityOf, sessionOf, type Caller } from '../request/caller.js';
import { contextFromEntries } from '../request/context.js';
import { assumeRoleContext, mergeContext, type ContextEntries } from '../request/derive-context.js';
import type { Role, World } from '../world/model.js';
import { assumeRoleQuestionStrings, groupCallers } from './caller-groups.js';
import { ask, worldSubject, type Subject } from './symbolic-request.js';

/** An identity reached by role assumption, with the request context each step needed (e.g. MFA). */
export interface SymbolicChain {
  caller: Caller;
  path: string[];
  /** Context values the steps' requests carry (only those a request chooses; derived values are left out). */
  context: ContextEntries;
  /** For each step, the statements that allow it (trust policy, IAM policies). */
  steps: MatchedStatement[][];
}

/** A step's answer: the context values its request needs, impossible, or undecided (never taken for "no"). */
export type StepOutcome = { status: 'allowed'; context: ContextEntries; matched: MatchedStatement[] } | { status: 'denied' } | { status: 'unknown'; why: string };

/**
 * The roles a caller can reach by assuming roles, shortest chains first. A step is possible when some
 * sts:AssumeRole request context allows it: trust-policy conditions on keys a request sets (MFA, source
 * identity, external id, time) are left to the solver, as in who-can itself. Steps are cached per world.
 */
async function symbolicRoleChains(rt: QuestionRuntime, world: World, caller: Caller, limits: Limits): Promise<ReachedRoles> {
  const roles = [...world.accounts.values()].flatMap((a) => [...a.roles.values()]);
  const visited = new Set([identityOf(caller)]);
  const reached: ReachedRoles = { chains: [], undecided: [] };
  let frontier: SymbolicChain[] = [{ caller, path: [identityOf(caller)], context: [], steps: [] }];
  while (frontier.length > 0) {
    const next: SymbolicChain[] = [];
    for (const hop of frontier) {
      for (const role of roles) {
        if (visited.has(role.arn)) continue;
        const step = await assumeStep(rt, world, hop.caller, role, limits);
        if (step.status === 'unknown') reached.undecided.push(`${identityOf(hop.caller)} assuming ${role.arn}: ${step.why}`);
        if (step.status !== 'allowed') continue;
        visited.add(role.arn);
        next.push({ caller: sessionOf(role), path: [...hop.path, role.arn], context: mergeContext(hop.context, step.context), steps: [...hop.steps, step.matched] });
      }
    }
    reached.chains.push(...next);
    frontier = next;
  }
  return reached;
}

/** Roles reached, and the steps that could not be decided (so the answer is incomplete). */
export interface ReachedRoles {
  chains: SymbolicChain[];
  undecided: string[];
}

type StepCache = Map<string, Promise<StepOutcome>>;

/** Steps depend on the world, the caller and the role, not on the key or operation: cached per world. */
const stepCaches = new WeakMap<World, StepCache>();

function stepsOf(world: World): StepCache {
  let cache = stepCaches.get(world);
  if (!cache) { cache = new Map(); stepCaches.set(world, cache); }
  return cache;
}

const stepId = (caller: Caller, role: Role) => `${identityOf(caller)} -> ${role.arn}`;

/** Can the caller assume the role, for some request context? Asked once per world, caller and role. */
function assumeStep(rt: QuestionRuntime, world: World, caller: Caller, role: Role, limits: Limits): Promise<StepOutcome> {
  if (!trustCouldName(role, caller)) return Promise.resolve({ status: 'denied' });
  const steps = stepsOf(world);
  let step = steps.get(stepId(caller, role));
  if (!step) {
    const subject: Subject = {
      ...worldSubject(world, undefined, caller),
      fixed: assumeRoleContext(world, caller, role.accountId, []),
    };
    step = ask(rt, world, { kind: 'assume-role', role }, subject, limits).then((o): StepOutcome => {
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
    pending = symbolicRoleChains(rt, world, representative, limits);
    cached.set(identityOf(representative), pending);
  }
  const reached = await pending;
  if (representative === caller) return reached;
  return { ...reached, chains: reached.chains.map((c) => ({ ...c, path: [identityOf(caller), ...c.path.slice(1)] })) };
}

/**
 * The callers of the world that can reach one of `targets` (role ARNs) by assuming roles, each with its shortest
 * chain to the nearest target: a search backwards from the targets, so that only steps into roles that lead to a
 * target are asked (who-can asks this per key; most keys are reached by few roles). Callers that the role's trust
 * policy, SCPs, RCPs and their own policies cannot tell apart share one step question.
 */
export async function callersReaching(rt: QuestionRuntime, world: World, targets: ReadonlySet<string>, limits: Limits): Promise<{ chains: Map<string, SymbolicChain>; undecided: string[] }> {
  const callers = callersOfWorld(world);
  const roleOf = new Map([...world.accounts.values()].flatMap((a) => [...a.roles.values()].map((r) => [r.arn, r] as const)));
  const hops = new Map<string, { role: Role; context: ContextEntries; matched: MatchedStatement[] }>();
  const settled = new Set(targets);
  const undecided: string[] = [];
  let frontier = [...targets].map((arn) => roleOf.get(arn)).filter((r): r is Role => r !== undefined);
  while (frontier.length > 0) {
    const next: Role[] = [];
    for (const role of frontier) {
      const candidates = callers.filter((c) => !settled.has(identityOf(c)) && trustCouldName(role, c));
      for (const group of groupCallers(world, candidates, assumeRoleQuestionStrings(world, role))) {
        const step = await assumeStep(rt, world, group[0]!, role, limits);
        if (step.status === 'unknown') undecided.push(`${identityOf(group[0]!)}${group.length > 1 ? ` (and ${group.length - 1} principals with the same policies)` : ''} assuming ${role.arn}: ${step.why}`);
        if (step.status !== 'allowed') continue;
        for (const member of group) {
          const id = identityOf(member);
          if (settled.has(id)) continue;
          settled.add(id);
          hops.set(id, { role, context: step.context, matched: step.matched });
          if (member.kind === 'role-session') next.push(member.role);
        }
      }
    }
    frontier = next;
  }
  const chains = new Map<string, SymbolicChain>();
  for (const caller of callers) {
    const id = identityOf(caller);
    if (!hops.has(id)) continue;
    const path = [id];
    const steps: MatchedStatement[][] = [];
    let context: ContextEntries = [];
    for (let hop = hops.get(id); hop; hop = hops.get(hop.role.arn)) {
      path.push(hop.role.arn);
      steps.push(hop.matched);
      context = mergeContext(context, hop.context);
    }
    const last = roleOf.get(path[path.length - 1]!)!;
    chains.set(id, { caller: sessionOf(last), path, context, steps });
  }
  return { chains, undecided };
}
