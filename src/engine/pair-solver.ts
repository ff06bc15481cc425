/**
 * Two compilations of the rules in one solver: the old and the new world, their derived atoms kept apart by a
 * prefix while the request (fields, context, free facts) is shared, so that one model is one request asked of
 * both. A search asserts a goal (e.g. "new allows and old does not") and collects up to N models, blocking each
 * one's distinguishing feature before asking again. It is set up, and its models read, as every other question is
 * (solver-setup.ts, src/smt/model-view.ts), on the engine's session (QuestionRuntime.pairSolver).
 */
import type { Program } from '../ir/ast.js';
import type { CompiledProgram } from '../smt/compile.js';
import type { Environment } from '../smt/encode-constraint.js';
import { modelView, type ModelView } from '../smt/model-view.js';
import type { Verdict, Z3Model, Z3Session, Z3Solver } from '../smt/solver.js';
import { and, eq, FALSE, stringConst, type BoolTerm, type StringTerm } from '../smt/term.js';
import { Z3Encoder } from '../smt/z3-encoder.js';
import { deadlinePassed, queryTimeoutMs, type Limits } from './limits.js';
import { compileOrUndecided, isUndecided, limitedSolver, undecidedBy } from './solver-setup.js';

export type Side = 'old' | 'new';

/** Literal text, or a non-empty word of an alphabet (character ranges as in a regex class, e.g. `a-z0-9-`). */
export type ShapePart = { text: string } | { word: string };

/**
 * A string the request holds (a name, a key ARN) that must have a shape when `when` holds. Character classes are
 * written here rather than in src/smt/regex.ts because IAM patterns never need them. With `tidy`, a model whose
 * value is not `readable` is traded, when the rest of the request allows it, for one where it is `value`: the
 * solver's first choice for a name nothing constrains is often a string such as "+" or "\u{0}".
 */
export interface ShapedTerm {
  term: StringTerm;
  shape: ShapePart[];
  when: BoolTerm;
  tidy?: { readable: RegExp; value: string };
}

export interface PairQuestion {
  programs: Record<Side, Program>;
  env: Environment;
  /** Facts left open and shared by both sides (e.g. whether an unknown identity's IAM policies allow). */
  free: ReadonlySet<string>;
  conditions: readonly BoolTerm[];
  shaped: readonly ShapedTerm[];
}

export interface Search<T> {
  found: T[];
  /** Why the search stopped before it was sure there is no (further) model. */
  undecided?: string;
}

type Z3 = Z3Session['ctx'];

/** The atom the goals are made of: whether a side allows the request. */
const GOAL_ATOM = 'allow';

/** The derived atoms a root depends on: only their definitions need to reach the solver. */
function cone(compiled: CompiledProgram, root: string): Set<string> {
  const seen = new Set<string>();
  const visit = (t: BoolTerm): void => {
    switch (t.op) {
      case 'atom': {
        const definition = compiled.definitions.get(t.name);
        if (definition === undefined || seen.has(t.name)) return;
        seen.add(t.name);
        return visit(definition);
      }
      case 'not': return visit(t.arg);
      case 'and': case 'or': return t.args.forEach(visit);
      default: return;
    }
  };
  visit(compiled.term(root));
  return seen;
}

/** One or more characters of the alphabet: `a-z` is a range, any other character stands for itself. */
function wordOf(z3: Z3, alphabet: string) {
  const classes: ReturnType<Z3['Range']>[] = [];
  for (let i = 0; i < alphabet.length; i++) {
    const c = alphabet[i]!;
    const range = alphabet[i + 1] === '-' && i + 2 < alphabet.length;
    classes.push(range ? z3.Range(c, alphabet[i + 2]!) : z3.Range(c, c));
    if (range) i += 2;
  }
  return z3.Plus(classes.length === 1 ? classes[0]! : z3.Union(...classes));
}

function shapeOf(z3: Z3, shape: readonly ShapePart[]) {
  const parts = shape.map((p) => ('text' in p ? z3.Re.toRe(p.text) : wordOf(z3, p.word)));
  return parts.length === 1 ? parts[0]! : z3.ReConcat(...parts);
}

export class PairSolver {
  private constructor(
    private readonly session: Z3Session,
    private readonly ctx: Z3Session['ctx'],
    private readonly encoder: Z3Encoder,
    private readonly solver: Z3Solver,
    readonly compiled: Record<Side, CompiledProgram>,
    private readonly limits: Limits,
    private readonly tidied: readonly ShapedTerm[],
  ) {}

