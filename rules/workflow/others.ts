/**
 * The workspace's other workflow and bake files, for rules that judge the whole
 * repository (one GitHub Actions cache shared by every workflow; a scan in any
 * workflow covers the images). Parsed models are kept per text, so typing in one
 * file does not reparse the others.
 */
import type { WorkflowContext } from './rule';
import { parseWorkflow, type WorkflowModel } from './model';

const parsed = new Map<string, WorkflowModel>();
const MAX_CACHED = 64;

function parseCached(text: string, path: string): WorkflowModel {
  const key = `${path}\0${text}`;
  let m = parsed.get(key);
  if (!m) {
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value as string);
    m = parseWorkflow(text, path);
    parsed.set(key, m);
  }
  return m;
}

/** The other workflows of the workspace that can be read; empty when linting a text alone. */
export function otherWorkflows(ctx: WorkflowContext): WorkflowModel[] {
  const { workspace, files } = ctx;
  if (!workspace || !files) return [];
  const out: WorkflowModel[] = [];
  for (const path of workspace.files('workflow')) {
    if (path === ctx.model.path) continue;
    const text = files.read(path);
    if (text !== undefined) out.push(parseCached(text, path));
  }
  return out;
}

/** Texts of the workspace's bake files (for a cheap look at their cache settings). */
export function bakeTexts(ctx: WorkflowContext): { path: string; text: string }[] {
  const { workspace, files } = ctx;
  if (!workspace || !files) return [];
  return workspace.files('bake').flatMap((path) => {
    const text = files.read(path);
    return text === undefined ? [] : [{ path, text }];
  });
}

/** `/repo/.github/workflows/release.yml` → `release.yml`. */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
