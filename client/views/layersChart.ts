/**
 * The layers as a bar chart: a webview with no scripts and a strict content security
 * policy (nothing but the nonce'd inline style), the bars inline SVG.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { humanSize } from '../docker/layers';
import { escapeXml, layersSvg } from './shares';
import { rowLabel, type LayerView } from './layers';

let panel: vscode.WebviewPanel | undefined;

export function chartHtml(view: Pick<LayerView, 'image' | 'rows' | 'total'>, nonce: string): string {
  const svg = layersSvg(view.rows.map((r) => ({ label: rowLabel(r), bytes: r.bytes, size: humanSize(r.bytes) })));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
/* The chart scales to the panel's width (it has a viewBox): no bar or label cut off at the edge. */
svg { width: 100%; max-width: 60em; height: auto; }
svg text { fill: var(--vscode-foreground); font-size: 12px; font-family: var(--vscode-editor-font-family); }
.tiny rect { fill: var(--vscode-charts-blue); } .small rect { fill: var(--vscode-charts-green); }
.large rect { fill: var(--vscode-charts-yellow); } .huge rect { fill: var(--vscode-charts-red); }
</style><title>Layers</title></head>
<body><h2>${escapeXml(view.image)}: ${escapeXml(humanSize(view.total))}</h2>${svg}</body></html>`;
}

export function showChart(view: LayerView): void {
  if (!panel) {
    panel = vscode.window.createWebviewPanel('layerwise.layersChart', 'Image Layers', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, localResourceRoots: [] });
    panel.onDidDispose(() => (panel = undefined));
  }
  panel.title = `Layers: ${view.image}`;
  panel.webview.html = chartHtml(view, randomBytes(16).toString('base64'));
  panel.reveal(vscode.ViewColumn.Beside, true);
}
