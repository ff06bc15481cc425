/**
 * The decoder: what a Z3 model says of terms (Cedar's SymCC keeps it in one Decoder, and so does keyproof). Every
 * question (src/engine/solve-question.ts) and every search of diff (src/engine/pair-solver.ts) reads its model
 * through it. A model is a snapshot: it stays readable after the solver's scope is popped.
 */
import type { Z3Model, Z3Session } from './solver.js';
import { atomRef, type BoolTerm, type StringTerm } from './term.js';
import type { Z3Encoder } from './z3-encoder.js';

export interface ModelView {
  /** The model's value of a string term (a symbolic field or context slot); a constant is its own value. */
  value(term: StringTerm): string;
  /** The model's truth value of a Boolean term. */
  truth(term: BoolTerm): boolean;
  /** Whether the atom (by its compiled name) holds in the model. */
  atom(name: string): boolean;
}

export function modelView(session: Z3Session, encoder: Z3Encoder, model: Z3Model): ModelView {
  const z3 = session.ctx;
  const truth = (term: BoolTerm): boolean => z3.isTrue(model.eval(encoder.bool(term), true));
  return {
    truth,
    atom: (name) => truth(atomRef(name)),
    value(term) {
      if (term.op === 'string') return term.value;
      const evaluated = model.eval(encoder.string(term), true);
      return z3.isString(evaluated) ? session.stringValue(evaluated) : String(evaluated);
    },
  };
}
