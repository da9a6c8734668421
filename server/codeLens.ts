/**
 * "context: 1,204 files, 12.3 MB" above each Dockerfile's first FROM, one lens per
 * build that uses it, so the cost of a context is seen where it is paid.
 */
import type { CodeLens } from 'vscode-languageserver/node';
import type { FileView } from '../rules/core/types';
import type { DockerfileModel } from '../rules/dockerfile/model';
import { describeSent, sentByBuild } from '../rules/workspace/context';
import type { Workspace } from '../rules/workspace/types';

export function contextLenses(model: DockerfileModel, workspace: Workspace | undefined, files: FileView | undefined): CodeLens[] {
  const first = model.stages[0];
  if (!workspace || !first) return [];
  const line = model.lines.positionAt(first.from.start).line;
  const range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const seen = new Set<string>();
  const lenses: CodeLens[] = [];
  for (const build of workspace.buildsOf(model.path)) {
    if (seen.has(build.context)) continue;
    seen.add(build.context);
    const who = build.guessed ? 'if built from its folder' : `${build.origin} "${build.name}"`;
    // No command: VS Code shows the lens as text.
    lenses.push({ range, command: { title: `context: ${describeSent(sentByBuild(workspace, build, files))} (${who})`, command: '' } });
  }
  return lenses;
}
