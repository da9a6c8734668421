import { dirname, join, relative } from 'node:path';
import { dockerfileRule, type DockerfileContext } from '../rule';
import { contextCopySources } from '../knowledge/copy-sources';
import { contextName, describeBuild } from '../../workspace/describe';
import { createMatcher } from '../../dockerignore/matcher';
import { SENDABLES, projectKindsOf, type Sendable, type SendableCategory } from '../../dockerignore/knowledge/sendables';
import { dockerfileOf } from '../../workspace/crossFile';
import type { Build, ContextListing } from '../../workspace/types';

const SECTION_TITLES: Record<SendableCategory, string> = {
  vcs: 'Version control',
  dependencies: 'Dependencies (installed inside the image)',
  'python-cache': 'Python caches',
  virtualenv: 'Virtual environments',
  secrets: 'Local environment files (secrets)',
  'test-output': 'Test and coverage output',
  logs: 'Logs',
  editor: 'Editors',
  os: 'OS files',
};

/** Whether the context holds something this entry names, at any depth. */
function holds(listing: ContextListing, s: Sendable): boolean {
  const names = s.type === 'dir' ? listing.dirs : listing.files.map((f) => f.path);
  const matcher = createMatcher([s.pattern]);
  return names.some((p) => matcher.ignores(p));
}

/**
 * The `.dockerignore` for a context: what it holds or its project kinds will write,
 * plus editor and OS files, minus any pattern that would exclude a COPY/ADD source of
 * a Dockerfile built from this context.
 */
/** What a context calls for (pattern lines per entry), once per listing: contexts are shared by many Dockerfiles. */
const candidatesByListing = new WeakMap<ContextListing, { s: Sendable; lines: string[] }[]>();

function candidates(listing: ContextListing): { s: Sendable; lines: string[] }[] {
  let found = candidatesByListing.get(listing);
  if (found) return found;
  const kinds = projectKindsOf(listing.files);
  const names = new Set(listing.files.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1)));
  found = SENDABLES.filter((s) => s.category === 'vcs' || s.category === 'secrets' || s.category === 'editor' || s.category === 'os' || (s.generatedBy && kinds.has(s.generatedBy)) || holds(listing, s)).map((s) => ({
    s,
    // A template of the environment file is often wanted in the image, never a secret.
    lines: [s.pattern, ...(s.except ?? []).filter((name) => names.has(name)).map((name) => `!**/${name}`)],
  }));
  candidatesByListing.set(listing, found);
  return found;
}

export function tailoredDockerignore(ctx: DockerfileContext, build: Build, listing: ContextListing, eol: string): string {
  const builds = (ctx.workspace?.builds() ?? []).filter((b) => b.context === build.context);
  const models = [ctx.model, ...builds.filter((b) => b.dockerfile !== ctx.model.path).map((b) => dockerfileOf(b, ctx.files)).filter((m) => m !== undefined)];
  const sources = models.flatMap((m) => contextCopySources(m, build.args)).map((s) => s.path).filter((p) => p !== '');
  const out: string[] = ['# Keeps the build context small and free of secrets (plan §2.2).', '# Patterns match at the context root unless they start with **/ .'];
  let section: SendableCategory | undefined;
  for (const { s, lines } of candidates(listing)) {
    if (sources.length && sources.some((src) => createMatcher(lines).ignores(src))) continue;
    if (s.category !== section) {
      section = s.category;
      out.push('', `# ${SECTION_TITLES[section]}`);
    }
    out.push(...lines);
  }
  return out.join(eol) + eol;
}

export default dockerfileRule(
  { id: 'dockerignore-missing', title: 'Build context without a .dockerignore', severity: 'warning', plan: '§2.2', fix: 'unsafe' },
  (ctx) => {
    const { workspace } = ctx;
    const first = ctx.model.stages[0];
    if (!workspace || !first) return;
    const seen = new Set<string>();
    for (const build of workspace.buildsOf(ctx.model.path)) {
      if (seen.has(build.context) || workspace.ignoreFileFor(build)) continue;
      seen.add(build.context);
      const listing = workspace.contextListing(build.context);
      const target = relative(dirname(ctx.model.path), join(build.context, '.dockerignore')) || '.dockerignore';
      const where = build.guessed ? `this Dockerfile's folder (the context when it is built there)` : `the build context ${contextName(build)} of ${describeBuild(build)}`;
      ctx.report({
        start: first.image.start,
        end: first.image.end,
        message: `No .dockerignore in ${where}: every file there is sent to the builder (${listing.truncated ? 'at least ' : ''}${listing.files.length} file${listing.files.length === 1 ? '' : 's'}), including VCS data, caches and local secrets, and any change to them busts COPY caches. Add one.`,
        fixes: [{ title: `Create ${target} for what this context holds`, safe: false, edits: [], otherFiles: [{ path: target, create: tailoredDockerignore(ctx, build, listing, '\n') }] }],
      });
    }
  },
);
