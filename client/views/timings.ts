/**
 * After a build, `cached` or the step's duration at the end of each instruction line,
 * so the line that busts the cache stands out. Cleared on any edit of that document
 * (its lines no longer match what was built).
 */
import * as vscode from 'vscode';
import { timingLabel } from '../commands/plan';

export interface LineTiming {
  line: number;
  cached: boolean;
  ms?: number;
}

export class TimingDecorations implements vscode.Disposable {
  private readonly cachedType = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
  });
  private readonly ranType = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorWarning.foreground'), fontStyle: 'italic' },
  });
  private readonly byDoc = new Map<string, LineTiming[]>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.byDoc.delete(e.document.uri.toString())) this.refresh();
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
    ];
  }

  set(uri: vscode.Uri, timings: LineTiming[]): void {
    this.byDoc.set(uri.toString(), timings);
    this.refresh();
  }

  clear(uri: vscode.Uri): void {
    if (this.byDoc.delete(uri.toString())) this.refresh();
  }

  private refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const timings = this.byDoc.get(editor.document.uri.toString()) ?? [];
      const options = (cached: boolean): vscode.DecorationOptions[] =>
        timings
          .filter((t) => t.cached === cached && t.line < editor.document.lineCount && timingLabel(t))
          .map((t) => {
            const end = editor.document.lineAt(t.line).range.end;
            return {
              range: new vscode.Range(end, end),
              hoverMessage: t.cached ? 'Layerwise: this step came from the build cache.' : `Layerwise: this step ran for ${t.ms} ms in the last build.`,
              renderOptions: { after: { contentText: timingLabel(t) } },
            };
          });
      editor.setDecorations(this.cachedType, options(true));
      editor.setDecorations(this.ranType, options(false));
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.cachedType.dispose();
    this.ranType.dispose();
  }
}
