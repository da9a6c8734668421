/**
 * What every Docker command shares: the trust check, the program paths (settings VS
 * Code restricts in untrusted workspaces), the "Layerwise Build" output channel, clear
 * errors with a "Show Log" button, and finding the Dockerfile a command works on.
 */
import * as vscode from 'vscode';
import { dockerProblem, runTool, type ToolRun } from '../docker/exec';
import { parseDockerfile, type DockerfileModel } from '../../rules/dockerfile/model';

let channel: vscode.OutputChannel | undefined;

export function buildLog(): vscode.OutputChannel {
  channel ??= vscode.window.createOutputChannel('Layerwise Build');
  return channel;
}

export function disposeBuildLog(): void {
  channel?.dispose();
  channel = undefined;
}

/** The Docker commands work only in trusted workspaces: say so instead of running. */
export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    `Layerwise: "${what}" is available only in a trusted workspace (the Docker commands run docker and trivy on the workspace's files). Trust this workspace (Workspaces: Manage Workspace Trust) to use it.`,
  );
  return false;
}

function setting(name: string, fallback: string): string {
  return vscode.workspace.getConfiguration('layerwise').get<string>(name)?.trim() || fallback;
}

export const dockerPath = (): string => setting('docker.path', 'docker');
export const trivyPath = (): string => setting('trivy.path', 'trivy');

/** Runs a program (argument array, never a shell), writing the command line and its stderr to the log. */
export async function run(
  cmd: string,
  args: readonly string[],
  o: { cwd?: string; signal?: AbortSignal; onStdout?(chunk: string): void; onStderr?(chunk: string): void; logStderr?: boolean; timeoutMs?: number } = {},
): Promise<ToolRun> {
  const log = buildLog();
  log.appendLine(`$ ${[cmd, ...args].map(quoteForLog).join(' ')}`);
  const logStderr = o.logStderr ?? true;
  return runTool(cmd, args, {
    cwd: o.cwd,
    env: process.env,
    signal: o.signal,
    timeoutMs: o.timeoutMs,
    onStdout: o.onStdout,
    onStderr: (chunk) => {
      if (logStderr) log.append(chunk);
      o.onStderr?.(chunk);
    },
  });
}

/** Only for showing the command in the log; nothing is ever run through a shell. */
function quoteForLog(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/**
 * Shows why a run failed (docker missing, daemon down, buildx missing, …) with a
 * "Show Log" button; returns the problem kind, undefined when the run succeeded.
 */
export function reportFailure(r: ToolRun, what: string, tool: 'docker' | 'trivy' = 'docker', extra: string[] = []): string | undefined {
  if (r.cancelled) {
    buildLog().appendLine(`${what}: cancelled.`);
    void vscode.window.showInformationMessage(`Layerwise: ${what} cancelled.`);
    return 'cancelled';
  }
  const problem = dockerProblem(r, tool);
  if (!problem) return undefined;
  buildLog().appendLine(`${what} failed: ${problem.message}`);
  void showError(`Layerwise: ${what} failed. ${problem.message}`, extra);
  return problem.kind;
}

export async function showError(message: string, extra: string[] = []): Promise<string | undefined> {
  const choice = await vscode.window.showErrorMessage(message, 'Show Log', ...extra);
  if (choice === 'Show Log') buildLog().show(true);
  return choice;
}

/** Dockerfiles of the workspace, for a quick pick. */
export async function workspaceDockerfiles(): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles('**/{Dockerfile,Dockerfile.*,*.dockerfile,Containerfile,Containerfile.*}', '**/node_modules/**', 500);
  return found.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

/** The Dockerfile a command was given (editor title, CodeLens), the active editor's, or one picked. */
export async function chooseDockerfile(given: vscode.Uri | undefined, placeHolder: string): Promise<vscode.Uri | undefined> {
  if (given) return given;
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === 'file' && active.languageId === 'dockerfile') return active.uri;
  const files = await workspaceDockerfiles();
  if (files.length === 0) {
    void vscode.window.showInformationMessage('Layerwise: no Dockerfile in this workspace.');
    return undefined;
  }
  if (files.length === 1) return files[0];
  const pick = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder },
  );
  return pick?.uri;
}

/** The Dockerfile's model from its open document (unsaved edits included) or the disk. */
export async function dockerfileModel(uri: vscode.Uri): Promise<{ doc: vscode.TextDocument; model: DockerfileModel }> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return { doc, model: parseDockerfile(doc.getText(), uri.fsPath) };
}

/** Arguments commands accept: a Uri (editor title, explorer) or `{ uri, target }` (CodeLens). */
export interface CommandTarget {
  uri?: vscode.Uri;
  target?: string;
}

export function commandTarget(arg: unknown): CommandTarget {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (arg && typeof arg === 'object') {
    const o = arg as { uri?: unknown; target?: unknown };
    const uri = o.uri instanceof vscode.Uri ? o.uri : typeof o.uri === 'string' ? vscode.Uri.parse(o.uri) : undefined;
    return { uri, target: typeof o.target === 'string' ? o.target : undefined };
  }
  return {};
}

/** Reads workspace files matching a glob (text), skipping node_modules. */
export async function readWorkspaceFiles(glob: string, max = 50): Promise<{ path: string; text: string }[]> {
  const uris = await vscode.workspace.findFiles(glob, '**/node_modules/**', max);
  const out: { path: string; text: string }[] = [];
  for (const uri of uris) {
    try {
      out.push({ path: uri.fsPath, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
    } catch {
      // Unreadable: skip.
    }
  }
  return out;
}

export const COMPOSE_GLOB = '**/{docker-compose,compose}*.{yml,yaml}';
