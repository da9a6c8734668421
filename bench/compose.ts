/**
 * Bench (f): Compose files, Layerwise's engine (parse, schema validation, every
 * Compose rule) against the peer dclint (its schema validation and rules), file by
 * file over the corpus's Compose files. Both read the file and lint it.
 */
import { readFileSync } from 'node:fs';
import { DCLinter } from 'dclint';
import type { Engine } from '../rules/core/engine';
import { perItem, type PerItem } from './measure';

export interface ComposeBench {
  files: number;
  layerwise: PerItem;
  dclint: PerItem;
}

export function benchCompose(engine: Engine, files: readonly string[], runs: number): ComposeBench {
  // dclint's defaults: every rule at its own level (an empty rules map), as its CLI runs without a config.
  const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
  const layerwiseLint = (f: string) => engine.lint('compose', readFileSync(f, 'utf8'), f);
  const dclintLint = (f: string) => linter.lintFiles([f], false);
  // Warm both (schema compilation, JIT).
  files.forEach(layerwiseLint);
  files.forEach(dclintLint);
  return { files: files.length, layerwise: perItem(files, layerwiseLint, runs), dclint: perItem(files, dclintLint, runs) };
}
