import { buildRule, addInputs } from '../rule';
import { scopeFor, type CacheEntry } from '../docker';
import { bakeFilesDefineCache } from '../bakeFiles';

/** What a cache export imports back: the same backend and location, without export-only attributes. */
function importOf(to: CacheEntry): string | undefined {
  if (to.type === 'gha') return ['type=gha', ...(to.attrs.has('scope') ? [`scope=${to.attrs.get('scope')}`] : [])].join(',');
  if (to.type === 'registry' && to.attrs.has('ref')) return `type=registry,ref=${to.attrs.get('ref')}`;
  return undefined;
}

const AFTER = ['tags', 'labels', 'load', 'push', 'platforms', 'target', 'build-args', 'file', 'context'];

export default buildRule(
  { id: 'gha-build-cache-missing', title: 'Reuse the build cache between CI runs', severity: 'warning', plan: '§1.4', fix: 'unsafe' },
  (ctx, build) => {
    if (build.via === 'run') return;
    const step = build.step;
    if (build.via === 'bake') {
      // The bake file may set the caches itself: only judge what can be seen.
      if (build.set.some((s) => /\.cache-(from|to)=/.test(s.value))) return;
      if (bakeFilesDefineCache(ctx, build)) return;
      ctx.report({
        ...build.anchor,
        message: 'This bake step imports no build cache: every CI run rebuilds all layers from scratch. Set cache-from/cache-to on the targets (in the bake file, or `set: *.cache-from=type=gha,scope=…`).',
      });
      return;
    }
    if (build.cacheFrom.length) return;
    const scope = scopeFor(build);
    if (build.cacheTo.length) {
      const from = importOf(build.cacheTo[0]);
      const edit = from ? addInputs(ctx.model, step, [['cache-from', from]], ['cache-to', ...AFTER]) : undefined;
      ctx.report({
        ...build.anchor,
        message: 'This build exports its cache (cache-to) but never imports it (no cache-from): the next run still starts cold. Add a cache-from for the same cache.',
        // Importing the cache it already exports changes only how fast the build is.
        fixes: edit ? [{ title: `Add cache-from: ${from}`, safe: true, edits: [edit] }] : [],
      });
      return;
    }
    const edit = addInputs(ctx.model, step, [
      ['cache-from', `type=gha,scope=${scope}`],
      ['cache-to', `type=gha,mode=max,scope=${scope}`],
    ], AFTER);
    ctx.report({
      ...build.anchor,
      message: 'This build uses no build cache (no cache-from/cache-to): every CI run rebuilds all layers from scratch. Import and export a cache, e.g. the GitHub Actions cache (`type=gha`, `mode=max`) with a scope per image.',
      fixes: edit ? [{ title: `Cache layers in the GitHub Actions cache (scope ${scope})`, safe: false, edits: [edit] }] : [],
    });
  },
);
