/** Wall-clock measurement helpers: throughput over repeated passes, and order statistics. */

export interface Throughput {
  /** Requests per pass. */
  requests: number;
  /** Checks per second on the first pass over the batch (code not yet optimised by the JIT). */
  firstPassPerSecond: number;
  /** Checks per second over the passes that followed, once warm. */
  warmPerSecond: number;
  warmPasses: number;
}

export function seconds(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}

function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? count / (elapsedMs / 1000) : Number.POSITIVE_INFINITY;
}

/**
 * Runs `pass` once cold, then again until at least `minWarmMs` have passed (and at least once more).
 * `pass` does `requests` checks.
 */
export function measureThroughput(requests: number, pass: () => void, minWarmMs: number): Throughput {
  let start = performance.now();
  pass();
  const firstPassPerSecond = perSecond(requests, performance.now() - start);
  start = performance.now();
  let warmPasses = 0;
  do {
    pass();
    warmPasses++;
  } while (performance.now() - start < minWarmMs);
  return { requests, firstPassPerSecond, warmPerSecond: perSecond(requests * warmPasses, performance.now() - start), warmPasses };
}

/** The same for an asynchronous pass (the peer's API returns promises). */
export async function measureThroughputAsync(requests: number, pass: () => Promise<void>, minWarmMs: number): Promise<Throughput> {
  let start = performance.now();
  await pass();
  const firstPassPerSecond = perSecond(requests, performance.now() - start);
  start = performance.now();
  let warmPasses = 0;
  do {
    await pass();
    warmPasses++;
  } while (performance.now() - start < minWarmMs);
  return { requests, firstPassPerSecond, warmPerSecond: perSecond(requests * warmPasses, performance.now() - start), warmPasses };
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The q-quantile by linear interpolation between closest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}
