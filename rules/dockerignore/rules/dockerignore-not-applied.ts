/**
 * Docker reads `<Dockerfile>.dockerignore` beside the Dockerfile, else the one at the
 * context root, and no other. `services/api/.dockerignore` does nothing when every
 * build of `services/api/Dockerfile` uses the repository root as its context.
 * Judged only when the Dockerfiles beside the file have declared builds (a guessed
 * context proves nothing).
 */
import { basename, dirname } from 'node:path';
import type { Fix, TextEdit } from '../../core/types';
import type { Workspace, Build } from '../../workspace/types';
import { dockerignoreRule, type DockerignoreContext } from '../rule';
import { cleanPath } from '../model';
import { allBuilds, buildLabel, relativeTo } from '../served';

/** The patterns, rewritten from the file's own folder to the build context. */
function rewriteEdits(ctx: DockerignoreContext, prefix: string): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const e of ctx.model.entries) {
    if (e.pattern === '' || e.pattern.startsWith('**')) continue; // `**/x` means any depth in either context
    const joined = cleanPath(e.pattern === '.' ? prefix : `${prefix}/${e.pattern}`);
    if (joined.startsWith('..')) return undefined;
    edits.push(ctx.replace(e.bodyStart, e.end, joined + (e.trailingSlash ? '/' : '')));
  }
  return edits;
}

function fixFor(ctx: DockerignoreContext, ws: Workspace, dockerfile: string, builds: Build[]): Fix | undefined {
  const contexts = [...new Set(builds.map((b) => b.context))];
  if (contexts.length !== 1) return undefined;
  const dir = dirname(ctx.model.path);
  const prefix = relativeTo(contexts[0], dir);
  if (prefix === '.' || prefix.startsWith('..') || prefix.startsWith('/')) return undefined;
  const beside = `${dockerfile}.dockerignore`;
  const current = ws.ignoreFileFor(builds[0]);
  if (current === beside) return undefined;
  const edits = rewriteEdits(ctx, prefix);
  if (!edits) return undefined;
  const eol = ctx.model.lines.eol;
  if (current) {
    // The new file replaces the context's .dockerignore for this Dockerfile: keep its patterns first.
    const text = ctx.files?.read(current);
    if (text === undefined) return undefined;
    const kept = text.replace(/\r?\n$/, '').split(/\r?\n/).join(eol);
    const rel = relativeTo(dir, current);
    edits.unshift(ctx.insert(0, `# From ${rel} (this file now replaces it for ${basename(dockerfile)})${eol}${kept}${eol}${eol}# From ${basename(ctx.model.path)}, relative to the build context${eol}`));
  }
  return {
    title: `Rename to ${basename(beside)} with patterns relative to the build context`,
    edits,
    otherFiles: [{ path: basename(ctx.model.path), renameTo: basename(beside) }],
    safe: false,
  };
}

function anchor(ctx: DockerignoreContext): { start: number; end: number } {
  const first = ctx.model.entries[0];
  return first ? { start: first.start, end: first.end } : { start: 0, end: ctx.model.lines.lineEnd(0) };
}

export const dockerignoreNotApplied = dockerignoreRule(
  { id: 'dockerignore-not-applied', title: 'Put the .dockerignore where Docker reads it', severity: 'warning', plan: '§2.2', fix: 'unsafe' },
  (ctx) => {
    const ws = ctx.workspace;
    if (!ws) return;
    const path = ctx.model.path;
    const builds = allBuilds(ws);
    if (builds.some((b) => ws.ignoreFileFor(b) === path)) return;
    const dir = dirname(path);
    const name = basename(path);
    const here = ws.files('dockerfile').filter((f) => dirname(f) === dir);
    if (name !== '.dockerignore') {
      // `<Dockerfile>.dockerignore` for a Dockerfile that is not there (renamed?).
      const owner = name.slice(0, -'.dockerignore'.length);
      const names = ctx.files?.list(dir);
      if (!owner || !names || names.includes(owner)) return;
      ctx.report({ ...anchor(ctx), message: `No build uses ${name}: Docker reads \`<Dockerfile>.dockerignore\` only beside that Dockerfile, and there is no ${owner} in this folder (renamed?). Rename it after the Dockerfile it is for.` });
      return;
    }
    if (!here.length) return;
    const own = here.map((df) => ({ df, builds: ws.buildsOf(df) }));
    if (own.some((o) => !o.builds.length || o.builds.some((b) => b.guessed))) return;
    const uses = own.flatMap((o) => o.builds).slice(0, 3).map((b) => `${buildLabel(b, path)} uses the context \`${relativeTo(dir, b.context)}\``);
    const fix = own.length === 1 ? fixFor(ctx, ws, own[0].df, own[0].builds) : undefined;
    const target = own.length === 1 ? `${basename(own[0].df)}.dockerignore` : '`<Dockerfile>.dockerignore`';
    ctx.report({
      ...anchor(ctx),
      message: `No build uses this .dockerignore: Docker reads only the one at the build context's root or \`<Dockerfile>.dockerignore\` beside the Dockerfile, and ${uses.join('; ')}. Rename it to ${target} with its patterns relative to the context.`,
      fixes: fix ? [fix] : [],
    });
  },
);
