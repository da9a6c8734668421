/**
 * The builds a bake file declares, in the workspace model's terms: each target bake
 * builds, with its context and Dockerfile as written (relative to the bake file's
 * folder, the Dockerfile to the context), stage and build args. Targets whose paths
 * the text cannot evaluate, remote contexts and inline Dockerfiles are left out.
 */
import { dirname } from 'node:path';
import type { DeclaredBuild } from '../workspace/types';
import type { BakeModel, BakeTarget } from './model';

/** A remote context (Git or HTTP URL): no folder on disk to look at. */
export function isRemoteContext(context: string): boolean {
  return (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) && !context.startsWith('cwd://')) || context.startsWith('git@') || context.startsWith('github.com/');
}

/** The context as a local path (`cwd://` stripped), or undefined when it is unknown or remote. */
export function localContext(t: BakeTarget): string | undefined {
  if (t.unknown.has('context')) return undefined;
  const context = t.context ?? '.';
  if (isRemoteContext(context)) return undefined;
  return context.startsWith('cwd://') ? context.slice(6) || '.' : context;
}

export function bakeBuilds(model: BakeModel): DeclaredBuild[] {
  const out: DeclaredBuild[] = [];
  const baseDir = dirname(model.path);
  for (const t of model.targets) {
    if (!t.built || t.set.has('dockerfile-inline')) continue;
    const context = localContext(t);
    if (context === undefined || t.unknown.has('dockerfile') || t.unknown.has('target')) continue;
    out.push({
      origin: 'bake',
      file: model.path,
      baseDir,
      context,
      dockerfile: t.dockerfile,
      dockerfileRelativeTo: 'context',
      target: t.target,
      // Unknown args (a function call) leave the known ones out too: partial args would mislead.
      args: t.unknown.has('args') ? {} : { ...t.args },
      name: t.name,
      range: t.nameEnd > t.nameStart ? model.lines.range(t.nameStart, t.nameEnd) : undefined,
    });
  }
  return out;
}
