/**
 * A small in-memory Workspace for the .dockerignore tests: files by absolute path
 * (text, or a size for files whose text does not matter; a key ending in `/` is an
 * empty folder), declared builds, and the walk's rules (node_modules and .git are
 * listed as folders, not entered).
 */
import { dirname, join, relative } from 'node:path';
import { classifyPath, SKIPPED_DIRECTORIES } from '../../../rules/core/classify';
import type { FileView } from '../../../rules/core/types';
import type { Build, ContextListing, Workspace } from '../../../rules/workspace/types';
import { memoryFiles } from '../../helpers/ruleTester';

export interface FakeBuild {
  dockerfile: string;
  context: string;
  name?: string;
  file?: string;
}

export interface Fake {
  workspace: Workspace;
  files: FileView;
}

export function fakeWorkspace(entries: Record<string, string | number>, builds: FakeBuild[] = [], opts: { truncated?: boolean } = {}): Fake {
  const texts: Record<string, string> = {};
  for (const [p, v] of Object.entries(entries)) if (typeof v === 'string' && !p.endsWith('/')) texts[p] = v;
  const declared: Build[] = builds.map((b) => ({ origin: 'compose', dockerfile: b.dockerfile, context: b.context, args: {}, name: b.name ?? 'app', file: b.file ?? '/repo/compose.yaml', guessed: false }));
  const exists = (p: string) => p in entries;
  const workspace: Workspace = {
    builds: () => declared,
    buildsOf(dockerfile) {
      const own = declared.filter((b) => b.dockerfile === dockerfile);
      return own.length ? own : [{ origin: 'guess', dockerfile, context: dirname(dockerfile), args: {}, name: dockerfile, guessed: true }];
    },
    contextListing(context): ContextListing {
      const files: { path: string; size: number }[] = [];
      const dirs = new Set<string>();
      for (const [p, v] of Object.entries(entries)) {
        if (!p.startsWith(context + '/')) continue;
        const rel = relative(context, p);
        const segments = rel.split('/').filter(Boolean);
        let hidden = false;
        for (let i = 0; i < segments.length - 1 || (p.endsWith('/') && i < segments.length); i++) {
          dirs.add(segments.slice(0, i + 1).join('/'));
          if (SKIPPED_DIRECTORIES.has(segments[i])) {
            hidden = true;
            break;
          }
        }
        if (!hidden && !p.endsWith('/')) files.push({ path: segments.join('/'), size: typeof v === 'number' ? v : v.length });
      }
      return { files: files.sort((a, b) => a.path.localeCompare(b.path)), dirs: [...dirs].sort(), truncated: !!opts.truncated };
    },
    ignoreFileFor(build) {
      const beside = `${build.dockerfile}.dockerignore`;
      if (exists(beside)) return beside;
      const atRoot = join(build.context, '.dockerignore');
      return exists(atRoot) ? atRoot : undefined;
    },
    files: (kind) => Object.keys(entries).filter((p) => !p.endsWith('/') && classifyPath(p) === kind).sort(),
    gitIgnored: () => false,
  };
  return { workspace, files: memoryFiles(texts) };
}
