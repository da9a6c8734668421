import { addInputs, buildRule } from '../rule';
import { buildxSetupBefore, dockerWords, tagsUsedLater } from '../docker';
import type { TextEdit } from '../../core/types';

export default buildRule(
  { id: 'gha-image-not-loaded', title: 'Load images that later steps use', severity: 'error', plan: '§3.1', fix: 'unsafe' },
  (ctx, build) => {
    if (build.via === 'bake' || !build.usesSelectedBuilder || build.explicitBuilder) return;
    if (build.load || build.outputs || build.push !== false) return;
    const setup = buildxSetupBefore(build.step);
    if (!setup) return;
    const used = tagsUsedLater(build, build.tags);
    if (!used.length) return;
    const tag = used[0];
    let edit: TextEdit | undefined;
    const multi = build.platforms.length > 1;
    if (!multi) {
      if (build.via === 'run') {
        const words = build.command ? dockerWords(build.command) : undefined;
        const word = words?.[1];
        if (word) edit = ctx.insert(word.end, ' --load');
      } else edit = addInputs(ctx.model, build.step, [['load', true]], ['push', 'tags']);
    }
    ctx.report({
      start: tag.start,
      end: tag.end,
      message: `The image "${tag.value}" is used by a later step, but this build runs on the docker-container builder of docker/setup-buildx-action${build.pushWritten ? ' with push: false' : ''} and neither loads it nor sets outputs: the image stays inside the builder and the later step fails or uses a stale image. ${multi ? 'Build one platform with load: true for the test, or push and pull it.' : 'Add load: true.'}`,
      fixes: edit ? [{ title: build.via === 'run' ? 'Add --load' : 'Add load: true', safe: false, edits: [edit] }] : [],
    });
  },
);
