/**
 * The VS Code side: starts the bundled language server, adds a few commands and the
 * Docker commands of client/commands (build, bake, layer sizes, scan).
 * Everything that judges files lives in the server and the engine; this stays thin.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { documentSelector, watchedFilePatterns } from './selector';
import { registerDockerCommands } from './commands/index';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('layerwise');

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  output ??= vscode.window.createOutputChannel('Layerwise', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    // A request that fails (for instance one caught by a restart: the library's own race) is
    // logged, not thrown at the user as a toast; a server crash still notifies ('force').
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: {
      // Config files and the files cross-file rules read are watched for the server.
      fileEvents: watchedFilePatterns.map((p) => vscode.workspace.createFileSystemWatcher(p)),
    },
    diagnosticCollectionName: 'layerwise',
    // Programs (docker) run only for trusted workspaces; the path comes from a setting VS Code restricts.
    initializationOptions: {
      workspaceTrusted: vscode.workspace.isTrusted,
      dockerPath: vscode.workspace.getConfiguration('layerwise').get<string>('docker.path') || 'docker',
    },
  };
  return new LanguageClient('layerwise', 'Layerwise', serverOptions, clientOptions);
}

export function activate(context: vscode.ExtensionContext): void {
  client = createClient(context);
  context.subscriptions.push(
    vscode.commands.registerCommand('layerwise.restartServer', async () => {
      await client?.restart();
      vscode.window.setStatusBarMessage('Layerwise: language server restarted', 3000);
    }),
    vscode.commands.registerCommand('layerwise.showOutput', () => output?.show(true)),
    vscode.commands.registerCommand('layerwise.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        vscode.window.showInformationMessage('Layerwise: open a Dockerfile to fix.');
        return false;
      }
      // The server's source.fixAll.layerwise action, applied and awaited, so callers can
      // rely on the text being fixed when the command resolves.
      const doc = editor.document;
      const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        whole,
        FIX_ALL_KIND.value,
      );
      const fixAll = actions?.find((a) => a.kind && FIX_ALL_KIND.contains(a.kind) && a.edit);
      if (!fixAll?.edit) {
        vscode.window.setStatusBarMessage('Layerwise: nothing to fix', 3000);
        return false;
      }
      return vscode.workspace.applyEdit(fixAll.edit);
    }),
  );
  registerDockerCommands(context);
  // Trust granted later: start again so the server may run docker.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()));
  // Not awaited: the server starts in the background, so activation (which VS Code times
  // and which holds up other extensions' activation events) ends once everything is registered.
  // The client queues requests until the server is up; a failed start is logged and shown.
  const starting = client;
  starting.start().catch((e: unknown) => {
    output?.error(`The Layerwise language server did not start: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    if (client === starting) void vscode.window.showErrorMessage('Layerwise: the language server did not start. See "Layerwise: Show Output".');
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
