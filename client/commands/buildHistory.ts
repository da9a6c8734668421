/**
 * "Show Build History": the last builds of each Dockerfile (plan §6.2) as markdown
 * tables with the trend of their durations, in a read-only preview.
 */
import * as vscode from 'vscode';
import type { HistoryStore } from './historyStore';
import { historyMarkdown } from './plan';
import { requireTrust } from './dockerContext';

export async function showBuildHistoryCommand(history: HistoryStore): Promise<void> {
  if (!requireTrust('Show Build History')) return;
  const records = history.records();
  if (records.length === 0) {
    void vscode.window.showInformationMessage('Layerwise: no builds yet. Run "Layerwise: Build Image with Cache" first.');
    return;
  }
  const content = historyMarkdown(records, (p) => vscode.workspace.asRelativePath(p));
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri).then(undefined, () => vscode.window.showTextDocument(doc));
}
