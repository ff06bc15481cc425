/**
 * A deterministic layered layout of the reachability graph, for the HTML report: columns from left to right are
 * the principals (world identities, services and outside classes), then the roles in order of how deep in a role
 * chain they are, then the keys. An edge that skips columns (a user's direct access to a key, past the roles) gets
 * a waypoint in each column it crosses, as in Sugiyama's method, so that it passes between the nodes rather than
 * behind them. Inside a column, nodes and waypoints are ordered to keep edges short and uncrossed (barycenter
 * sweeps). Only the columns and their order are computed here; the page places them in pixels, so it can close
 * up a column when the filters hide some of it.
 *
 * The layout depends only on the nodes and edges, not on the order the audit lists nodes in; waypoints name their
 * edge by its index in `graph.edges`.
 */
import type { GraphEdge, GraphNode, ReachGraph } from '../../../questions/audit/result.js';

/** A node, or the place where an edge crosses the column (`waypoint` is the edge's index in `graph.edges`). */
export type LayerItem = { node: string } | { waypoint: number };

export interface GraphLayer {
  title: string;
  /** Top to bottom. */
  items: LayerItem[];
}

export interface GraphLayout {
  /** Left to right; every node of the graph is in exactly one layer; every layer has a node. */
  layers: GraphLayer[];
}

/** Forward and backward sweeps of the ordering; a few settle small and medium graphs. */
const ORDERING_SWEEPS = 4;

/** The order of kinds inside the principals' column before the sweeps start. */
const KIND_RANK: Record<GraphNode['kind'], number> = { root: 0, user: 1, role: 2, service: 3, outside: 4, key: 5 };

interface IndexedEdge {
  edge: GraphEdge;
  index: number;
}

/** The ordering works on item keys; their first letter tells nodes from waypoints, so they never collide. */
const nodeKey = (id: string) => `n\u0000${id}`;
const waypointKey = (edge: number, layer: number) => `w\u0000${edge}\u0000${layer}`;

export function layoutGraph(graph: ReachGraph): GraphLayout {
  const nodes = uniqueNodesById(graph.nodes);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const edges: IndexedEdge[] = graph.edges
    .map((edge, index) => ({ edge, index }))
    .filter(({ edge }) => edge.from !== edge.to && byId.has(edge.from) && byId.has(edge.to))
    .sort((a, b) => compareText(a.edge.from, b.edge.from) || compareText(a.edge.to, b.edge.to) || a.index - b.index);

  const roleDepth = roleDepths(nodes, edges.map(({ edge }) => edge), byId);
  const deepestRole = Math.max(0, ...roleDepth.values());
  const layerOf = (id: string): number => {
    const node = byId.get(id) as GraphNode;
    return node.kind === 'key' ? deepestRole + 1 : node.kind === 'role' ? (roleDepth.get(id) as number) : 0;
  };

  const columns: GraphNode[][] = Array.from({ length: deepestRole + 2 }, () => []);
  for (const node of nodes) columns[layerOf(node.id)]?.push(node);
  const layers = columns.map((column) => column.sort(initialOrder).map((node) => nodeKey(node.id)));
  const items = new Map<string, LayerItem>(nodes.map((node) => [nodeKey(node.id), { node: node.id }]));
  const neighbours = new Map<string, string[]>();

  for (const { edge, index } of edges) {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    const chain = [nodeKey(edge.from)];
    for (let layer = from + 1; layer < to; layer++) {
      const key = waypointKey(index, layer);
      items.set(key, { waypoint: index });
      layers[layer]?.push(key);
      chain.push(key);
    }
    chain.push(nodeKey(edge.to));
    for (let i = 0; i + 1 < chain.length; i++) {
      pushTo(neighbours, chain[i] as string, chain[i + 1] as string);
      pushTo(neighbours, chain[i + 1] as string, chain[i] as string);
    }
  }
  orderByBarycenter(layers, neighbours);

  return {
    layers: layers
      .map((keys, index) => ({ title: layerTitle(index, deepestRole), items: keys.map((key) => items.get(key) as LayerItem) }))
      .filter((layer) => layer.items.some((item) => 'node' in item)),
  };
}

