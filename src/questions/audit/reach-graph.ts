/**
 * The graph of who reaches what: identities and outside classes, the roles they assume, and the keys they can
 * use, each edge with the statements or grant that create it. Built from an audit's per-key access.
 */
import type { MatchedStatement } from '../../answer.js';
import { parseArn } from '../../policy/arn.js';
import type { KmsOperation } from '../../kms/operations.js';
import type { Key, World } from '../../world/model.js';
import { describeRequirements } from '../access/explanation.js';
import type { Requirement } from '../access/requirements.js';
import { CLASS_ORIGIN, type GraphEdge, type GraphNode, type ReachGraph } from './result.js';
import { describeAccess, describeClassAccess, type KeyAccess } from '../access/key-access.js';
import type { ServiceAssumption } from '../symbolic/role-steps.js';

function nodeOfIdentity(id: string): GraphNode {
  const arn = parseArn(id);
  const resource = arn?.resource ?? id;
  const kind: GraphNode['kind'] = resource === 'root' ? 'root' : resource.startsWith('role/') ? 'role' : resource.startsWith('user/') ? 'user' : 'service';
  return { id, kind, label: kind === 'root' ? `${arn?.account} root` : resource.replace(/^(user|role)\//, ''), ...(arn?.account ? { account: arn.account } : {}) };
}

export class ReachGraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();

  constructor(private readonly world: World) {}

  private node(node: GraphNode): void {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
  }

  /**
   * One edge per kind and pair of nodes, with every operation; its statements and conditions are the first found
   * (those of the request the edge stands for: the role assumption, or the KMS request).
   */
  private edge(from: string, to: string, kind: GraphEdge['kind'], operation: KmsOperation | undefined, by: MatchedStatement[], requires: readonly Requirement[]): void {
    const id = `${kind} ${from} ${to}`;
    const edge = this.edges.get(id) ?? { from, to, kind, operations: [], by, conditions: describeRequirements(requires) };
    if (operation && !edge.operations.includes(operation.action)) edge.operations.push(operation.action);
    this.edges.set(id, edge);
  }

  addKey(access: KeyAccess): void {
    const { key } = access;
    this.node({ id: key.arn, kind: 'key', label: key.aliases[0] ?? key.arn.replace(/^.*:key\//, 'key/'), account: key.accountId });
    for (const [id, byAction] of access.direct) {
      this.node(nodeOfIdentity(id));
      for (const found of byAction.values()) {
        const { final, requires } = describeAccess(this.world, key, found);
        this.edge(id, key.arn, 'key-access', found.operation, final, requires);
      }
    }
    for (const [id, byAction] of access.chained) {
      this.node(nodeOfIdentity(id));
      for (const found of byAction.values()) {
        const { path, steps } = found.chain;
        const { requires } = describeAccess(this.world, key, found);
        for (let i = 1; i < path.length; i++) {
          this.node(nodeOfIdentity(path[i]!));
          this.edge(path[i - 1]!, path[i]!, 'assume-role', undefined, steps[i - 1] ?? [], requires.filter((r) => r.assuming === path[i]));
        }
      }
    }
    for (const found of access.classes) {
      // The audit tables name a class by its value (`*`, an account id, ...): the node uses the same id.
      const id = found.cls.value;
      this.node({ id, kind: 'outside', label: found.cls.kind === 'anyone' ? 'anyone' : `${CLASS_ORIGIN[found.cls.kind]} ${found.cls.value}` });
      const { final, requires } = describeClassAccess(this.world, key, found);
      this.edge(id, key.arn, 'key-access', found.operation, final, requires);
    }
  }

  /** A service that can assume a role of the graph: a node of its own, with an edge to the role. */
  addServiceAssumption(assumption: ServiceAssumption): void {
    this.node({ id: assumption.service, kind: 'service', label: assumption.service });
    this.edge(assumption.service, assumption.role, 'assume-role', undefined, assumption.matched, []);
  }

  /** The roles drawn so far (those that can use the key, or that a chain to it assumes). */
  roles(): string[] {
    return [...this.nodes.values()].filter((node) => node.kind === 'role').map((node) => node.id);
  }

  build(): ReachGraph {
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }
}
