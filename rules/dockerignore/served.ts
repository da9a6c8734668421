/**
 * What a `.dockerignore` is used for, asked of the workspace: the builds whose
 * ignore file it is, their contexts' listings, and the COPY/ADD sources of their
 * Dockerfiles (a path a COPY needs is never proposed for exclusion).
 */
import { dirname, relative, sep } from 'node:path';
import type { FileView } from '../core/types';
import { parseDockerfile } from '../dockerfile/model';
import { copyArgs } from '../dockerfile/query';
import type { Build, ContextListing, Workspace } from '../workspace/types';
import { cleanPath } from './model';
import { compilePattern } from './matcher';
import { isSendableName, type Sendable } from './knowledge/sendables';

export interface ServedContext {
  /** Absolute folder. */
  context: string;
  /** The builds with this context that use the ignore file. */
  builds: Build[];
  listing: ContextListing;
}

/** Every build the workspace knows: declared ones and, for Dockerfiles nothing names, the guessed one. */
export function allBuilds(ws: Workspace): Build[] {
  const seen = new Set<string>();
  const out: Build[] = [];
  const add = (b: Build) => {
    const key = `${b.dockerfile}\u0000${b.context}\u0000${b.target ?? ''}\u0000${b.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(b);
  };
  ws.builds().forEach(add);
  for (const df of ws.files('dockerfile')) ws.buildsOf(df).forEach(add);
  return out;
}

/** The contexts this ignore file applies to, one entry per context folder. */
export function servedContexts(ws: Workspace, ignorePath: string): ServedContext[] {
  const byContext = new Map<string, Build[]>();
  for (const b of allBuilds(ws)) {
    if (ws.ignoreFileFor(b) !== ignorePath) continue;
    const list = byContext.get(b.context) ?? [];
    list.push(b);
    byContext.set(b.context, list);
  }
  return [...byContext].map(([context, builds]) => ({ context, builds, listing: ws.contextListing(context) }));
}

/** A context-relative, `/`-separated path for messages (`.` for the root). */
export function relativeTo(from: string, to: string): string {
  const rel = relative(from, to);
  return rel === '' ? '.' : sep === '/' ? rel : rel.split(sep).join('/');
}

/** How a build is named in messages: `api (compose.yaml)`, or the Dockerfile for a guess. */
export function buildLabel(b: Build, from: string): string {
  return b.file ? `${b.name} (${relativeTo(dirname(from), b.file)})` : relativeTo(dirname(from), b.dockerfile);
}

const sourcesCache = new Map<string, { text: string; sources: string[] }>();

/**
 * Context-relative sources (cleaned) of the COPY/ADD instructions without `--from` in
 * the builds' Dockerfiles; undefined when a Dockerfile cannot be read (then nothing
 * can be promised about what the build needs).
 */
export function copySources(files: FileView | undefined, builds: readonly Build[]): string[] | undefined {
  if (!files) return undefined;
  const out = new Set<string>();
  for (const df of new Set(builds.map((b) => b.dockerfile))) {
    const text = files.read(df);
    if (text === undefined) return undefined;
    let entry = sourcesCache.get(df);
    if (!entry || entry.text !== text) {
      const model = parseDockerfile(text, df);
      const sources: string[] = [];
      for (const instr of model.instructions) {
        if (instr.flags.some((f) => f.name.toLowerCase() === 'from')) continue;
        const args = copyArgs(model, instr);
        if (!args) continue;
        for (const s of args.sources) {
          if (s.value.includes('://') || s.value.startsWith('git@')) continue;
          sources.push(cleanPath(s.value.replace(/^\/+/, '')));
        }
      }
      entry = { text, sources };
      if (sourcesCache.size > 256) sourcesCache.clear();
      sourcesCache.set(df, entry);
    }
    entry.sources.forEach((s) => out.add(s));
  }
  return [...out];
}

const GLOB = /[*?[]/;

/** Whether a COPY/ADD source names this sendable (`COPY .env .`, `COPY app/.venv /venv`, `COPY *.log /logs/`). */
export function copyNeeds(sources: readonly string[], s: Sendable): boolean {
  for (const source of sources) {
    for (const segment of source.split('/')) {
      if (isSendableName(s, segment)) return true;
      if (GLOB.test(segment) && compilePattern(segment)?.test(s.sample)) return true;
    }
  }
  return false;
}

/** Whether a COPY/ADD source names a path (or a folder above it, or something inside it). */
export function copyNeedsPath(sources: readonly string[], relPath: string): boolean {
  return sources.some((s) => s !== '.' && (s === relPath || relPath.startsWith(s + '/') || s.startsWith(relPath + '/') || (GLOB.test(s) && !!compilePattern(s)?.test(relPath))));
}
