/** The config's `ignore:` globs for the server, one matcher per loaded config (see rules/node/ignoreGlobs.ts). */
import * as path from 'node:path';
import type { LayerwiseConfig } from '../rules/core/config';
import { ignoreMatcher, type PathMatcher } from '../rules/node/ignoreGlobs';

const matchers = new WeakMap<LayerwiseConfig, PathMatcher>();

export function isIgnored(config: LayerwiseConfig, configFile: string | undefined, filePath: string): boolean {
  if (!configFile || config.ignore.length === 0) return false;
  let m = matchers.get(config);
  if (!m) matchers.set(config, (m = ignoreMatcher(path.dirname(configFile), config.ignore)));
  return m(filePath);
}
