/**
 * Role chains once per world (issues 12.5, 14.5): the reference's breadth-first search of role-assumption.ts
 * (`roleChains`, kept as the oracle) with two savings that do not change its answer:
 * - each step (caller, role) is decided once per world and request context, by `canAssumeRole`, and kept: a step's
 *   decision depends on its conditions only through the request context (`--context` values), so steps and
 *   chains are memoized per context (src/request/context-memo-key.ts), and a conditional step is never reused
 *   under another context;
 * - only roles whose trust policy could name the caller are tried (src/request/trust-candidates.ts): a trust
 *   policy that names nobody like the caller cannot let it in (iam/id_roles_use_permissions-to-switch.md).
 * Chains come in the canonical order: shortest first, ties by the lexicographically smallest sequence of role ARNs.
 */
import { identityOf, sessionOf, type Caller } from '../request/caller.js';
import { contextMemoKey } from '../request/context-memo-key.js';
import type { ContextEntries } from '../request/derive-context.js';
import type { RoleChain } from '../request/role-chain.js';
import { trustCandidates } from '../request/trust-candidates.js';
import type { Role, World } from '../world/model.js';
import { canAssumeRole, type AssumeRoleDecision } from './role-assumption.js';

interface ContextMemo {
  /** Step decisions by `caller ARN -> role ARN`. */
  steps: Map<string, AssumeRoleDecision>;
  /** Roles reached, by the starting caller's ARN. */
  chains: Map<string, ReachedRole[]>;
}

const memos = new WeakMap<World, Map<string, ContextMemo>>();

function memoOf(world: World, overrides: ContextEntries): ContextMemo {
  let byContext = memos.get(world);
  if (!byContext) { byContext = new Map(); memos.set(world, byContext); }
  const key = contextMemoKey(world, overrides);
  let memo = byContext.get(key);
  if (!memo) { memo = { steps: new Map(), chains: new Map() }; byContext.set(key, memo); }
  return memo;
}

function step(world: World, memo: ContextMemo, caller: Caller, role: Role, overrides: ContextEntries): AssumeRoleDecision {
  const id = `${caller.arn} -> ${role.arn}`;
  let decision = memo.steps.get(id);
  if (!decision) {
    decision = canAssumeRole(world, caller, role, overrides);
    memo.steps.set(id, decision);
  }
  return decision;
}

/** A role reached: its session, and its chain, built only when asked for (a long chain's arrays cost O(length)). */
export interface ReachedRole {
  caller: Caller;
  depth: number;
  chain(): RoleChain;
}

interface Node {
  caller: Caller;
  depth: number;
  parent?: Node;
  /** The step into this node's role; absent at the start. */
  assumption?: AssumeRoleDecision;
}

function chainOf(node: Node): RoleChain {
  const nodes: Node[] = [];
  for (let n: Node | undefined = node; n; n = n.parent) nodes.push(n);
  nodes.reverse();
  const steps = nodes.slice(1).map((n) => n.assumption!);
  return {
    caller: node.caller, path: nodes.map((n) => identityOf(n.caller)),
    matched: steps.flatMap((s) => s.by), trace: steps.flatMap((s) => s.trace.steps),
  };
}

/** Every role the caller can reach by assuming roles, each by its canonical shortest chain, shortest first. */
export function reachableRoles(world: World, caller: Caller, overrides: ContextEntries): ReachedRole[] {
  const memo = memoOf(world, overrides);
  const cached = memo.chains.get(caller.arn);
  if (cached) return cached;
  const visited = new Set<string>([identityOf(caller)]);
  const reached: ReachedRole[] = [];
  // The frontier stays in lexicographic order of paths: parents in order, each parent's roles by ARN.
  let frontier: Node[] = [{ caller, depth: 0 }];
  while (frontier.length > 0) {
    const next: Node[] = [];
    for (const hop of frontier) {
      for (const role of trustCandidates(world, hop.caller)) {
        if (visited.has(role.arn)) continue;
        const assumption = step(world, memo, hop.caller, role, overrides);
        if (!assumption.allowed) continue;
        visited.add(role.arn);
        next.push({ caller: sessionOf(role), depth: hop.depth + 1, parent: hop, assumption });
      }
    }
    for (const node of next) {
      let built: RoleChain | undefined;
      reached.push({ caller: node.caller, depth: node.depth, chain: () => (built ??= chainOf(node)) });
    }
    frontier = next;
  }
  memo.chains.set(caller.arn, reached);
  return reached;
}

/** The chains themselves (each built), in the same order. */
export function reachableChains(world: World, caller: Caller, overrides: ContextEntries): RoleChain[] {
  return reachableRoles(world, caller, overrides).map((r) => r.chain());
}
