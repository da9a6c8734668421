/**
 * Registers the Docker commands (build, bake, layer sizes, scan, history), their views,
 * decorations and CodeLens. Each command checks workspace trust before running a program.
 */
import * as vscode from 'vscode';
import { bakeCommand, generateBakeCommand } from './bake';
import { buildCommand } from './build';
import { showBuildHistoryCommand } from './buildHistory';
import { StageLenses } from './codeLens';
import { disposeBuildLog } from './dockerContext';
import { HistoryStore } from './historyStore';
import { layersCommand } from './layers';
import { scanCommand } from './scan';
import { profileResourcesCommand } from './profile';
import { LayerDecorations, LayersTree } from '../views/layers';
import { TimingDecorations } from '../views/timings';
import { VulnerabilitiesTree } from '../views/vulnerabilities';

export function registerDockerCommands(context: vscode.ExtensionContext): void {
  const history = new HistoryStore(context.workspaceState);
  const timings = new TimingDecorations();
  const decorations = new LayerDecorations();
  const layersTree = new LayersTree();
  const vulnTree = new VulnerabilitiesTree();
  const diagnostics = vscode.languages.createDiagnosticCollection('layerwise-scan');
  const lenses = new StageLenses();
  context.subscriptions.push(
    timings,
    decorations,
    layersTree,
    vulnTree,
    diagnostics,
    lenses,
    { dispose: disposeBuildLog },
    vscode.window.registerTreeDataProvider('layerwise.imageLayers', layersTree),
    vscode.window.registerTreeDataProvider('layerwise.vulnerabilities', vulnTree),
    vscode.languages.registerCodeLensProvider({ language: 'dockerfile', scheme: 'file' }, lenses),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    vscode.commands.registerCommand('layerwise.build', (arg?: unknown) => buildCommand({ context, history, timings }, arg)),
    vscode.commands.registerCommand('layerwise.showBuildHistory', () => showBuildHistoryCommand(history)),
    vscode.commands.registerCommand('layerwise.layers', (arg?: unknown) => layersCommand({ history, decorations, tree: layersTree }, arg)),
    vscode.commands.registerCommand('layerwise.scan', (arg?: unknown) => scanCommand({ history, tree: vulnTree, diagnostics }, arg)),
    vscode.commands.registerCommand('layerwise.bake', (arg?: unknown) => bakeCommand(arg)),
    vscode.commands.registerCommand('layerwise.generateBake', () => generateBakeCommand()),
    vscode.commands.registerCommand('layerwise.profileResources', () => profileResourcesCommand()),
  );
}