function uniqueNodesById(nodes: readonly GraphNode[]): GraphNode[] {
  const seen = new Map<string, GraphNode>();
  for (const node of [...nodes].sort((a, b) => compareText(a.id, b.id))) if (!seen.has(node.id)) seen.set(node.id, node);
  return [...seen.values()];
}

/**
 * How deep each role sits in a role chain: 1 for a role no other role assumes, otherwise one more than the deepest
 * role that assumes it. Role trust can be circular (A assumes B, B assumes A); the edges that close a cycle are
 * left out of the depth, found by a depth-first walk in id order so the choice is always the same.
 */
function roleDepths(nodes: readonly GraphNode[], edges: readonly GraphEdge[], byId: Map<string, GraphNode>): Map<string, number> {
  const isRole = (id: string) => byId.get(id)?.kind === 'role';
  const assumedBy = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.kind !== 'assume-role' || !isRole(edge.from) || !isRole(edge.to)) continue;
    pushTo(assumedBy, edge.from, edge.to);
  }
  const acyclicParents = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const visit = (role: string): void => {
    state.set(role, 'open');
    for (const next of assumedBy.get(role) ?? []) {
      if (state.get(next) === 'open') continue; // closes a cycle
      pushTo(acyclicParents, next, role);
      if (!state.has(next)) visit(next);
    }
    state.set(role, 'done');
  };
  const roles = nodes.filter((node) => node.kind === 'role').map((node) => node.id);
  for (const role of roles) if (!state.has(role)) visit(role);

  const depth = new Map<string, number>();
  const depthOf = (role: string): number => {
    const known = depth.get(role);
    if (known !== undefined) return known;
    const value = 1 + Math.max(0, ...(acyclicParents.get(role) ?? []).map(depthOf));
    depth.set(role, value);
    return value;
  };
  for (const role of roles) depthOf(role);
  return depth;
}

function initialOrder(a: GraphNode, b: GraphNode): number {
  return KIND_RANK[a.kind] - KIND_RANK[b.kind] || compareText(a.account ?? '', b.account ?? '') || compareText(a.id, b.id);
}

/**
 * Reorders each layer of item keys in place by the mean position of each item's neighbours in the layers already
 * placed: left to right, then right to left. An item with no such neighbour keeps its position; ties keep the
 * current order, so the result is deterministic.
 */
function orderByBarycenter(layers: string[][], neighbours: Map<string, string[]>): void {
  const layerIndex = new Map<string, number>();
  layers.forEach((ids, index) => ids.forEach((id) => layerIndex.set(id, index)));
  const position = new Map<string, number>();
  const place = (ids: readonly string[]) => ids.forEach((id, i) => position.set(id, (i + 0.5) / ids.length));
  layers.forEach(place);

  const reorder = (index: number, fromLeft: boolean) => {
    const ids = layers[index] as string[];
    const keyed = ids.map((id, i) => {
      const placed = (neighbours.get(id) ?? []).filter((other) => {
        const otherLayer = layerIndex.get(other) as number;
        return fromLeft ? otherLayer < index : otherLayer > index;
      });
      const mean = placed.length === 0
        ? (position.get(id) as number)
        : placed.reduce((sum, other) => sum + (position.get(other) as number), 0) / placed.length;
      return { id, mean, i };
    });
    keyed.sort((a, b) => a.mean - b.mean || a.i - b.i);
    layers[index] = keyed.map((entry) => entry.id);
    place(layers[index] as string[]);
  };

  for (let sweep = 0; sweep < ORDERING_SWEEPS; sweep++) {
    for (let index = 1; index < layers.length; index++) reorder(index, true);
    for (let index = layers.length - 2; index >= 0; index--) reorder(index, false);
  }
}

function layerTitle(index: number, deepestRole: number): string {
  if (index === 0) return 'principals and outside classes';
  if (index === deepestRole + 1) return 'keys';
  return deepestRole === 1 ? 'roles' : `roles, chain step ${index}`;
}

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Code-unit order, independent of the locale the report is rendered in. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
