/**
 * What a build sends: the context's files after the `.dockerignore` that applies,
 * counted and summed. Folders the walk does not enter (node_modules, .git) are
 * named when they are sent, since their size is not known.
 */
import type { FileView } from '../core/types';
import { matcherForText } from '../dockerignore/matcher';
import { SKIPPED_DIRECTORIES } from '../core/classify';
import type { Build, ContextListing, Workspace } from './types';

export interface SentSummary {
  files: number;
  bytes: number;
  /** Folders sent whose contents were not counted (`node_modules`). */
  uncounted: string[];
  /** The walk stopped at its cap: the numbers are a lower bound. */
  truncated: boolean;
}

/** Per listing and ignore text: many Dockerfiles share one context. */
const sentCache = new WeakMap<ContextListing, Map<string, SentSummary>>();

export function sentByBuild(workspace: Workspace, build: Build, files: FileView | undefined): SentSummary {
  const listing = workspace.contextListing(build.context);
  const ignoreFile = workspace.ignoreFileFor(build);
  const ignoreText = ignoreFile ? files?.read(ignoreFile) : undefined;
  let byText = sentCache.get(listing);
  if (!byText) sentCache.set(listing, (byText = new Map()));
  const cached = byText.get(ignoreText ?? '\0none');
  if (cached) return cached;
  const summary = countSent(listing, ignoreText);
  byText.set(ignoreText ?? '\0none', summary);
  return summary;
}

function countSent(listing: ContextListing, ignoreText: string | undefined): SentSummary {
  const matcher = matcherForText(ignoreText);
  let count = 0;
  let bytes = 0;
  for (const f of listing.files) {
    if (matcher.ignores(f.path)) continue;
    count++;
    bytes += f.size;
  }
  const uncounted = listing.dirs.filter((d) => SKIPPED_DIRECTORIES.has(d.slice(d.lastIndexOf('/') + 1)) && !matcher.ignoresDir(d));
  return { files: count, bytes, uncounted, truncated: listing.truncated };
}

/** Sizes as Docker prints a context transfer (decimal units): `120 B`, `2.1 kB`, `12.3 MB`. */
export function humanBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1).replace(/\.0$/, '')} ${units[u]}`;
}

/** "1,204 files, 12.3 MB (and node_modules, not counted)". */
export function describeSent(s: SentSummary): string {
  const uncounted = s.uncounted.length ? `, plus ${s.uncounted.slice(0, 2).join(', ')}${s.uncounted.length > 2 ? '…' : ''} (not counted)` : '';
  return `${s.truncated ? 'at least ' : ''}${s.files.toLocaleString('en-US')} file${s.files === 1 ? '' : 's'}, ${humanBytes(s.bytes)}${uncounted}`;
}
