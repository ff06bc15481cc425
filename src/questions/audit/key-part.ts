/**
 * One key's share of an audit, as plain JSON data: its table, its findings, the part of the reach graph it adds
 * and what could not be decided. A whole audit is these parts put together in the world's key order
 * (assembleAudit), wherever each part was computed: in this process, on a worker thread, in another shard, or
 * read back from the cache. So every way of running the audit gives the same bytes.
 */
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { Limits } from '../../engine/solve-question.js';
import type { Caller } from '../../request/caller.js';
import type { Key, World } from '../../world/model.js';
import { keyAccess } from '../access/key-access.js';
import { auditKey } from './key-table.js';
import { findingsFor } from './findings.js';
import { ReachGraphBuilder } from './reach-graph.js';
import { servicesAssuming } from '../symbolic/role-steps.js';
import type { AuditKey, AuditOrganization, AuditResult, Finding, GraphEdge, ReachGraph } from './result.js';
import type { AccountAuditPart } from './account-part.js';

export interface KeyAuditPart {
  key: string;
  table: AuditKey;
  findings: Finding[];
  /** The nodes and edges this key adds to the graph, in the order found. */
  graph: ReachGraph;
  /** Questions about this key that could not be decided; empty when its answer is complete. */
  undecided: string[];
}

/**
 * The part as it reads back from JSON: optional fields left undefined are dropped, exactly as a cache file or a
 * shard's output drops them, so that a part computed here and one read back render the same.
 */
export function asJsonData<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export async function auditKeyPart(rt: QuestionRuntime, world: World, key: Key, callers: readonly Caller[], limits: Limits): Promise<KeyAuditPart> {
  const undecided: string[] = [];
  const access = await keyAccess(rt, world, key, callers, limits, undecided);
  const graph = new ReachGraphBuilder(world);
  graph.addKey(access);
  const roles = new Map([...world.accounts.values()].flatMap((account) => [...account.roles.values()].map((role) => [role.arn, role] as const)));
  for (const arn of graph.roles()) {
    const role = roles.get(arn);
    if (role) for (const assumption of await servicesAssuming(rt, world, role, limits, undecided)) graph.addServiceAssumption(assumption);
  }
  return asJsonData({ key: key.arn, table: auditKey(world, access), findings: findingsFor(world, access), graph: graph.build(), undecided });
}

/**
 * The graph of several keys: nodes by id, the first found; edges by kind and ends, with the statements and
 * conditions of the first found and the union of operations (ReachGraphBuilder's rule, applied across keys).
 */
function mergeGraphs(graphs: readonly ReachGraph[]): ReachGraph {
  const nodes = new Map<string, ReachGraph['nodes'][number]>();
  const edges = new Map<string, GraphEdge>();
  for (const graph of graphs) {
    for (const node of graph.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
    for (const edge of graph.edges) {
      const id = `${edge.kind} ${edge.from} ${edge.to}`;
      const known = edges.get(id);
      if (!known) { edges.set(id, { ...edge, operations: [...edge.operations] }); continue; }
      for (const op of edge.operations) if (!known.operations.includes(op)) known.operations.push(op);
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/**
 * The audit of a world from its keys' parts, given in the world's key order; with the per-account section
 * (account-part.ts) and the world's organization when there are.
 */
export function assembleAudit(
  worldFile: string, parts: readonly KeyAuditPart[], worldUndecided: readonly string[] = [],
  extras: { accountPart?: AccountAuditPart | undefined; organization?: AuditOrganization | undefined } = {},
): AuditResult {
  const { accountPart, organization } = extras;
  const undecided = [...worldUndecided, ...parts.flatMap((p) => p.undecided), ...(accountPart?.undecided ?? [])];
  return {
    world: worldFile,
    ...(organization ? { organization: { id: organization.id, accounts: [...organization.accounts] } } : {}),
    keys: parts.map((p) => p.table),
    ...(accountPart ? { accounts: accountPart.accounts } : {}),
    findings: parts.flatMap((p) => p.findings),
    graph: mergeGraphs(parts.map((p) => p.graph)),
    complete: undecided.length === 0,
    undecided,
  };
}
