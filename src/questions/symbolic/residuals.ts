/**
 * Questions asked once per distinct residual (issue 14.1). A question about a concrete caller compiles, with the
 * caller's ARN, account, tags, organization and policies as constants, to a residual formula over what the request
 * may still choose (its context). Callers that differ only in what folded away leave the same residual: on a
 * generated world of 500 principals, 7,837 questions about three keys left 38 distinct residuals. Z3 is asked about
 * the first; the others reuse its verdict, and for "allowed" its model (each atom's truth, the values it chose).
 *
 * The key is the residual itself: every formula Z3 would be given (non-constant atom definitions, side
 * conditions, conditions, the goal) and the open context keys and linked fields the model is read from. Equal
 * keys mean Z3 would be given the same formulas, so the verdict carries over exactly; the model carries over as a
 * model of the same formulas. Every reported access is still checked by the reference evaluator.
 */
import { createHash } from 'node:crypto';
import type { CompiledProgram, GroundAtom } from '../../smt/compile.js';
import type { SymbolicKey } from '../../smt/context-model.js';
import type { BoolTerm, StringTerm } from '../../smt/term.js';
import type { ContextEntries } from '../../request/derive-context.js';

/** What a model of a residual says: each non-constant atom's truth, the context values chosen, the open fields. */
export interface ResidualModel {
  atoms: ReadonlyMap<string, boolean>;
  chosen: ContextEntries;
  linked: ContextEntries;
  fields: Readonly<Record<string, string>>;
}

export type ResidualVerdict = { status: 'unsat' } | { status: 'sat'; model: ResidualModel };

export interface ResidualStats {
  /** Questions asked through the memo. */
  questions: number;
  /** Decided by folding alone: the goal's definition is a constant. */
  folded: number;
  /** Distinct residuals (each asked of Z3 once). */
  distinct: number;
}

export interface ResidualParts {
  compiled: CompiledProgram;
  goal: BoolTerm;
  sideConditions: readonly BoolTerm[];
  conditions: readonly BoolTerm[];
  open: readonly SymbolicKey[];
  linked: ReadonlyMap<string, StringTerm>;
  fields: Readonly<Record<string, StringTerm>>;
}

/** The residual's canonical text, hashed: what Z3 would be given, and where the answer is read from. */
export function residualKey(parts: ResidualParts): string {
  const hash = createHash('sha256');
  for (const [name, definition] of parts.compiled.definitions) {
    if (definition.op !== 'const') hash.update(`${name}=${JSON.stringify(definition)}\n`);
  }
  hash.update(JSON.stringify([
    parts.goal, parts.sideConditions, parts.conditions, parts.open, [...parts.linked],
    Object.entries(parts.fields).filter(([, t]) => t.op !== 'string'),
  ]));
  return hash.digest('base64');
}

/** Each non-constant atom of the compiled program, with the predicate and arguments a model is asked about. */
export function openAtoms(compiled: CompiledProgram): GroundAtom[] {
  return [...compiled.atoms.values()].filter((a) => compiled.definitions.get(a.name)?.op !== 'const');
}

/** Verdicts per residual, for one key's questions (who-can, or one key of an audit). */
export class ResidualMemo {
  private readonly verdicts = new Map<string, ResidualVerdict>();
  readonly stats: ResidualStats = { questions: 0, folded: 0, distinct: 0 };

  get(key: string): ResidualVerdict | undefined {
    return this.verdicts.get(key);
  }

  set(key: string, verdict: ResidualVerdict): void {
    if (!this.verdicts.has(key)) this.stats.distinct++;
    this.verdicts.set(key, verdict);
  }
}

const memos = new WeakMap<object, ResidualMemo>();

/** The memo of a key's questions: residuals differ between keys (the key's ARN, policy and grants fold in). */
export function residualMemoOf(key: object): ResidualMemo {
  let memo = memos.get(key);
  if (!memo) { memo = new ResidualMemo(); memos.set(key, memo); }
  return memo;
}
