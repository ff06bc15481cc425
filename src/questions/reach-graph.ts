/**
 * The graph of who reaches what: identities and outside classes, the roles they assume, and the keys they can
 * use, each edge with the statements or grant that create it. Built from an audit's per-key access.
 */
import type { MatchedStatement } from '../answer.js';
import { parseArn } from '../policy/arn.js';
import { identityOf, type Caller } from '../request/caller.js';
import { CLASS_ORIGIN, matchedOf, type KeyAccess } from './audit.js';
import type { GraphEdge, GraphNode, ReachGraph } from './audit-result.js';

function nodeOfIdentity(id: string): GraphNode {
  const arn = parseArn(id);
  const resource = arn?.resource ?? id;
  const kind: GraphNode['kind'] = resource === 'root' ? 'root' : resource.startsWith('role/') ? 'role' : resource.startsWith('user/') ? 'user' : 'service';
  return { id, kind, label: kind === 'root' ? `${arn?.account} root` : resource.replace(/^(user|role)\//, ''), ...(arn?.account ? { account: arn.account } : {}) };
}

export class ReachGraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();

  private node(node: GraphNode): void {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
  }

  private edge(from: string, to: string, kind: GraphEdge['kind'], operation: string | undefined, by: MatchedStatement[], conditions: string[]): void {
    const id = `${kind} ${from} ${to}`;
    const edge = this.edges.get(id) ?? { from, to, kind, operations: [], by, conditions };
    if (operation && !edge.operations.includes(operation)) edge.operations.push(operation);
    this.edges.set(id, edge);
  }

  addKey(access: KeyAccess): void {
    const { key } = access;
    this.node({ id: key.arn, kind: 'key', label: key.aliases[0] ?? key.arn.replace(/^.*:key\//, 'key/'), account: key.accountId });
    const identity = (caller: Caller) => { const id = identityOf(caller); this.node(nodeOfIdentity(id)); return id; };
    for (const [id, byAction] of access.direct) {
      for (const found of byAction.values()) {
        identity(found.caller);
        this.edge(id, key.arn, 'key-access', found.operation.action, matchedOf(found), []);
      }
    }
    for (const byAction of access.chained.values()) {
      for (const found of byAction.values()) {
        identity(found.caller);
        const { path, steps } = found.chain;
        for (let i = 1; i < path.length; i++) {
          this.node(nodeOfIdentity(path[i]!));
          this.edge(path[i - 1]!, path[i]!, 'assume-role', undefined, steps[i - 1] ?? [], []);
        }
      }
    }
    for (const found of access.classes) {
      // The audit tables name a class by its value (`*`, an account id, ...): the node uses the same id.
      const id = found.cls.value;
      this.node({ id, kind: 'outside', label: found.cls.kind === 'anyone' ? 'anyone' : `${CLASS_ORIGIN[found.cls.kind]} ${found.cls.value}` });
      this.edge(id, key.arn, 'key-access', found.operation.action, found.outcome.matched, []);
    }
  }

  build(): ReachGraph {
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }
}
