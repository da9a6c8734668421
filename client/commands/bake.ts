/**
 * "Bake All Services" runs `docker buildx bake` on the workspace's bake file;
 * "Generate docker-bake.hcl from Compose" writes targets named after the Compose
 * services (bake merges Compose and bake targets by name) into an unsaved editor.
 */
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { classifyPath } from '../../rules/core/classify';
import { overrideName } from '../../rules/compose/knowledge/overrideFiles';
import { bakeArgs } from '../docker/buildArgs';
import { bakeFromCompose } from '../docker/bakeFromCompose';
import { buildLog, COMPOSE_GLOB, readWorkspaceFiles, reportFailure, requireTrust } from './dockerContext';
import { seconds } from '../docker/buildHistory';
import { withSubcommand } from './plan';
import { runBuildx } from './progressRun';

const BAKE_GLOB = '**/docker-bake*.{hcl,json}';

async function pickFile(uris: vscode.Uri[], placeHolder: string): Promise<vscode.Uri | undefined> {
  if (uris.length <= 1) return uris[0];
  const pick = await vscode.window.showQuickPick(
    uris.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder },
  );
  return pick?.uri;
}

export async function bakeCommand(arg?: unknown): Promise<boolean> {
  if (!requireTrust('Bake All Services')) return false;
  // The bake file the command was run on (explorer, editor title), else the one in the active editor.
  const active = vscode.window.activeTextEditor?.document.uri;
  const given = [arg, active].find((u): u is vscode.Uri => u instanceof vscode.Uri && u.scheme === 'file' && classifyPath(u.fsPath) === 'bake');
  const found = given ? [given] : (await vscode.workspace.findFiles(BAKE_GLOB, '**/node_modules/**', 50)).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  if (found.length === 0) {
    const choice = await vscode.window.showInformationMessage('Layerwise: no docker-bake.hcl in this workspace.', 'Generate from Compose');
    if (choice) void vscode.commands.executeCommand('layerwise.generateBake');
    return false;
  }
  const file = await pickFile(found, 'Bake file to build');
  if (!file) return false;
  let args: string[];
  try {
    args = withSubcommand(bakeArgs({ file: file.fsPath }), 'bake');
  } catch (e) {
    void vscode.window.showErrorMessage(`Layerwise: ${(e as Error).message}`);
    return false;
  }
  const log = buildLog();
  log.appendLine('');
  log.appendLine(`Baking ${vscode.workspace.asRelativePath(file)}`);
  const started = Date.now();
  const { result, progress } = await runBuildx(`Baking ${vscode.workspace.asRelativePath(file)}`, args, dirname(file.fsPath));
  if (reportFailure(result, 'Bake') || result.code !== 0) return false;
  const s = progress.summary();
  const text = `Baked ${vscode.workspace.asRelativePath(file)} in ${seconds(Date.now() - started)}: ${s.cached} of ${s.total} steps cached.`;
  log.appendLine(text);
  void vscode.window.showInformationMessage(`Layerwise: ${text}`, 'Show Log').then((c) => c && log.show(true));
  return true;
}

const isOverrideName = (path: string): boolean => overrideName(basename(path)) !== undefined;

export async function generateBakeCommand(): Promise<boolean> {
  if (!requireTrust('Generate docker-bake.hcl from Compose')) return false;
  const files = await readWorkspaceFiles(COMPOSE_GLOB);
  if (files.length === 0) {
    void vscode.window.showInformationMessage('Layerwise: no Compose file (compose.yaml, docker-compose.yml, …) in this workspace.');
    return false;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length > 1 ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder the docker-bake.hcl is for' }) : folders[0];
  const bakeDir = folder?.uri.fsPath ?? dirname(files[0].path);
  // Base files before their overrides (later files override earlier ones), then by path: the same text every time.
  const mine = files
    .filter((f) => !folder || vscode.workspace.getWorkspaceFolder(vscode.Uri.file(f.path))?.uri.toString() === folder.uri.toString())
    .sort((a, b) => Number(isOverrideName(a.path)) - Number(isOverrideName(b.path)) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const content = bakeFromCompose(mine, bakeDir);
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument({ language: 'hcl', content });
  } catch {
    // No HCL language installed: plain text is fine for review.
    doc = await vscode.workspace.openTextDocument({ content });
  }
  await vscode.window.showTextDocument(doc);
  void vscode.window.showInformationMessage(`Layerwise: review the generated bake file and save it as ${vscode.workspace.asRelativePath(vscode.Uri.file(`${bakeDir}/docker-bake.hcl`))}.`);
  return true;
}
