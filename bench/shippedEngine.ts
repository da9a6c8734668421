/**
 * The engine as it ships: rules/index.ts bundled by esbuild with the options of
 * scripts/build.mjs and minified as `npm run package` does, loaded from .cache/bench/.
 * Timing the TypeScript sources through tsx instead would add its transpiler's helpers
 * (a `__name` call per closure created) to every lint, which the server and CLI never run.
 */
import { buildSync } from 'esbuild';
import { join, resolve } from 'node:path';
import type { Engine } from '../rules/core/engine';

export function shippedEngine(): Engine {
  const root = resolve(__dirname, '..');
  const outfile = join(root, '.cache', 'bench', 'engine.js');
  buildSync({ entryPoints: [join(root, 'rules', 'index.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, logLevel: 'warning' });
  return (require(outfile) as { engine: Engine }).engine;
}
