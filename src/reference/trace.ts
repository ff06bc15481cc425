/** Records the flowchart's questions as the evaluator asks them (kms/policy-evaluation.md). */
import type { MatchedStatement, TraceStep } from '../answer.js';

export class Trace {
  readonly steps: TraceStep[] = [];
  /** The part of the flowchart that the next questions belong to. */
  part: TraceStep['part'] = 'use-authorization';
  /** Which identity the next questions are about (set while following role chains). */
  note: string | undefined;

  /** Records the question and returns its answer, so rules read as `if (trace.ask(...))`. */
  ask(question: string, answer: boolean, by: readonly MatchedStatement[] = []): boolean {
    this.steps.push({ part: this.part, question, answer, by: [...by], ...(this.note ? { note: this.note } : {}) });
    return answer;
  }
}