  /**
   * Compiles both sides into a new solver; what keeps the question from being asked (an unsupported construct, a
   * failure of the solver) is returned as the reason it is undecided.
   */
  static async create(session: Z3Session, question: PairQuestion, limits: Limits): Promise<PairSolver | { undecided: string }> {
    const compile = (side: Side) => compileOrUndecided(question.programs[side], question.env, { prefix: `${side}/`, free: question.free });
    const old = compile('old');
    if (isUndecided(old)) return { undecided: old.why };
    const fresh = compile('new');
    if (isUndecided(fresh)) return { undecided: fresh.why };
    const compiled = { old, new: fresh };
    const unavailable = await session.ready();
    if (unavailable !== undefined) return { undecided: unavailable };
    const z3 = session.ctx;
    try {
      const encoder = new Z3Encoder(z3);
      const solver = limitedSolver(session, limits, 'own');
      for (const c of [compiled.old, compiled.new]) {
        for (const name of cone(c, GOAL_ATOM)) solver.add(encoder.atom(name).eq(encoder.bool(c.definitions.get(name)!)));
      }
      for (const condition of [...question.env.context.sideConditions(), ...question.conditions]) solver.add(encoder.bool(condition));
      for (const s of question.shaped) solver.add(z3.Implies(encoder.bool(s.when), z3.InRe(encoder.string(s.term), shapeOf(z3, s.shape))));
      return new PairSolver(session, z3, encoder, solver, compiled, limits, question.shaped.filter((s) => s.tidy));
    } catch (error) {
      return { undecided: undecidedBy(session, error).why };
    }
  }

  /** Whether a side allows the request. */
  allows(side: Side): BoolTerm {
    return this.compiled[side].term(GOAL_ATOM);
  }

  /** A check, unless the session discarded this solver's context after a time-out or failure. */
  private check(): Promise<Verdict<Z3Model>> {
    if (!this.session.owns(this.ctx)) return Promise.resolve({ status: 'unknown', why: 'the solver was reset after an earlier query failed or overran its time limit' });
    const timeoutMs = queryTimeoutMs(this.limits);
    if (timeoutMs <= 0) return Promise.resolve({ status: 'unknown', why: deadlinePassed(this.limits) });
    this.solver.set('timeout', timeoutMs);
    return this.session.check(this.solver, timeoutMs);
  }

  /**
   * Gives the solver's memory back to Z3 now rather than when the garbage collector finds it: a diff builds a
   * solver per class of operations and case, and on a long-lived session (150 key-policy diffs) they outgrew
   * Z3's 2 GB before being collected.
   */
  release(): void {
    if (!this.session.owns(this.ctx)) return;
    try { this.solver.release(); } catch (error) { this.session.failed(error); }
  }

  /** Pops the solver's scope, unless its context was discarded (it is not touched again then). */
  private pop(): void {
    if (!this.session.owns(this.ctx)) return;
    try { this.solver.pop(); } catch (error) { this.session.failed(error); }
  }

  private view(model: Z3Model): ModelView {
    return modelView(this.session, this.encoder, model);
  }

  /** The model read with `read`, after trading unreadable values for tidy ones where the goal allows it. */
  private async readTidy<T>(model: ModelView, read: (model: ModelView) => T): Promise<T> {
    const untidy = this.tidied.filter((s) => model.truth(s.when) && !s.tidy!.readable.test(model.value(s.term)));
    if (untidy.length === 0) return read(model);
    this.solver.push();
    try {
      this.solver.add(this.encoder.bool(and(...untidy.map((s) => eq(s.term, stringConst(s.tidy!.value))))));
      const tidy = await this.check();
      return read(tidy.status === 'sat' ? this.view(tidy.model) : model);
    } finally {
      this.pop();
    }
  }

  /**
   * Models of `goal`, at most `max`: each is read with `read`, then `block` of what was read is asserted so the
   * next model differs. The goal and the blocks are retracted afterwards.
   */
  async search<T>(goal: BoolTerm, max: number, read: (model: ModelView) => T, block: (found: T) => BoolTerm = () => FALSE): Promise<Search<T>> {
    const found: T[] = [];
    this.solver.push();
    try {
      this.solver.add(this.encoder.bool(goal));
      while (found.length < max) {
        const verdict = await this.check();
        if (verdict.status === 'unsat') return { found };
        if (verdict.status === 'unknown') return { found, undecided: verdict.why };
        const item = await this.readTidy(this.view(verdict.model), read);
        found.push(item);
        this.solver.add(this.encoder.bool(block(item)));
      }
      return { found };
    } catch (error) {
      return { found, undecided: undecidedBy(this.session, error).why };
    } finally {
      this.pop();
    }
  }
}
