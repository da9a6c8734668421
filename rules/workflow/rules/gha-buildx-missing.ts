import { addInputs, addStepBefore, buildRule, type WorkflowContext } from '../rule';
import { buildxSetupBefore, tagsUsedLater, type CacheEntry, type DockerBuild } from '../docker';
import { dockerWords } from '../docker';
import type { TextEdit } from '../../core/types';

/** Cache settings the engine's default `docker` driver cannot honour (it can export `inline` and import a registry). */
function unsupported(build: DockerBuild): CacheEntry | undefined {
  return build.cacheTo.find((c) => c.type !== 'inline') ?? build.cacheFrom.find((c) => c.type === 'gha');
}

/** A builder made by hand earlier in the job (`docker buildx create --use`). */
function createsBuilder(build: DockerBuild): boolean {
  return build.step.job.steps.some((s) => s.index <= build.step.index && (s.run?.commands ?? []).some((c) => {
    const w = dockerWords(c);
    return w?.[0]?.value === 'buildx' && (w[1]?.value === 'create' || w[1]?.value === 'use');
  }));
}

function needsBuildx(b: DockerBuild): boolean {
  return !!unsupported(b) && !b.explicitBuilder && !buildxSetupBefore(b.step) && !createsBuilder(b);
}

/**
 * Once a docker-container builder is selected, images built with it stay in the
 * builder: load the ones later steps use (single-platform builds only).
 */
function loadEdits(ctx: WorkflowContext, builds: DockerBuild[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const b of builds) {
    const words = b.command ? dockerWords(b.command) : undefined;
    let selected = b.usesSelectedBuilder;
    // Plain `docker build` keeps using the engine's builder: only `docker buildx build` uses the one just set up.
    if (b.via === 'run' && !selected && unsupported(b) && words?.length) {
      edits.push(words[0].value === 'image' ? ctx.replace(words[0].start, words[0].end, 'buildx') : ctx.insert(words[0].start, 'buildx '));
      selected = true;
    }
    if (!selected || b.load || b.outputs || b.push !== false || b.platforms.length > 1) continue;
    if (!tagsUsedLater(b, b.tags).length) continue;
    if (b.via === 'run') {
      const build = words?.[words[0]?.value === 'build' ? 0 : 1];
      if (build) edits.push(ctx.insert(build.end, ' --load'));
    } else {
      const e = addInputs(ctx.model, b.step, [['load', true]], ['push', 'tags']);
      if (e) edits.push(e);
    }
  }
  return edits;
}

export default buildRule(
  { id: 'gha-buildx-missing', title: 'Set up Buildx before exporting a build cache', severity: 'warning', plan: '§1.4', fix: 'unsafe' },
  (ctx, build, all) => {
    if (!needsBuildx(build)) return;
    const cache = unsupported(build)!;
    const job = build.step.job;
    const inJob = all.filter((b) => b.step.job === job);
    const first = inJob.find(needsBuildx) ?? build;
    const setup = addStepBefore(ctx.model, first.step, { name: 'Set up Docker Buildx', uses: 'docker/setup-buildx-action@v3' });
    const edits = setup ? [setup, ...loadEdits(ctx, inJob.filter((b) => b.step.index >= first.step.index))] : [];
    ctx.report({
      start: cache.start,
      end: cache.end,
      message: `The job "${job.id}" has no docker/setup-buildx-action step before this build: the engine's default docker driver cannot ${cache.direction === 'to' ? 'export' : 'import'} a type=${cache.type || '?'} cache (unless the runner's engine uses the containerd image store), so the build fails. Add a Buildx setup step first.`,
      fixes: edits.length ? [{ title: 'Add a docker/setup-buildx-action step before the build', safe: false, edits }] : [],
    });
  },
);
