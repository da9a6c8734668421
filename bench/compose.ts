/**
 * Bench (f): Compose files, Layerwise's engine (parse, schema validation, every
 * Compose rule) against the peer dclint (its schema validation and rules), file by
 * file over the corpus's Compose files. Both read the file and lint it.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DCLinter } from 'dclint';
import { engine } from '../rules';

export interface ComposeBench {
  files: number;
  layerwise: { p50: number; p99: number; filesPerSecond: number };
  dclint: { p50: number; p99: number; filesPerSecond: number };
}

function timeEach(files: readonly string[], fn: (file: string) => void, runs: number): { p50: number; p99: number; filesPerSecond: number } {
  const results: { p50: number; p99: number; total: number }[] = [];
  for (let r = 0; r < runs; r++) {
    const times = files.map((f) => {
      const t0 = performance.now();
      fn(f);
      return performance.now() - t0;
    });
    const total = times.reduce((a, b) => a + b, 0);
    times.sort((a, b) => a - b);
    results.push({ p50: times[Math.floor(times.length / 2)], p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))], total });
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { p50: mid(results.map((r) => r.p50)), p99: mid(results.map((r) => r.p99)), filesPerSecond: files.length / (mid(results.map((r) => r.total)) / 1000) };
}

export function benchCompose(files: readonly string[], runs: number): ComposeBench {
  // dclint's defaults: every rule at its own level (an empty rules map), as its CLI runs without a config.
  const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
  const layerwiseLint = (f: string) => engine.lint('compose', readFileSync(f, 'utf8'), f);
  const dclintLint = (f: string) => linter.lintFiles([f], false);
  // Warm both (schema compilation, JIT).
  files.forEach(layerwiseLint);
  files.forEach(dclintLint);
  return { files: files.length, layerwise: timeEach(files, layerwiseLint, runs), dclint: timeEach(files, dclintLint, runs) };
}
