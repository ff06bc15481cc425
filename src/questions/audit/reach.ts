/**
 * `reach`: the audit's answer seen from one principal, one key, or both: what the principal reaches (itself and
 * through roles) and who reaches the key, with the graph cut down to the paths between them.
 */
import type { AuditResult, ReachGraph } from './result.js';

export interface ReachFocus {
  /** An identity of the world (a role by its role ARN). */
  principal?: string;
}

/** Nodes and edges on some path that starts at `from` (edges point from principal to role to key). */
function downstream(graph: ReachGraph, from: string): ReachGraph {
  const keep = new Set([from]);
  for (let grew = true; grew;) {
    grew = false;
    for (const e of graph.edges) if (keep.has(e.from) && !keep.has(e.to)) { keep.add(e.to); grew = true; }
  }
  return { nodes: graph.nodes.filter((n) => keep.has(n.id)), edges: graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
}

/** Keeps what concerns the principal: its own access rows (direct or through roles), its findings, its graph. */
export function focusOnPrincipal(result: AuditResult, focus: ReachFocus): AuditResult {
  const principal = focus.principal;
  if (!principal) return result;
  const keys = result.keys.map((k) => ({
    ...k, groups: k.groups.map((g) => ({ ...g, access: g.access.filter((a) => a.principal === principal || a.path[0] === principal) })),
  })).filter((k) => k.groups.some((g) => g.access.length > 0));
  const findings = result.findings.filter((f) => f.principal === principal);
  return { ...result, keys, findings, graph: downstream(result.graph, principal) };
}
