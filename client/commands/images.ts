/**
 * The image a Dockerfile was last built as (or one picked from `docker image ls`), and
 * its layers mapped onto the Dockerfile's instructions: shared by "Show Layer Sizes"
 * and "Scan Image for Vulnerabilities".
 */
import * as vscode from 'vscode';
import { mapLayers, parseHistory, type LayerRow } from '../docker/layers';
import type { DockerfileModel } from '../../rules/dockerfile/model';
import { dockerPath, reportFailure, run } from './dockerContext';
import type { HistoryStore } from './historyStore';
import { imageChoices } from './plan';

export interface ImageInspect {
  Id?: string;
  Size?: number;
  RootFS?: { Layers?: string[] };
}

/** The last image built from this Dockerfile, else one the user picks. */
export async function chooseImage(history: HistoryStore, dockerfile: string, purpose: string): Promise<string | undefined> {
  const last = history.lastTag(dockerfile);
  if (last) return last;
  const r = await run(dockerPath(), ['image', 'ls', '--format', '{{json .}}'], { timeoutMs: 30_000 });
  if (reportFailure(r, 'Listing images') || r.code !== 0) return undefined;
  const choices = imageChoices(r.stdout);
  if (choices.length === 0) {
    void vscode.window.showInformationMessage('Layerwise: no local images. Build this Dockerfile first ("Layerwise: Build Image with Cache").');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(choices, { placeHolder: `No build of this Dockerfile recorded: image to ${purpose}`, matchOnDescription: true });
  return pick?.ref;
}

export interface ImageLayers {
  image: string;
  inspect: ImageInspect;
  rows: LayerRow[];
  /** Sum of the rows' bytes. */
  total: number;
}

/** `docker history` + `docker image inspect`, mapped onto the Dockerfile. Undefined (error shown) on failure. */
export async function loadLayers(image: string, model: DockerfileModel, target: string | undefined): Promise<ImageLayers | undefined> {
  const history = await run(dockerPath(), ['history', '--no-trunc', '--human=false', '--format', '{{json .}}', image], { timeoutMs: 60_000 });
  if (reportFailure(history, `Reading the history of ${image}`) || history.code !== 0) return undefined;
  const inspectRun = await run(dockerPath(), ['image', 'inspect', image], { timeoutMs: 60_000 });
  if (reportFailure(inspectRun, `Inspecting ${image}`) || inspectRun.code !== 0) return undefined;
  let inspect: ImageInspect = {};
  try {
    const parsed = JSON.parse(inspectRun.stdout) as unknown;
    inspect = (Array.isArray(parsed) ? parsed[0] : parsed) as ImageInspect;
  } catch {
    void vscode.window.showErrorMessage(`Layerwise: could not read \`docker image inspect ${image}\`'s output.`);
    return undefined;
  }
  const rows = mapLayers(parseHistory(history.stdout), inspect, model, target);
  return { image, inspect, rows, total: rows.reduce((s, r) => s + r.bytes, 0) };
}
