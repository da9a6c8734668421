/**
 * After a build, `cached` or the step's duration at the end of each instruction line,
 * so the line that busts the cache stands out. An edit clears the timings of the stage
 * it touches (they no longer describe it); the other stages' timings follow their lines.
 */
import * as vscode from 'vscode';
import { afterEdit, groupByStage, timingLabel, type LineTiming, type StageTimings } from './stageTimings';

export type { LineTiming };

export class TimingDecorations implements vscode.Disposable {
  private readonly cachedType = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
  });
  private readonly ranType = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorWarning.foreground'), fontStyle: 'italic' },
  });
  private readonly byDoc = new Map<string, StageTimings[]>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        const key = e.document.uri.toString();
        const stages = this.byDoc.get(key);
        if (!stages || !e.contentChanges.length) return;
        const changes = e.contentChanges.map((c) => ({
          startLine: c.range.start.line,
          endLine: c.range.end.line,
          insertedBreaks: c.text.split('\n').length - 1,
        }));
        const left = afterEdit(stages, changes);
        if (left.length) this.byDoc.set(key, left);
        else this.byDoc.delete(key);
        this.refresh();
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
    ];
  }

  /** `fromLines`: each stage's FROM line in the text that was built. */
  set(uri: vscode.Uri, timings: LineTiming[], fromLines: readonly number[]): void {
    this.byDoc.set(uri.toString(), groupByStage(fromLines, timings));
    this.refresh();
  }

  clear(uri: vscode.Uri): void {
    if (this.byDoc.delete(uri.toString())) this.refresh();
  }

  private refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const timings = (this.byDoc.get(editor.document.uri.toString()) ?? []).flatMap((s) => s.timings);
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
