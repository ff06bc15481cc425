/** The differential test's settings, from the environment so that CI and deep runs share one harness. */

export interface DiffSettings {
  seed: number;
  numRuns: number;
  /**
   * A time limit forced on the engine under test (KEYPROOF_DIFF_TIMEOUT_MS). Only then may it answer UNKNOWN; those
   * cases are counted and skipped.
   */
  timeoutMs?: number;
}

export const DEFAULT_SEED = 20240611;
export const DEFAULT_RUNS = 2000;

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got '${text}'`);
  return value;
}

export function diffSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DiffSettings {
  const timeoutMs = positiveInteger('KEYPROOF_DIFF_TIMEOUT_MS', env.KEYPROOF_DIFF_TIMEOUT_MS);
  return {
    seed: positiveInteger('KEYPROOF_DIFF_SEED', env.KEYPROOF_DIFF_SEED) ?? DEFAULT_SEED,
    numRuns: positiveInteger('KEYPROOF_DIFF_RUNS', env.KEYPROOF_DIFF_RUNS) ?? DEFAULT_RUNS,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  };
}

/** A vitest time limit for a run of `numRuns` cases: generous, since the Z3 engine may cost 20 ms a check. */
export function testTimeoutFor(numRuns: number): number {
  return Math.max(120_000, numRuns * 60);
}
