/** The solver's budget per query: a time limit, and optionally Z3's deterministic resource limit. */
export interface Limits {
  timeoutMs: number;
  resourceLimit?: number;
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
  };
}
