/**
 * CI tests on one runtime while the images ship another: `actions/setup-python` with
 * 3.11 while every Dockerfile builds on python:3.12 (plan §2.1: one version, one
 * truth). Compares with the base images of the workspace's Dockerfiles.
 */
import { basename, relative } from 'node:path';
import { workflowRule } from '../rule';
import { repositoryRoot } from '../model';
import { isAction } from '../knowledge/actions';
import { parseDockerfileCached } from '../../workspace/crossFile';
import { normalizeRepository } from '../../dockerfile/knowledge/base-images';
import { span } from '../../yaml/nodes';

/** Which setup action pins which image family, and how much of a version is compared. */
const RUNTIMES = [
  { action: 'actions/setup-python', input: 'python-version', repository: 'python', parts: 2, name: 'Python' },
  { action: 'actions/setup-node', input: 'node-version', repository: 'node', parts: 1, name: 'Node.js' },
] as const;

/** `3.12.4`, `3.12-slim`, `3.12.x` → `3.12` (parts = 2); `22-alpine`, `22.11.0` → `22` (parts = 1). */
function versionOf(text: string, parts: number): string | undefined {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(text.trim());
  if (!m) return undefined;
  const nums = m[1].split('.');
  return nums.length >= parts ? nums.slice(0, parts).join('.') : undefined;
}

export default workflowRule(
  { id: 'ci-runtime-mismatch', title: "Test on the runtime version the images ship", severity: 'info', plan: '§2.1' },
  (ctx) => {
    const { workspace, files } = ctx;
    if (!workspace || !files) return;
    let images: Map<string, Map<string, string[]>> | undefined;
    // repository → version → Dockerfiles, computed once per lint and only when a setup step exists.
    const imageVersions = () => {
      if (images) return images;
      images = new Map();
      for (const path of workspace.files('dockerfile')) {
        const text = files.read(path);
        if (text === undefined) continue;
        for (const stage of parseDockerfileCached(text, path).stages) {
          if (stage.parent || stage.image.unresolved || !stage.image.tag) continue;
          const runtime = RUNTIMES.find((r) => normalizeRepository(stage.image.repository) === r.repository);
          const version = runtime && versionOf(stage.image.tag, runtime.parts);
          if (!runtime || !version) continue;
          const byVersion = images.get(runtime.repository) ?? new Map<string, string[]>();
          byVersion.set(version, [...(byVersion.get(version) ?? []), path]);
          images.set(runtime.repository, byVersion);
        }
      }
      return images;
    };
    for (const job of ctx.model.jobs) {
      for (const step of job.steps) {
        const runtime = RUNTIMES.find((r) => isAction(step, r.action));
        const input = runtime && step.input(runtime.input);
        if (!runtime || !input?.value || input.value.includes('${{')) continue;
        const version = versionOf(input.value, runtime.parts);
        const shipped = imageVersions().get(runtime.repository);
        if (!version || !shipped?.size || shipped.has(version)) continue;
        const r = span(input.node);
        if (!r) continue;
        const root = repositoryRoot(ctx.model.path);
        const list = [...shipped].map(([v, paths]) => `${v} (${paths.slice(0, 2).map((p) => relative(root, p) || basename(p)).join(', ')}${paths.length > 2 ? ', …' : ''})`).join(', ');
        ctx.report({
          start: r[0],
          end: r[1],
          message: `CI sets up ${runtime.name} ${input.value}, but the images ship ${runtime.name} ${list}: tests pass on a version that is not deployed. Use the images' version here (or align the images).`,
        });
      }
    }
  },
);
