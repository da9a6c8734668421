import { buildRule, type WorkflowContext } from '../rule';
import { dockerBuilds, scopeFor, type CacheEntry, type DockerBuild } from '../docker';
import { bakeTexts, baseName, otherWorkflows } from '../others';

const unscoped = (b: DockerBuild): CacheEntry[] => [...b.cacheFrom, ...b.cacheTo].filter((c) => c.type === 'gha' && !c.attrs.has('scope'));

/** Other files whose builds use the default GitHub Actions cache scope too (once per lint: the context is per lint, the model is not). */
const sharers = new WeakMap<WorkflowContext, string[]>();

function otherSharers(ctx: WorkflowContext): string[] {
  let names = sharers.get(ctx);
  if (!names) {
    names = [
      ...otherWorkflows(ctx).filter((w) => dockerBuilds(w).some((b) => unscoped(b).length)).map((w) => baseName(w.path)),
      // A bake line with a gha cache and no scope.
      ...bakeTexts(ctx).filter((f) => f.text.split('\n').some((l) => l.includes('type=gha') && !l.includes('scope='))).map((f) => baseName(f.path)),
    ];
    sharers.set(ctx, names);
  }
  return names;
}

export default buildRule(
  { id: 'gha-cache-scope-missing', title: 'Give each build its own GitHub Actions cache scope', severity: 'warning', plan: '§5.2', fix: 'safe' },
  (ctx, build, all) => {
    const entries = unscoped(build);
    if (!entries.length) return;
    const scoped = [...build.cacheFrom, ...build.cacheTo].find((c) => c.type === 'gha' && c.attrs.has('scope'));
    let why: string;
    if (scoped) why = `the other cache entry of this build uses scope=${scoped.attrs.get('scope')}, so this one reads or writes a different cache`;
    else if (build.step.job.matrix) why = `every variant of the matrix job "${build.step.job.id}" uses the same default scope, so they overwrite each other's cache`;
    else {
      const others = all.filter((b) => b !== build && unscoped(b).length).length;
      const files = others ? [] : otherSharers(ctx);
      if (others) why = `${others + 1} builds in this workflow share the default scope and overwrite each other's cache`;
      else if (files.length) why = `${files.join(', ')} also ${files.length > 1 ? 'use' : 'uses'} the default scope of the repository's cache, so the builds overwrite each other's cache`;
      else return;
    }
    const scope = scoped?.attrs.get('scope') ?? scopeFor(build);
    // Adding `,scope=…` to every unscoped entry of the build keeps its import and export together.
    const edits = entries.filter((e) => e.exact).map((e) => ctx.insert(e.end, `,scope=${scope}`));
    for (const e of entries) {
      ctx.report({
        start: e.start,
        end: e.end,
        message: `This type=gha cache has no scope: ${why}. Add scope=${scope}.`,
        fixes: edits.length === entries.length ? [{ title: `Add scope=${scope}`, safe: true, edits }] : [],
      });
    }
  },
);
