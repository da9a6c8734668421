import { join } from 'node:path';
import { contextName, describeBuild } from '../../workspace/describe';
import { dockerfileRule } from '../rule';
import { contextCopySources, sourceMatches } from '../knowledge/copy-sources';

export default dockerfileRule(
  { id: 'copy-source-missing', title: 'COPY/ADD source missing from the build context', severity: 'error', plan: '§2.2' },
  (ctx) => {
    const { workspace } = ctx;
    if (!workspace) return;
    const reported = new Set<number>();
    // A guessed context (the Dockerfile's own folder) proves nothing: only declared builds.
    for (const build of workspace.buildsOf(ctx.model.path).filter((b) => !b.guessed)) {
      const listing = workspace.contextListing(build.context);
      if (listing.truncated) continue;
      for (const source of contextCopySources(ctx.model, build.args)) {
        if (reported.has(source.word.start) || sourceMatches(source, listing).length) continue;
        // Build outputs made before the build (dist/, target/*.jar) are git-ignored on purpose.
        if (workspace.gitIgnored(join(build.context, source.path.replace(/[*?[].*$/, '')))) continue;
        reported.add(source.word.start);
        ctx.report({
          start: source.word.start,
          end: source.word.end,
          message: `\`${source.word.value}\` is not in the build context ${contextName(build)} of ${describeBuild(build)}, so the build fails here. Fix the path (it is relative to the context, not to the Dockerfile), or the build's context.`,
        });
      }
    }
  },
);
