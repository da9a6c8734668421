/**
 * Turns the command line's paths into the sorted list of files to lint. Walked
 * files are picked by name (classifyPath); explicitly named files are always taken.
 * Symlinked directories are followed once (by real path), so a link loop ends.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyPath, SKIPPED_DIRECTORIES } from '../../rules/core/classify';
import type { FileKind } from '../../rules/core/types';

export interface LintTarget {
  /** Absolute path. */
  path: string;
  kind: FileKind;
  /** Named on the command line (not found by walking). */
  explicit: boolean;
}

export interface WalkResult {
  targets: LintTarget[];
  /** Paths that do not exist (a usage error). */
  missing: string[];
  /** Directories that could not be read, with the reason. */
  errors: { path: string; message: string }[];
}

const SKIP = new Set([...SKIPPED_DIRECTORIES, 'node_modules', '.git']);

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function collectTargets(paths: readonly string[], cwd: string): WalkResult {
  const found = new Map<string, LintTarget>();
  const missing: string[] = [];
  const errors: WalkResult['errors'] = [];
  const visitedDirs = new Set<string>();

  const walk = (dir: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (e) {
      errors.push({ path: dir, message: (e as Error).message });
      return;
    }
    if (visitedDirs.has(real)) return;
    visitedDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ path: dir, message: (e as Error).message });
      return;
    }
    // Name order, so which of two links to one folder is walked (and shown) does not depend on the file system.
    entries.sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const dirLike = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(full));
      if (dirLike) {
        if (!SKIP.has(entry.name)) walk(full);
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) continue; // sockets, FIFOs, devices
      const kind = classifyPath(full);
      if (kind && !found.has(full)) found.set(full, { path: full, kind, explicit: false });
    }
  };

  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(p);
      else errors.push({ path: abs, message: (e as Error).message });
      continue;
    }
    if (stat.isDirectory()) walk(abs);
    else if (!stat.isFile()) errors.push({ path: abs, message: 'not a regular file' }); // a FIFO would block the read
    else found.set(abs, { path: abs, kind: classifyPath(abs) ?? 'dockerfile', explicit: true });
  }

  const targets = [...found.values()].sort((a, b) => compareStrings(displayPath(a.path, cwd), displayPath(b.path, cwd)));
  return { targets, missing, errors };
}

/** Plain code-unit order: the same everywhere, unlike localeCompare. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A path as the output shows it: relative to the working directory, with forward slashes. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs) || path.basename(abs);
  return rel.split(path.sep).join('/');
}
