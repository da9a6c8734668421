import { dockerfileRule } from '../rule';
import { describeSent, sentByBuild } from '../../workspace/context';
import { contextName, describeBuild } from '../../workspace/describe';

const DEFAULT_MAX_MB = 100;

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export default dockerfileRule(
  { id: 'context-size', title: 'Large build context', severity: 'info', plan: '§2.2' },
  (ctx) => {
    const { workspace } = ctx;
    const first = ctx.model.stages[0];
    if (!workspace || !first) return;
    const maxMb = typeof ctx.options.maxMB === 'number' && ctx.options.maxMB > 0 ? ctx.options.maxMB : DEFAULT_MAX_MB;
    const seen = new Set<string>();
    for (const build of workspace.buildsOf(ctx.model.path)) {
      if (seen.has(build.context)) continue;
      seen.add(build.context);
      const sent = sentByBuild(workspace, build, ctx.files);
      if (sent.bytes <= maxMb * 1_000_000) continue;
      ctx.report({
        start: first.image.start,
        end: first.image.end,
        message: `${capitalize(describeBuild(build))} sends ${describeSent(sent)} from its context ${contextName(build)} before the first instruction runs (over ${maxMb} MB). Exclude what the image does not need in .dockerignore, or use a smaller context.`,
      });
    }
  },
);
