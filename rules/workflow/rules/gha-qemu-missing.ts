import { addStepBefore, buildRule } from '../rule';
import { isAction, NATIVE_PLATFORMS, runnerArch, SETUP_BUILDX, SETUP_QEMU } from '../knowledge/actions';
import type { DockerBuild, Item } from '../docker';
import type { WorkflowStep } from '../model';

const ALIASES: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', i386: '386', armhf: 'arm' };

/** `linux/arm64/v8` → `arm64`; undefined for expressions. */
function archOf(platform: string): string | undefined {
  if (platform.includes('$')) return undefined;
  const parts = platform.trim().toLowerCase().split('/');
  const arch = parts.length > 1 ? parts[1] : parts[0];
  return ALIASES[arch] ?? arch;
}

/** Emulation, or builders that run elsewhere (remote, Kubernetes, appended native nodes), set up before the step. */
function canBuildForeign(step: WorkflowStep): boolean {
  return step.job.steps.some((s) => {
    if (s.index >= step.index) return false;
    if (isAction(s, SETUP_QEMU)) return true;
    if (isAction(s, SETUP_BUILDX)) {
      const driver = s.input('driver')?.value?.trim();
      return driver === 'remote' || driver === 'kubernetes' || s.input('append') !== undefined || s.input('endpoint') !== undefined;
    }
    const script = s.run?.text ?? '';
    return script.includes('binfmt') || script.includes('qemu-user-static');
  });
}

function foreign(build: DockerBuild): Item[] {
  if (build.via === 'bake' || build.explicitBuilder) return [];
  const arch = runnerArch(build.step.job.runsOn);
  if (!arch || canBuildForeign(build.step)) return [];
  return build.platforms.filter((p) => {
    const a = archOf(p.value);
    return a !== undefined && !NATIVE_PLATFORMS[arch].includes(a);
  });
}

export default buildRule(
  { id: 'gha-qemu-missing', title: 'Set up QEMU for foreign-architecture builds', severity: 'warning', plan: '§5.2', fix: 'unsafe' },
  (ctx, build, all) => {
    const items = foreign(build);
    if (!items.length) return;
    const job = build.step.job;
    const first = all.find((b) => b.step.job === job && foreign(b).length) ?? build;
    // Convention (and docker's docs): QEMU first, then Buildx, then the build.
    const buildx = job.steps.find((s) => s.index < first.step.index && isAction(s, SETUP_BUILDX));
    const edit = addStepBefore(ctx.model, buildx ?? first.step, { name: 'Set up QEMU', uses: 'docker/setup-qemu-action@v3' });
    const arch = runnerArch(job.runsOn);
    for (const p of items) {
      ctx.report({
        start: p.start,
        end: p.end,
        message: `The job "${job.id}" runs on an ${arch} runner but builds for ${p.value} without docker/setup-qemu-action: every RUN of that platform fails with "exec format error". Add a QEMU setup step before the build (or build that platform on a matching runner).`,
        fixes: edit ? [{ title: 'Add a docker/setup-qemu-action step', safe: false, edits: [edit] }] : [],
      });
    }
  },
);
