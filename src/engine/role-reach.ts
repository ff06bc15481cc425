/**
 * Role chains from the recursive rules of src/semantics/roles.kp: every role an identity can reach by assuming
 * roles one after another, each with a shortest chain, shortest chains first. The closure is the fixpoint's
 * (datalog/fixpoint.ts); each step stays one sts:AssumeRole question, answered by the caller's decider, asked
 * only for a role whose trust policy could name the identity (principal-prefilter.ts) and only when it would reach
 * a role not yet reached, so no more questions are asked than a breadth-first search asks.
 */
import type { MatchedStatement } from '../answer.js';
import { identityOf, sessionOf, type Caller } from '../request/caller.js';
import { mergeContext, type ContextEntries } from '../request/derive-context.js';
import { roleRules } from '../semantics/roles.js';
import type { Role, World } from '../world/model.js';
import { evaluate, fact, type DemandRelation, type Derivation, type Derivations, type Fact } from './datalog/fixpoint.js';
import { trustCouldName } from './principal-prefilter.js';
import { trustCandidates } from '../request/trust-candidates.js';

/** What one sts:AssumeRole question answered; an allowed step carries what the decider found (S). */
export type StepOutcome<S extends object> = ({ status: 'allowed' } & S) | { status: 'denied' } | { status: 'unknown'; why: string };

export type AllowedStep<S extends object> = Extract<StepOutcome<S>, { status: 'allowed' }>;

/** Asks whether the caller may assume the role. */
export type StepDecider<S extends object> = (caller: Caller, role: Role) => Promise<StepOutcome<S>>;

export interface ReachedRole<S extends object> {
  /** A session of the role reached. */
  caller: Caller;
  /** The starting identity, then each role assumed. */
  path: string[];
  /** Each step's answer, in chain order. */
  steps: AllowedStep<S>[];
}

export interface UndecidedStep {
  from: string;
  role: string;
  why: string;
}

export interface RoleReach<S extends object> {
  /**
   * Every role reached, shortest chains first (breadth-first order), each by its shortest chain with the
   * lexicographically smallest sequence of role ARNs; chains of one length in that order.
   */
  reached: ReachedRole<S>[];
  /** Steps the decider could not decide: a role behind one of them may be missing. */
  undecided: UndecidedStep[];
}

const STEP = 'step';
const REACH = 'reach';

/** Every role the start identity can reach, through the fixpoint of roles.kp. */
export async function reachRoles<S extends object>(world: World, start: Caller, decide: StepDecider<S>): Promise<RoleReach<S>> {
  // Candidates in ARN order: a round's facts then come in the order of their chains' role ARNs (each is its
  // parent's chain, in the last round's order, plus one role), so the first derivation of reach(X, R), the chain
  // kept, is the canonical one: shortest, ties broken by the lexicographically smallest sequence of role ARNs.
  const roles = [...world.accounts.values()].flatMap((a) => [...a.roles.values()]).sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  const roleByArn = new Map(roles.map((r) => [r.arn, r]));
  const startId = identityOf(start);
  // An identity acts as itself at the start and as a session of its role once reached.
  const callerOf = (id: string): Caller => (id === startId ? start : sessionOf(roleByArn.get(id)!));
  const allowed = new Map<string, AllowedStep<S>>();
  const undecided: UndecidedStep[] = [];
  const stepKey = (row: readonly string[]) => `${row[0]} -> ${row[1]}`;
  const step: DemandRelation = {
    boundPositions: [0],
    // Roles whose trust policy could name the caller, by ARN (the canonical order of chains: shortest first, ties by
    // the lexicographically smallest ARN sequence); the prefilter and the question come only for a new role.
    candidates: ([from]) => trustCandidates(world, callerOf(from!)).map((role) => [from!, role.arn]),
    async confirm(row) {
      const [caller, role] = [callerOf(row[0]!), roleByArn.get(row[1]!)!];
      if (!trustCouldName(role, caller)) return false;
      const outcome = await decide(caller, role);
      if (outcome.status === 'unknown') undecided.push({ from: row[0]!, role: row[1]!, why: outcome.why });
      if (outcome.status !== 'allowed') return false;
      allowed.set(stepKey(row), outcome as AllowedStep<S>);
      return true;
    },
  };
  const derived = await evaluate(roleRules(), [fact('start', startId)], new Map([[STEP, step]]));
  const reached = derived.of(REACH)
    .filter((d) => d.fact.args[0] === startId)
    .map((d) => {
      const chain = stepFacts(derived, d);
      return { caller: callerOf(d.fact.args[1]!), path: [startId, ...chain.map((s) => s.args[1]!)], steps: chain.map((s) => allowed.get(stepKey(s.args))!) };
    });
  return { reached, undecided };
}

/** The step facts of a fact's first derivation, left to right: the chain it stands for. */
function stepFacts(derived: Derivations, derivation: Derivation): Fact[] {
  return derivation.premises.flatMap((premise) => {
    if (premise.predicate === STEP) return [premise];
    const inner = derived.get(premise);
    return inner && inner.round > 0 ? stepFacts(derived, inner) : [];
  });
}

/** What a symbolic step question gives: the context values its request needs and the statements that allow it. */
export interface SymbolicStep {
  context: ContextEntries;
  matched: MatchedStatement[];
}

/** An identity reached by role assumption, with the request context each step needed (e.g. MFA). */
export interface SymbolicChain {
  caller: Caller;
  path: string[];
  /** Context values the steps' requests carry (only those a request chooses; derived values are left out). */
  context: ContextEntries;
  /** For each step, the statements that allow it (trust policy, IAM policies). */
  steps: MatchedStatement[][];
}

/**
 * The role chains of a caller for symbolic questions (who-can, what-can), shortest first, and the steps that could
 * not be decided. A chain carries its steps' context values merged, later steps winning.
 */
export async function symbolicRoleChains(
  world: World, caller: Caller, decide: StepDecider<SymbolicStep>,
): Promise<{ chains: SymbolicChain[]; undecided: string[] }> {
  const { reached, undecided } = await reachRoles(world, caller, decide);
  return {
    chains: reached.map((r) => ({
      caller: r.caller, path: r.path, context: mergeContext(...r.steps.map((s) => s.context)), steps: r.steps.map((s) => s.matched),
    })),
    undecided: undecided.map((u) => `${u.from} assuming ${u.role}: ${u.why}`),
  };
}
