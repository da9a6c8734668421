/**
 * Registers the Docker commands (build, bake, layer sizes, scan, history), their views,
 * decorations and CodeLens. Each command checks workspace trust before running a program.
 * The handlers (and the parsers they need) load on first use, so activation stays light.
 */
import * as vscode from 'vscode';
import { StageLenses } from './codeLens';
import { HistoryStore } from './historyStore';
import { LayerDecorations, LayersTree } from '../views/layers';
import { TimingDecorations } from '../views/timings';
import { VulnerabilitiesTree } from '../views/vulnerabilities';

type Handlers = typeof import('./handlers');
let handlers: Promise<Handlers> | undefined;
// A plain require: in the package, ./handlers is dist/handlers.js, a bundle of its own
// (scripts/build.mjs), which Node's CommonJS loader finds without an extension.
export const loadHandlers = (): Promise<Handlers> => (handlers ??= Promise.resolve().then(() => require('./handlers') as Handlers));

export function registerDockerCommands(context: vscode.ExtensionContext): void {
  const history = new HistoryStore(context.workspaceState);
  const timings = new TimingDecorations();
  const decorations = new LayerDecorations();
  const layersTree = new LayersTree();
  const vulnTree = new VulnerabilitiesTree();
  const diagnostics = vscode.languages.createDiagnosticCollection('layerwise-scan');
  const lenses = new StageLenses(async () => (await loadHandlers()).parseDockerfile);
  context.subscriptions.push(
    timings,
    decorations,
    layersTree,
    vulnTree,
    diagnostics,
    lenses,
    { dispose: () => void handlers?.then((h) => h.disposeBuildLog()) },
    vscode.window.registerTreeDataProvider('layerwise.imageLayers', layersTree),
    vscode.window.registerTreeDataProvider('layerwise.vulnerabilities', vulnTree),
    vscode.languages.registerCodeLensProvider({ language: 'dockerfile', scheme: 'file' }, lenses),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    vscode.commands.registerCommand('layerwise.build', async (arg?: unknown) => (await loadHandlers()).buildCommand({ context, history, timings }, arg)),
    vscode.commands.registerCommand('layerwise.showBuildHistory', async () => (await loadHandlers()).showBuildHistoryCommand(history)),
    vscode.commands.registerCommand('layerwise.layers', async (arg?: unknown) => (await loadHandlers()).layersCommand({ history, decorations, tree: layersTree }, arg)),
    vscode.commands.registerCommand('layerwise.scan', async (arg?: unknown) => (await loadHandlers()).scanCommand({ history, tree: vulnTree, diagnostics }, arg)),
    vscode.commands.registerCommand('layerwise.bake', async (arg?: unknown) => (await loadHandlers()).bakeCommand(arg)),
    vscode.commands.registerCommand('layerwise.generateBake', async () => (await loadHandlers()).generateBakeCommand()),
    vscode.commands.registerCommand('layerwise.profileResources', async () => (await loadHandlers()).profileResourcesCommand()),
  );
}
