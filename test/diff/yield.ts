/**
 * Long generated runs give the event loop a turn every YIELD_EVERY cases: awaiting only resolved promises never
 * lets timers run, so vitest's worker could not report progress and failed the run ("Timeout calling
 * onTaskUpdate", issue 12).
 */
export const YIELD_EVERY = 100;

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
