import { dirname } from 'node:path';
import { dockerfileRule } from '../rule';
import { contextCopySources, sourceMatches } from '../knowledge/copy-sources';
import { matcherForText } from '../../dockerignore/matcher';
import { describeBuild, relativeTo } from '../../workspace/describe';

export default dockerfileRule(
  { id: 'copy-source-ignored', title: 'COPY/ADD source excluded by .dockerignore', severity: 'error', plan: '§2.2' },
  (ctx) => {
    const { workspace } = ctx;
    if (!workspace) return;
    const reported = new Set<number>();
    for (const build of workspace.buildsOf(ctx.model.path)) {
      const ignoreFile = workspace.ignoreFileFor(build);
      if (!ignoreFile) continue;
      const matcher = matcherForText(ctx.files?.read(ignoreFile));
      const listing = workspace.contextListing(build.context);
      for (const source of contextCopySources(ctx.model, build.args)) {
        if (reported.has(source.word.start) || source.path === '') continue;
        const named = source.glob ? sourceMatches(source, listing) : [source.path];
        // A pattern some of whose matches are left out is usually the point; all of them is not.
        const excluded = named.length > 0 && named.every((p) => matcher.ignores(p) && (!listing.dirs.includes(p) || !matcher.hasExceptions));
        if (!excluded) continue;
        reported.add(source.word.start);
        ctx.report({
          start: source.word.start,
          end: source.word.end,
          // A guessed context is only a guess: say it, but never as an error.
          severity: build.guessed ? 'warning' : undefined,
          message: `\`${source.word.value}\` is excluded by ${relativeTo(dirname(ctx.model.path), ignoreFile)} for ${describeBuild(build)}: Docker leaves it out of the context, so this ${source.instr.keyword} fails or copies nothing. Remove the pattern that matches it, or add a \`!\` exception after it.`,
        });
      }
    }
  },
);
