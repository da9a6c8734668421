/**
 * What a `docker/bake-action` step builds from: its bake files, read through the
 * workspace view to see whether they set caches themselves.
 */
import type { WorkflowContext } from './rule';
import type { DockerBuild } from './docker';
import { inputItems } from './docker';

/** Bake's default file names, in the repository root. */
const DEFAULT_FILES = ['docker-bake.json', 'docker-bake.override.json', 'docker-bake.hcl', 'docker-bake.override.hcl', 'compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

function join(dir: string, rel: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const clean = rel.replace(/^\.\//, '');
  return dir.endsWith(sep) ? dir + clean : `${dir}${sep}${clean}`;
}

/**
 * True when a bake file of the step mentions cache-from/cache-to (HCL, JSON or
 * Compose `cache_from`), false when the files were read and none does, undefined
 * when they cannot be read (no workspace view, remote definition, expressions).
 */
export function bakeFilesDefineCache(ctx: WorkflowContext, build: DockerBuild): boolean | undefined {
  const files = ctx.files;
  if (!files) return undefined;
  const source = build.step.input('source')?.value?.trim();
  if (source && source !== '.') return undefined;
  const named = inputItems(build.step.input('files'), false).map((i) => i.value);
  if (named.some((n) => n.includes('${{') || n.includes('://'))) return undefined;
  const names = named.length ? named : DEFAULT_FILES;
  let read = false;
  for (const n of names) {
    const text = files.read(n.startsWith('/') ? n : join(ctx.model.repoRoot, n));
    if (text === undefined) continue;
    read = true;
    if (/cache[-_](from|to)/.test(text)) return true;
  }
  return read ? false : undefined;
}
