/**
 * "Show Layer Sizes": the image last built from this Dockerfile (or a picked one),
 * its layers mapped onto the instructions, shown beside the lines, in the "Image
 * Layers" tree and as a chart.
 */
import * as vscode from 'vscode';
import { humanSize } from '../docker/layers';
import { chooseDockerfile, commandTarget, dockerfileModel, requireTrust } from './dockerContext';
import type { HistoryStore } from './historyStore';
import { chooseImage, loadLayers } from './images';
import type { LayerDecorations, LayersTree } from '../views/layers';
import { showChart } from '../views/layersChart';

export interface LayersDeps {
  history: HistoryStore;
  decorations: LayerDecorations;
  tree: LayersTree;
}

export async function layersCommand(deps: LayersDeps, arg?: unknown): Promise<boolean> {
  if (!requireTrust('Show Layer Sizes')) return false;
  const given = commandTarget(arg);
  const uri = await chooseDockerfile(given.uri, 'Dockerfile whose image to measure');
  if (!uri) return false;
  const image = await chooseImage(deps.history, uri.fsPath, 'measure');
  if (!image) return false;
  const { model } = await dockerfileModel(uri);
  // The stage the image was built for decides which instructions made its layers.
  const target = (deps.history.targetOf(image) ?? { target: given.target }).target;
  const layers = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Layerwise: reading the layers of ${image}` }, () => loadLayers(image, model, target));
  if (!layers) return false;
  const view = { uri, image, rows: layers.rows, total: layers.total };
  deps.decorations.show(view);
  deps.tree.show(view);
  await vscode.window.showTextDocument(uri, { preserveFocus: false, preview: false });
  showChart(view);
  vscode.window.setStatusBarMessage(`Layerwise: ${image} is ${humanSize(layers.total)} in ${layers.rows.length} rows`, 5000);
  return true;
}
