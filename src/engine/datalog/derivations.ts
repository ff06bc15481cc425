/**
 * The facts a fixpoint evaluation knows (datalog/fixpoint.ts), each with its first derivation: the round that
 * derived it, the rule, and the body's facts. Indexed by round (semi-naive evaluation reads the last round's
 * facts) and by each argument's value (joins look facts up by a bound argument).
 */
import type { Rule } from '../../ir/ast.js';

export interface Fact {
  readonly predicate: string;
  readonly args: readonly string[];
}

export const fact = (predicate: string, ...args: string[]): Fact => ({ predicate, args });

export interface Derivation {
  readonly fact: Fact;
  /** The round that first derived it; 0 for a given fact. */
  readonly round: number;
  /** The rule of that first derivation (none for a given fact). */
  readonly rule?: Rule;
  /** The body's facts in that derivation, in body order: stored facts and confirmed demand rows. */
  readonly premises: readonly Fact[];
}

/** The facts of one predicate, in derivation order. */
export class Relation {
  readonly all: Derivation[] = [];
  private readonly byRound: Derivation[][] = [];
  private readonly byArgument: Map<string, Derivation[]>[] = [];

  add(derivation: Derivation): void {
    this.all.push(derivation);
    (this.byRound[derivation.round] ??= []).push(derivation);
    derivation.fact.args.forEach((value, i) => {
      const index = (this.byArgument[i] ??= new Map());
      const list = index.get(value);
      if (list) list.push(derivation);
      else index.set(value, [derivation]);
    });
  }

  ofRound(round: number): readonly Derivation[] {
    return this.byRound[round] ?? [];
  }

  /** Facts whose argument at `position` is `value`. */
  withArgument(position: number, value: string): readonly Derivation[] {
    return this.byArgument[position]?.get(value) ?? [];
  }
}

/** Facts by predicate, then argument by argument: a lookup builds no key. */
interface Trie {
  next: Map<string, Trie>;
  derivation?: Derivation;
}

export class Derivations {
  private readonly relations = new Map<string, Relation>();
  private readonly roots = new Map<string, Trie>();

  /** The derivations of a predicate's facts, in the order they were derived (by round, so shortest first). */
  of(predicate: string): readonly Derivation[] {
    return this.relations.get(predicate)?.all ?? [];
  }

  get(f: Fact): Derivation | undefined {
    let node = this.roots.get(f.predicate);
    for (const arg of f.args) node = node?.next.get(arg);
    return node?.derivation;
  }

  has(predicate: string, args: readonly string[]): boolean {
    return this.get({ predicate, args }) !== undefined;
  }

  relation(predicate: string): Relation | undefined {
    return this.relations.get(predicate);
  }

  /** Adds a derivation unless its fact is known; true when added. */
  add(derivation: Derivation): boolean {
    const { predicate, args } = derivation.fact;
    let node: Trie | undefined = this.roots.get(predicate);
    if (!node) { node = { next: new Map() }; this.roots.set(predicate, node); }
    for (const arg of args) {
      let child: Trie | undefined = node.next.get(arg);
      if (!child) { child = { next: new Map() }; node.next.set(arg, child); }
      node = child;
    }
    if (node.derivation) return false;
    node.derivation = derivation;
    let relation = this.relations.get(predicate);
    if (!relation) { relation = new Relation(); this.relations.set(predicate, relation); }
    relation.add(derivation);
    return true;
  }
}
