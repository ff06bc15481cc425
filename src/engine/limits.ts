/** The solver's budget per query: a time limit, and optionally Z3's deterministic resource limit. */
export interface Limits {
  timeoutMs: number;
  resourceLimit?: number;
  /**
   * With an explicit time limit (`--timeout`), the time (Date.now()) by which the whole question must be done: the
   * limit bounds the command, not each solver query (issue 12.4). Queries get what is left; once it is spent,
   * they answer unknown without asking, and the answer is UNKNOWN / `complete: false`, naming why.
   */
  deadline?: number;
}

export interface LimitOptions {
  /** Time limit per solver query, in milliseconds (default 10 s). */
  timeoutMs?: number | undefined;
  /** Z3's deterministic resource limit per query (`rlimit`): the same budget gives the same answer on any machine. */
  resourceLimit?: number | undefined;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export function limitsOf(options: LimitOptions): Limits {
  return {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.resourceLimit !== undefined ? { resourceLimit: options.resourceLimit } : {}),
    ...(options.timeoutMs !== undefined ? { deadline: Date.now() + options.timeoutMs } : {}),
  };
}

/** What one query may take: its time limit, cut to what is left before the deadline (0: nothing left). */
export function queryTimeoutMs(limits: Limits): number {
  if (limits.deadline === undefined) return limits.timeoutMs;
  return Math.max(0, Math.min(limits.timeoutMs, limits.deadline - Date.now()));
}

/** Why a query was not asked: the time limit of the whole question ran out. */
export function deadlinePassed(limits: Limits): string {
  return `the time limit (--timeout ${limits.timeoutMs} ms) for the whole command ran out before this question was asked`;
}

/** The limits without the deadline: what a memo of answers may be keyed by. */
export function limitsKey(limits: Limits): string {
  return JSON.stringify([limits.timeoutMs, limits.resourceLimit ?? null]);
}
