import { addStepBefore, buildRule } from '../rule';
import { GITHUB_RUNTIME, GITHUB_SCRIPT, isAction } from '../knowledge/actions';
import type { DockerBuild } from '../docker';
import type { WorkflowStep } from '../model';

const TOKEN = 'ACTIONS_RUNTIME_TOKEN';

/** A step before `step` that exports the runtime token to later steps, or env that sets it. */
function tokenExposed(step: WorkflowStep): boolean {
  const job = step.job;
  if (step.env.has(TOKEN) || job.env.has(TOKEN)) return true;
  return job.steps.some((s) => {
    if (s.index >= step.index) return false;
    if (isAction(s, GITHUB_RUNTIME)) return true;
    if (isAction(s, GITHUB_SCRIPT)) return (s.input('script')?.value ?? '').includes(TOKEN);
    const script = s.run?.text ?? '';
    return script.includes(TOKEN) && script.includes('GITHUB_ENV');
  });
}

function ghaCaches(build: DockerBuild) {
  return [...build.cacheFrom, ...build.cacheTo].filter((c) => c.type === 'gha' && !c.attrs.has('token'));
}

function missing(build: DockerBuild): boolean {
  return build.via === 'run' && ghaCaches(build).length > 0 && !build.step.job.env.has(TOKEN) && !tokenExposed(build.step);
}

export default buildRule(
  { id: 'gha-runtime-token-missing', title: 'Expose the Actions runtime to type=gha caches in run steps', severity: 'error', plan: '§1.4', fix: 'unsafe' },
  (ctx, build, all) => {
    if (ctx.model.env.has(TOKEN) || !missing(build)) return;
    const step = build.step;
    const run = step.run!;
    // One setup step serves the whole job: every finding of the job offers the same edit.
    const first = all.find((b) => b.step.job === step.job && missing(b)) ?? build;
    const edit = addStepBefore(ctx.model, first.step, { name: 'Expose GitHub runtime for the build cache', uses: 'crazy-max/ghaction-github-runtime@v3' });
    for (const c of ghaCaches(build)) {
      const typeAt = c.exact ? c.value.indexOf('type=gha') : -1;
      const [start, end] = typeAt >= 0 ? [c.start + typeAt, c.start + typeAt + 'type=gha'.length] : [run.key.range?.[0] ?? step.start, run.key.range?.[1] ?? step.start];
      ctx.report({
        start,
        end,
        message: `--cache-${c.direction} type=gha in a run step needs the Actions runtime token and cache URL, which GitHub only gives to actions: without them the cache ${c.direction === 'to' ? 'export fails' : 'import is skipped'}. Add a crazy-max/ghaction-github-runtime step before it (or use docker/build-push-action).`,
        fixes: edit ? [{ title: 'Add a crazy-max/ghaction-github-runtime step before the build', safe: false, edits: [edit] }] : [],
      });
    }
  },
);
