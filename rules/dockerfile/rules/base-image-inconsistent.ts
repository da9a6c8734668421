/**
 * Across the workspace, one image repository should be used in one version and
 * variant (plan §2.1: a shared base is pulled and cached once, patched once). The
 * minority FROM lines are reported, naming the majority and where it is used.
 */
import { basename, dirname, relative } from 'node:path';
import { dockerfileRule } from '../rule';
import { normalizeRepository } from '../knowledge/base-images';
import { parseDockerfile, type DockerfileModel, type Stage } from '../model';

/** Base images a Dockerfile pulls: not `scratch`, not an earlier stage, not still a variable. */
function pulledImages(model: DockerfileModel): Stage[] {
  return model.stages.filter((s) => !s.parent && !s.image.unresolved && s.image.repository && s.image.repository !== 'scratch' && !s.image.digest);
}

/** The images each Dockerfile pulls, by path and text: the other 499 Dockerfiles are not parsed again on each keystroke. */
const pulledByFile = new Map<string, { text: string; images: { repo: string; tag: string }[] }>();
const MAX_FILES = 20_000;

function imagesOf(path: string, text: string, model?: DockerfileModel): { repo: string; tag: string }[] {
  const cached = pulledByFile.get(path);
  if (cached && cached.text === text) return cached.images;
  const images = pulledImages(model ?? parseDockerfile(text, path)).map((s) => ({ repo: normalizeRepository(s.image.repository), tag: s.image.tag ?? 'latest' }));
  if (pulledByFile.size >= MAX_FILES) pulledByFile.clear();
  pulledByFile.set(path, { text, images });
  return images;
}

export default dockerfileRule(
  { id: 'base-image-inconsistent', title: 'Use one version of each base image across the workspace', severity: 'warning', plan: '§2.1', fix: 'unsafe' },
  (ctx) => {
    const { workspace, files } = ctx;
    if (!workspace || !files) return;
    // Repositories with a baseImages policy are base-image-policy's to judge.
    const policy = new Set(Object.keys(ctx.config.baseImages).map(normalizeRepository));
    // repository → tag → Dockerfiles using it
    const usage = new Map<string, Map<string, Set<string>>>();
    for (const path of workspace.files('dockerfile')) {
      const mine = path === ctx.model.path;
      const text = mine ? ctx.model.text : files.read(path);
      if (text === undefined) continue;
      for (const { repo, tag } of imagesOf(path, text, mine ? ctx.model : undefined)) {
        if (policy.has(repo)) continue;
        const tags = usage.get(repo) ?? new Map<string, Set<string>>();
        tags.set(tag, (tags.get(tag) ?? new Set()).add(path));
        usage.set(repo, tags);
      }
    }
    const here = dirname(ctx.model.path);
    for (const stage of pulledImages(ctx.model)) {
      const tags = usage.get(normalizeRepository(stage.image.repository));
      if (!tags || tags.size < 2) continue;
      const ranked = [...tags].sort((a, b) => b[1].size - a[1].size);
      const [majorityTag, majorityFiles] = ranked[0];
      // A tie has no majority to align to.
      if (ranked[1][1].size === majorityFiles.size || (stage.image.tag ?? 'latest') === majorityTag) continue;
      const where = [...majorityFiles].slice(0, 3).map((p) => relative(here, p) || basename(p));
      const more = majorityFiles.size > 3 ? ` and ${majorityFiles.size - 3} more` : '';
      const aligned = `${stage.image.repository}:${majorityTag}`;
      const literal = !stage.image.raw.includes('$');
      ctx.report({
        start: stage.image.start,
        end: stage.image.end,
        message: `\`${stage.image.raw}\` differs from \`${aligned}\`, which ${majorityFiles.size} other Dockerfile(s) use (${where.join(', ')}${more}). One version per base image is pulled, cached and patched once (plan §2.1): align it, or set the standard in .layerwise.yaml baseImages.`,
        fixes: literal ? [{ title: `Use ${aligned}`, safe: false, edits: [ctx.replace(stage.image.start, stage.image.end, aligned)] }] : [],
      });
    }
  },
);
