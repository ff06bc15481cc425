/**
 * When do two engines agree? On decision, reason and trusted: the fields of interface.md section 2 that say what
 * the answer is (path and matched may legitimately differ in order or in which of several deciding statements is named).
 */
import type { CheckAnswer } from '../../src/answer.js';

export type AnswerSummary = Pick<CheckAnswer, 'decision' | 'reason' | 'trusted'>;

export function summary(answer: AnswerSummary): string {
  return `${answer.decision}/${answer.reason}/trusted=${answer.trusted}`;
}

export type Agreement = { agree: true; timedOut: boolean } | { agree: false; why: string };

/**
 * UNKNOWN is for a solver that ran out of time (interface.md section 2), accepted only when the run forced a time
 * limit, and for an answer that an unknown policy could change, which both engines must find.
 */
export function compareAnswers(reference: AnswerSummary, engine: AnswerSummary, timeoutForced: boolean): Agreement {
  // An answer that depends on a policy whose document is unknown is UNKNOWN on both engines (and the reference
  // answers UNKNOWN for nothing else).
  if (reference.decision === 'UNKNOWN') {
    return engine.decision === 'UNKNOWN' && engine.reason === 'UNKNOWN' && reference.reason === 'UNKNOWN'
      ? { agree: true, timedOut: false }
      : { agree: false, why: `reference ${summary(reference)} (an unknown policy) but engine ${summary(engine)}` };
  }
  if (engine.decision === 'UNKNOWN' || engine.reason === 'UNKNOWN') {
    return timeoutForced
      ? { agree: true, timedOut: true }
      : { agree: false, why: `the engine answered ${summary(engine)} without a forced time-out (reference: ${summary(reference)})` };
  }
  const same = reference.decision === engine.decision && reference.reason === engine.reason && reference.trusted === engine.trusted;
  return same
    ? { agree: true, timedOut: false }
    : { agree: false, why: `reference ${summary(reference)} but engine ${summary(engine)}` };
}
