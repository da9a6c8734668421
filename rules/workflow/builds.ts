/**
 * The builds a workflow declares, for the workspace model: `docker/build-push-action`
 * steps (`context`, `file`, `target`, `build-args`) and `docker build` / `docker
 * buildx build` in run scripts. Paths are relative to the repository root (the
 * folder above `.github`), or to the step's `working-directory`. `${{ matrix.x }}`
 * expands to one build per literal matrix value; a path that still holds an
 * expression cannot be resolved and is left out.
 */
import type { DeclaredBuild } from '../workspace/types';
import { dockerBuilds, type DockerBuild } from './docker';
import type { WorkflowModel } from './model';

const MATRIX_REF = /\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}/g;

/** Every assignment of the matrix keys `texts` mention ({} when they mention none). */
function assignments(build: DockerBuild, texts: (string | undefined)[]): Record<string, string>[] {
  const keys = [...new Set(texts.flatMap((t) => [...(t ?? '').matchAll(MATRIX_REF)].map((m) => m[1])))];
  let out: Record<string, string>[] = [{}];
  for (const k of keys) {
    const values = build.step.job.matrix?.values[k] ?? [];
    if (!values.length) return [];
    out = out.flatMap((a) => values.map((v) => ({ ...a, [k]: v })));
  }
  return out;
}

function expand(text: string | undefined, a: Record<string, string>): string | undefined {
  return text?.replace(MATRIX_REF, (m, k: string) => a[k] ?? m);
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

function joinPath(base: string, rel: string | undefined): string {
  if (!rel || rel === '.' || rel === './') return base;
  if (rel.startsWith('/') || /^[A-Za-z]:[\\/]/.test(rel)) return rel;
  const sep = base.includes('\\') && !base.includes('/') ? '\\' : '/';
  return `${base.replace(/[\\/]+$/, '')}${sep}${rel.replace(/^\.\//, '').replace(/[\\/]+$/, '')}`;
}

export function workflowBuilds(model: WorkflowModel): DeclaredBuild[] {
  const out: DeclaredBuild[] = [];
  for (const b of dockerBuilds(model)) {
    if (b.via === 'bake') continue;
    let context = b.context?.trim();
    // build-push-action's default is the Git context of the commit: the repository's files.
    if (context?.startsWith('{{defaultContext}}')) context = context.slice('{{defaultContext}}'.length).replace(/^:/, '') || undefined;
    if (context === '-' || b.file === '-') continue;
    if (context && REMOTE.test(context)) continue;
    const workingDirectory = b.via === 'run' ? b.step.workingDirectory ?? b.step.job.workingDirectory : undefined;
    if (workingDirectory?.includes('${{')) continue;
    const baseDir = joinPath(model.repoRoot, workingDirectory);
    const name = b.step.name ?? b.step.id ?? `${b.step.job.id} step ${b.step.index + 1}`;
    for (const a of assignments(b, [context, b.file, b.target, ...Object.values(b.args)])) {
      const ctx = expand(context, a);
      const file = expand(b.file?.trim(), a);
      const target = expand(b.target?.trim(), a);
      if ([ctx, file, target].some((t) => t?.includes('${{') || t?.includes('$'))) continue;
      const args: Record<string, string> = {};
      for (const [k, v] of Object.entries(b.args)) args[k] = expand(v, a) ?? v;
      const suffix = Object.values(a).length ? ` (${Object.values(a).join(', ')})` : '';
      out.push({
        origin: 'workflow',
        file: model.path,
        baseDir,
        context: ctx || undefined,
        dockerfile: file || undefined,
        // `-f` / `file:` is relative to the working directory, not to the context.
        dockerfileRelativeTo: file ? 'base' : 'context',
        target: target || undefined,
        args,
        name: name + suffix,
        range: model.lines.range(b.anchor.start, b.anchor.end),
      });
    }
  }
  return out;
}
