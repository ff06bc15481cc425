/**
 * A semi-naive fixpoint for positive Datalog over string constants: the evaluator of the role-assumption rules
 * (src/semantics/roles.kp). Z3's fixpoint engine (muZ) was measured for this job and set aside
 * (docs/role-assumption.md): it needs every step before it starts, while a step here is an SMT question worth
 * asking only once its caller is reached, and it gives no chains.
 *
 * Round k joins the facts first derived in round k - 1 with older ones, so the round that first derives a fact is
 * the length of its shortest derivation, and the premises kept for that derivation give a shortest one. Rules,
 * facts and candidate rows are taken in a fixed order (a round's facts in derivation order, or in a given order),
 * so the result is deterministic.
 *
 * Relations computed outside the rules are "demand" relations: cheap candidates for bound arguments, and an
 * expensive confirmation asked only when a candidate would derive a new fact.
 */
import { InternalError } from '../../errors.js';
import type { Program, Rule, Term } from '../../ir/ast.js';
import { Derivations, type Fact } from './derivations.js';

export { fact, type Derivation, type Fact, Derivations } from './derivations.js';

export interface DemandRelation {
  /** The argument positions that must be bound when the rules look the relation up. */
  readonly boundPositions: readonly number[];
  /** Rows (whole tuples) that may hold for the bound arguments' values: a sound over-approximation, in a fixed order. */
  candidates(bound: readonly string[]): Iterable<readonly string[]>;
  /** Whether a candidate row holds: asked at most once per row and evaluation, only when it would derive a new fact. */
  confirm(row: readonly string[]): boolean | Promise<boolean>;
}

/** A term with its variable numbered: matching binds slots of an array, undone on backtracking. */
type Slot = { kind: 'constant'; value: string } | { kind: 'variable'; index: number };

interface CompiledAtom {
  predicate: string;
  args: Slot[];
}

type BodyStep =
  | { kind: 'stored'; atom: CompiledAtom; order: number }
  | { kind: 'demand'; atom: CompiledAtom; relation: DemandRelation }
  | { kind: 'compare'; equal: boolean; left: Slot; right: Slot };

interface CompiledRule {
  rule: Rule;
  head: CompiledAtom;
  body: BodyStep[];
  variables: number;
  /** How many stored atoms the body has: semi-naive evaluation takes each in turn as the one reading new facts. */
  storedCount: number;
}

function unsupported(rule: Rule, why: string): never {
  const where = rule.provenance ? ` (${rule.provenance.policy}, ${rule.provenance.sid})` : '';
  throw new InternalError(`the fixpoint evaluates positive rules over string constants; rule for ${rule.head.predicate}${where}: ${why}`);
}

/** Numbers a rule's variables and checks it against what matching does: left to right, each variable bound before it is tested. */
function compileRule(rule: Rule, demand: ReadonlyMap<string, DemandRelation>): CompiledRule {
  const numbers = new Map<string, number>();
  const bound = new Set<number>();
  const slot = (t: Term): Slot => {
    if (t.kind === 'field') unsupported(rule, `request field $${t.name} (there is no request here)`);
    if (t.kind === 'string') return { kind: 'constant', value: t.value };
    let index = numbers.get(t.name);
    if (index === undefined) { index = numbers.size; numbers.set(t.name, index); }
    return { kind: 'variable', index };
  };
  const needBound = (slots: Slot[], what: string) => {
    if (slots.some((s) => s.kind === 'variable' && !bound.has(s.index))) unsupported(rule, `${what} needs its variables bound by an earlier atom`);
  };
  const body: BodyStep[] = [];
  let storedCount = 0;
  for (const literal of rule.body) {
    if (literal.kind === 'constraint') {
      const c = literal.constraint;
      if (c.kind !== 'compare') unsupported(rule, `constraint '${c.kind}' (only == and != between terms)`);
      const [left, right] = [slot(c.left), slot(c.right)];
      needBound([left, right], 'a comparison');
      body.push({ kind: 'compare', equal: c.op === '==', left, right });
      continue;
    }
    if (literal.negated) unsupported(rule, `negated atom ${literal.atom.predicate}`);
    const atom = { predicate: literal.atom.predicate, args: literal.atom.args.map(slot) };
    const relation = demand.get(atom.predicate);
    if (relation) {
      if (relation.boundPositions.some((i) => i >= atom.args.length)) unsupported(rule, `${atom.predicate} has too few arguments`);
      needBound(relation.boundPositions.map((i) => atom.args[i]!), atom.predicate);
      body.push({ kind: 'demand', atom, relation });
    } else {
      body.push({ kind: 'stored', atom, order: storedCount++ });
    }
    for (const s of atom.args) if (s.kind === 'variable') bound.add(s.index);
  }
  if (!body.some((s) => s.kind !== 'compare')) unsupported(rule, 'no positive atom in the body');
  const head = { predicate: rule.head.predicate, args: rule.head.args.map(slot) };
  needBound(head.args, 'the head');
  return { rule, head, body, variables: numbers.size, storedCount };
}

