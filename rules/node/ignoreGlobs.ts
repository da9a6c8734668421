/**
 * `ignore:` globs of `.layerwise.yaml`, matched against a path relative to the
 * config file's folder, shared by the server and the CLI so both skip the same files.
 * A pattern matches the file or any folder above it (`vendor`, `vendor/` and
 * `vendor/**` all skip everything under vendor/); a pattern without a slash matches
 * at any depth; `!pattern` brings back what a positive pattern skipped.
 */
import * as path from 'node:path';
import picomatch from 'picomatch';

export type PathMatcher = (absPath: string) => boolean;

export function ignoreMatcher(baseDir: string, globs: readonly string[]): PathMatcher {
  const clean = (g: string) => g.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  const positive = globs.filter((g) => !g.trim().startsWith('!')).map(clean).filter(Boolean);
  const negative = globs.filter((g) => g.trim().startsWith('!')).map((g) => clean(g.trim().slice(1))).filter(Boolean);
  if (positive.length === 0) return () => false;
  const matchPositive = compile(positive);
  const matchNegative = compile(negative);
  const anyLevel = (parts: string[], match: (p: string) => boolean) => {
    for (let i = parts.length; i > 0; i--) if (match(parts.slice(0, i).join('/'))) return true;
    return false;
  };
  return (absPath) => {
    const rel = path.relative(baseDir, absPath).split(path.sep).join('/');
    if (!rel || rel.startsWith('../') || path.isAbsolute(rel)) return false;
    const parts = rel.split('/');
    return anyLevel(parts, matchPositive) && !anyLevel(parts, matchNegative);
  };
}

/** picomatch's `basename` option would break patterns with a slash, so only slash-less ones get it. */
function compile(patterns: string[]): (p: string) => boolean {
  const anywhere = patterns.filter((p) => !p.includes('/'));
  const rooted = patterns.filter((p) => p.includes('/'));
  const a = anywhere.length ? picomatch(anywhere, { dot: true, basename: true }) : () => false;
  const r = rooted.length ? picomatch(rooted, { dot: true }) : () => false;
  return (p) => a(p) || r(p);
}
