/**
 * A `FROM` without a tag, or with `latest`, builds on whatever the registry serves
 * that day: a rebuild of the same commit can get another OS or language version.
 */
import { dockerfileRule } from '../rule';
import { tagSource } from '../knowledge/image-refs';

export default dockerfileRule(
  { id: 'base-image-unpinned', title: 'Pin the base image tag', severity: 'warning', plan: '§2.1', hadolint: ['DL3006', 'DL3007'] },
  (ctx) => {
    const { model } = ctx;
    for (const stage of model.stages) {
      const image = stage.image;
      // Earlier stages, `scratch`, digests and references that still need a build arg are not ours to judge.
      if (stage.parent || image.unresolved || image.digest || !image.resolved) continue;
      if (image.resolved.toLowerCase() === 'scratch') continue;
      if (image.tag !== undefined && image.tag !== 'latest') continue;
      const what = image.tag === 'latest' ? '`latest`' : 'no tag (so `latest`)';
      const message = `\`${image.resolved}\` has ${what}: each build may get another image. Pin a version tag (e.g. \`${image.repository}:<version>-<variant>\`), or a digest.`;
      const src = tagSource(model, stage);
      // When an ARG default supplies the tag (or the whole reference), that is the text to change.
      if (src.in === 'arg-tag' || src.in === 'arg-ref') ctx.report({ start: src.arg.valueStart, end: src.arg.valueEnd, message });
      else ctx.report({ start: image.start, end: image.end, message });
    }
  },
);