/** A body satisfied by stored facts and demand candidates, whose head was not known; the candidates need confirming. */
interface Match {
  head: Fact;
  premises: Fact[];
  unconfirmed: Array<{ relation: DemandRelation; row: readonly string[] }>;
}

/**
 * The order in which the next round reads one round's facts of a predicate (derivation order when none is
 * given). Since the first derivation of a fact is kept, this decides which of equally short derivations is kept.
 */
export type RoundOrder = ReadonlyMap<string, (a: readonly string[], b: readonly string[]) => number>;

/**
 * Evaluates the program's rules over the given facts (and the program's own facts) to their least fixpoint.
 * `demand` names the relations computed outside the rules; every other body predicate is stored.
 */
export async function evaluate(
  program: Program, given: readonly Fact[], demand: ReadonlyMap<string, DemandRelation>, order: RoundOrder = new Map(),
): Promise<Derivations> {
  const derived = new Derivations();
  const rules: CompiledRule[] = [];
  for (const rule of program.rules) {
    if (rule.body.length > 0) { rules.push(compileRule(rule, demand)); continue; }
    const args = rule.head.args.map((t) => (t.kind === 'string' ? t.value : unsupported(rule, 'a fact must be ground')));
    derived.add({ fact: { predicate: rule.head.predicate, args }, round: 0, rule, premises: [] });
  }
  for (const f of given) derived.add({ fact: f, round: 0, premises: [] });
  const confirmed = new Map<DemandRelation, Map<string, boolean>>();
  for (let round = 1; ; round++) {
    let added = 0;
    for (const compiled of rules) {
      // A rule without stored atoms fires once. Otherwise each stored atom in turn reads the facts of the last round
      // (stored atoms before it read older facts, those after it every known fact), so that no match repeats.
      const turns = compiled.storedCount === 0 ? (round === 1 ? [-1] : []) : [...Array(compiled.storedCount).keys()];
      for (const turn of turns) {
        const matcher = new Matcher(compiled, derived, turn, round, order);
        // The matches of one of the last round's facts at a time: each is checked against the facts derived just
        // before it, and no more than one fact's matches are held (the windows keep this round's facts out).
        for (const seed of matcher.seeds()) {
          for (const match of matcher.matchesFrom(seed)) {
            if (derived.has(match.head.predicate, match.head.args)) continue;
            const holds = allConfirmed(match, confirmed);
            if (!(typeof holds === 'boolean' ? holds : await holds)) continue;
            derived.add({ fact: match.head, round, rule: compiled.rule, premises: match.premises });
            added++;
          }
        }
      }
    }
    if (added === 0) return derived;
  }
}

/**
 * Whether every demand row of the match holds, confirming each at most once per evaluation in order. Synchronous
 * while the answers are at hand (most are, in a large closure); a promise only once a relation has to be asked.
 */
function allConfirmed(match: Match, confirmed: Map<DemandRelation, Map<string, boolean>>, from = 0): boolean | Promise<boolean> {
  for (let i = from; i < match.unconfirmed.length; i++) {
    const { relation, row } = match.unconfirmed[i]!;
    let memo = confirmed.get(relation);
    if (!memo) { memo = new Map(); confirmed.set(relation, memo); }
    const key = row.join('\u0000');
    const known = memo.get(key);
    if (known === false) return false;
    if (known === true) continue;
    const answer = relation.confirm(row);
    if (typeof answer === 'boolean') {
      memo.set(key, answer);
      if (!answer) return false;
      continue;
    }
    return answer.then((holds) => {
      memo.set(key, holds);
      return holds && allConfirmed(match, confirmed, i + 1);
    });
  }
  return true;
}

/**
 * Matches one rule's body in one round, with `turn` the stored atom that reads the last round's facts (-1: the body
 * has none). That atom is matched first, one fact (seed) at a time; the rest of the body in written order.
 */
class Matcher {
  private readonly last: number;
  private readonly values: Array<string | undefined>;
  private readonly premises: Array<Fact | undefined>;
  private readonly unconfirmed: Match['unconfirmed'] = [];
  private readonly turnIndex: number;

