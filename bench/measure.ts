/** How the bench times things: each item on its own, several runs, the median of each figure. */
import { performance } from 'node:perf_hooks';

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export interface PerItem {
  p50: number;
  p99: number;
  max: number;
  filesPerSecond: number;
}

/** One run's figures from its per-item times (ms). */
function runFigures(times: number[]): { p50: number; p99: number; max: number; total: number } {
  const total = times.reduce((a, b) => a + b, 0);
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times[times.length - 1], total };
}

/** The median of each figure over the runs. */
function medianOfRuns(count: number, results: readonly { p50: number; p99: number; max: number; total: number }[]): PerItem {
  return {
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    max: median(results.map((r) => r.max)),
    filesPerSecond: count / (median(results.map((r) => r.total)) / 1000),
  };
}

/** Milliseconds per item: p50/p99/max and throughput, each the median over `runs` runs. */
export function perItem<T>(items: readonly T[], fn: (item: T) => void, runs: number): PerItem {
  const results: { p50: number; p99: number; max: number; total: number }[] = [];
  for (let r = 0; r < runs; r++) {
    const times = items.map((item) => {
      const t0 = performance.now();
      fn(item);
      return performance.now() - t0;
    });
    results.push(runFigures(times));
  }
  return medianOfRuns(items.length, results);
}

/** perItem for asynchronous work (a child process): items one after another, never overlapping. */
export async function perItemAsync<T>(items: readonly T[], fn: (item: T) => Promise<void>, runs: number): Promise<PerItem> {
  const results: { p50: number; p99: number; max: number; total: number }[] = [];
  for (let r = 0; r < runs; r++) {
    const times: number[] = [];
    for (const item of items) {
      const t0 = performance.now();
      await fn(item);
      times.push(performance.now() - t0);
    }
    results.push(runFigures(times));
  }
  return medianOfRuns(items.length, results);
}
