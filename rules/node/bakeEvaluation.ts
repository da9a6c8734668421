/**
 * Bake files evaluated by bake itself when Docker is available: `docker buildx bake
 * --print` resolves variables, functions, `inherits` and matrices exactly, so the
 * workspace uses its targets instead of what reading the text could tell. Without
 * Docker (or when it fails) the text model stays.
 */
import { parseBake } from '../bake/model';
import { bakeBuilds } from '../bake/builds';
import { withBakePrint } from './bakePrint';
import type { Disk, WorkspaceIndex } from '../workspace/index';

export interface BakeEvaluationOptions {
  /** The docker executable (a setting; never taken from an untrusted workspace). */
  docker?: string;
  timeoutMs?: number;
}

/** Evaluates every bake file of the workspace; resolves to how many Docker evaluated. */
export async function evaluateBakeFiles(index: WorkspaceIndex, disk: Disk, options: BakeEvaluationOptions = {}): Promise<number> {
  let evaluated = 0;
  for (const path of index.files('bake')) {
    const text = disk.read(path);
    if (text === undefined) continue;
    const model = parseBake(text, path);
    const printed = await withBakePrint(model, { docker: options.docker, timeoutMs: options.timeoutMs });
    if (printed === model) continue;
    index.setEvaluated(path, text, bakeBuilds(printed));
    evaluated++;
  }
  return evaluated;
}