  constructor(
    private readonly compiled: CompiledRule, private readonly derived: Derivations, private readonly turn: number, round: number,
    private readonly order: RoundOrder,
  ) {
    this.last = round - 1;
    this.values = new Array(compiled.variables);
    this.premises = new Array(compiled.body.length);
    this.turnIndex = compiled.body.findIndex((s) => s.kind === 'stored' && s.order === turn);
  }

  /** The last round's facts of the turn's atom (one empty seed when the body has no stored atom). */
  seeds(): readonly (readonly string[] | undefined)[] {
    if (this.turnIndex < 0) return [undefined];
    const step = this.compiled.body[this.turnIndex] as Extract<BodyStep, { kind: 'stored' }>;
    const seeds = (this.derived.relation(step.atom.predicate)?.ofRound(this.last) ?? []).map((d) => d.fact.args);
    const compare = this.order.get(step.atom.predicate);
    return compare ? [...seeds].sort(compare) : seeds;
  }

  /** The matches that bind the turn's atom to the seed, whose heads are not known yet, in order. */
  matchesFrom(seed: readonly string[] | undefined): Match[] {
    const found: Match[] = [];
    if (seed === undefined) { this.visit(0, found); return found; }
    const step = this.compiled.body[this.turnIndex] as Extract<BodyStep, { kind: 'stored' }>;
    const trail = this.bind(step.atom.args, seed);
    if (!trail) return found;
    this.premises[this.turnIndex] = { predicate: step.atom.predicate, args: seed };
    this.visit(0, found);
    this.unbind(trail);
    return found;
  }

  private valueOf(s: Slot): string | undefined {
    return s.kind === 'constant' ? s.value : this.values[s.index];
  }

  /** Binds the atom's free variables to the tuple: the slots it bound (to undo), or undefined when it does not match. */
  private bind(args: readonly Slot[], tuple: readonly string[]): number[] | undefined {
    if (args.length !== tuple.length) return undefined;
    const trail: number[] = [];
    for (let i = 0; i < args.length; i++) {
      const s = args[i]!;
      const known = this.valueOf(s);
      if (known === undefined && s.kind === 'variable') { this.values[s.index] = tuple[i]; trail.push(s.index); continue; }
      if (known !== tuple[i]) { this.unbind(trail); return undefined; }
    }
    return trail;
  }

  private unbind(trail: readonly number[]): void {
    for (const t of trail) this.values[t] = undefined;
  }

  private visit(i: number, found: Match[]): void {
    const body = this.compiled.body;
    if (i === this.turnIndex) { this.visit(i + 1, found); return; }
    if (i === body.length) {
      const head = { predicate: this.compiled.head.predicate, args: this.compiled.head.args.map((s) => this.valueOf(s)!) };
      if (this.derived.has(head.predicate, head.args)) return;
      found.push({ head, premises: this.premises.filter((p): p is Fact => p !== undefined), unconfirmed: [...this.unconfirmed] });
      return;
    }
    const step = body[i]!;
    if (step.kind === 'compare') {
      if ((this.valueOf(step.left) === this.valueOf(step.right)) === step.equal) this.visit(i + 1, found);
      return;
    }
    const rows = step.kind === 'demand'
      ? step.relation.candidates(step.relation.boundPositions.map((p) => this.valueOf(step.atom.args[p]!)!))
      : this.storedRows(step.atom, step.order);
    for (const row of rows) {
      const trail = this.bind(step.atom.args, row);
      if (!trail) continue;
      this.premises[i] = { predicate: step.atom.predicate, args: row };
      if (step.kind === 'demand') this.unconfirmed.push({ relation: step.relation, row });
      this.visit(i + 1, found);
      if (step.kind === 'demand') this.unconfirmed.pop();
      this.premises[i] = undefined;
      this.unbind(trail);
    }
  }

  /** The stored facts in the atom's window: older than the last round before the turn, every known one after it. */
  private storedRows(atom: CompiledAtom, order: number): Array<readonly string[]> {
    const relation = this.derived.relation(atom.predicate);
    if (!relation) return [];
    const limit = order < this.turn ? this.last - 1 : this.last;
    const position = atom.args.findIndex((s) => this.valueOf(s) !== undefined);
    const facts = position >= 0 ? relation.withArgument(position, this.valueOf(atom.args[position]!)!) : relation.all;
    return facts.filter((d) => d.round <= limit).map((d) => d.fact.args);
  }
}
