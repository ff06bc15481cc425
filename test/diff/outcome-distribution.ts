/**
 * How often each outcome occurs over the generated cases. The generators are weighted so that every reason and both
 * values of `trusted` are common: a differential test that nearly always answers IMPLICIT_DENY tests little.
 */
import type { CheckAnswer } from '../../src/answer.js';

export const OUTCOMES = ['ALLOWED', 'EXPLICIT_DENY', 'IMPLICIT_DENY', 'KEY_STATE', 'trusted', 'untrusted'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export class OutcomeDistribution {
  private readonly counts = new Map<Outcome, number>(OUTCOMES.map((o) => [o, 0]));
  private total = 0;

  add(answer: Pick<CheckAnswer, 'reason' | 'trusted'>): void {
    this.total++;
    if (answer.reason !== 'UNKNOWN') this.bump(answer.reason);
    this.bump(answer.trusted ? 'trusted' : 'untrusted');
  }

  /** The share of cases with each outcome, between 0 and 1. */
  shares(): Record<Outcome, number> {
    return Object.fromEntries(OUTCOMES.map((o) => [o, this.total === 0 ? 0 : this.counts.get(o)! / this.total])) as Record<Outcome, number>;
  }

  format(): string {
    const shares = this.shares();
    return OUTCOMES.map((o) => `${o.padEnd(14)} ${String(this.counts.get(o)).padStart(7)}  ${(shares[o] * 100).toFixed(1).padStart(5)}%`).join('\n');
  }

  private bump(outcome: Outcome): void {
    this.counts.set(outcome, this.counts.get(outcome)! + 1);
  }
}
