/**
 * `.gitignore` matches a slash-free pattern at any depth; `.dockerignore` matches it
 * only at the context root. `__pycache__/`, `*.pyc`, `node_modules` written the
 * `.gitignore` way leave every deeper copy in the context.
 */
import { dockerignoreRule, type DockerignoreContext } from '../rule';
import type { IgnoreEntry } from '../model';
import { compilePattern, matcherOf, type Matcher } from '../matcher';
import { projectKindsOf, sendableForPattern, type Sendable } from '../knowledge/sendables';
import { copyNeeds, copySources, servedContexts } from '../served';

/** `*.ext`: an extension glob is never meant for the root folder only. */
const EXTENSION_GLOB = /^\*\.[^/*?[\]\\]+$/;

/** Where the project kind puts generated folders even when this machine has none yet. */
function generatedSamples(files: readonly { path: string }[], sendable: Sendable | undefined): string[] {
  if (!sendable) return [];
  const kinds = projectKindsOf(files);
  const out = new Set<string>();
  for (const f of files) {
    const slash = f.path.lastIndexOf('/');
    if (slash < 0) continue; // root-level code: the root-only pattern catches what it generates
    const dir = f.path.slice(0, slash);
    if (sendable.category === 'python-cache' && kinds.has('python') && f.path.endsWith('.py')) out.add(`${dir}/__pycache__/module.cpython-312.pyc`);
    if (sendable.name === 'node_modules' && kinds.has('node') && f.path.endsWith('/package.json')) out.add(`${dir}/node_modules/pkg/index.js`);
  }
  return [...out];
}

/** Paths below the root whose name the one-segment pattern matches and that the whole file still sends. */
function deeperSent(paths: Iterable<string>, test: (segment: string) => boolean, matcher: Matcher): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const segments = p.split('/');
    for (let i = 1; i < segments.length; i++) {
      if (!test(segments[i])) continue;
      const hit = segments.slice(0, i + 1).join('/');
      if (!matcher.ignores(p)) out.push(hit);
      break;
    }
  }
  return [...new Set(out)];
}

function listNames(paths: readonly string[]): string {
  const shown = paths.slice(0, 3).join(', ');
  return paths.length > 3 ? `${shown}, … (${paths.length} in all)` : shown;
}

function evidence(ctx: DockerignoreContext, e: IgnoreEntry, sendable: Sendable | undefined): string | undefined {
  const test = compilePattern(e.pattern)!;
  const matcher = matcherOf(ctx.model);
  const served = ctx.workspace ? servedContexts(ctx.workspace, ctx.model.path) : [];
  if (!served.length) {
    // Nothing to look at: only names that are generated at every depth are certain.
    if (!sendable?.anyDepth || matcher.ignores(`pkg/${sendable.sample}`)) return undefined;
    return `${sendable.name} appears at any depth, and the deeper ones are sent`;
  }
  for (const s of served) {
    if (sendable) {
      const sources = copySources(ctx.files, s.builds);
      if (sources && copyNeeds(sources, sendable)) continue;
    }
    const onDisk = deeperSent([...s.listing.dirs, ...s.listing.files.map((f) => f.path)], (seg) => test.test(seg), matcher);
    if (onDisk.length) return `deeper matches are still sent: ${listNames(onDisk)}`;
    const generated = deeperSent(generatedSamples(s.listing.files, sendable), (seg) => test.test(seg), matcher);
    if (generated.length) {
      const where = [...new Set(generated.map((g) => g.slice(0, g.lastIndexOf('/'))))].sort();
      const kind = sendable?.name === 'node_modules' ? 'a Node' : 'a Python';
      return `this is ${kind} project, so ${sendable!.category === 'python-cache' ? '__pycache__' : 'node_modules'} will appear in ${listNames(where)} and be sent`;
    }
  }
  return undefined;
}

export const dockerignoreRootOnlyPattern = dockerignoreRule(
  { id: 'dockerignore-root-only-pattern', title: 'Match generated files at any depth with **/', severity: 'warning', plan: '§2.2', fix: 'safe' },
  (ctx) => {
    for (const e of ctx.model.entries) {
      if (e.negated || e.anchored || e.pattern === '' || e.pattern === '.' || e.pattern.includes('/') || e.pattern.startsWith('**') || e.pattern.startsWith('..')) continue;
      const compiled = compilePattern(e.pattern);
      if (!compiled || compiled.error !== undefined) continue;
      const sendable = sendableForPattern(e.pattern);
      if (!sendable && !e.trailingSlash && !EXTENSION_GLOB.test(e.pattern)) continue;
      const why = evidence(ctx, e, sendable);
      if (!why) continue;
      const rewritten = `**/${e.pattern}${e.trailingSlash ? '/' : ''}`;
      ctx.report({
        start: e.bodyStart,
        end: e.end,
        message: `\`${e.body}\` matches only at the context root: a .dockerignore is not a .gitignore, and ${why}. Write \`${rewritten}\`.`,
        fixes: [{ title: `Rewrite as ${rewritten}`, edits: [ctx.replace(e.bodyStart, e.end, rewritten)], safe: true }],
      });
    }
  },
);
