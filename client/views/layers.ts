/**
 * Layer sizes beside the Dockerfile: the size at the end of each instruction line,
 * coloured by its share of the image (exact bytes on hover), and the "Image Layers"
 * tree, largest first, a click revealing the line.
 */
import * as vscode from 'vscode';
import { humanSize, type LayerRow } from '../docker/layers';
import { percent, shareBucket, type ShareBucket } from './shares';

export interface LayerView {
  uri: vscode.Uri;
  image: string;
  rows: LayerRow[];
  total: number;
}

const COLORS: Record<ShareBucket, string> = {
  tiny: 'editorCodeLens.foreground',
  small: 'editorInfo.foreground',
  large: 'editorWarning.foreground',
  huge: 'editorError.foreground',
};

export function rowLabel(r: LayerRow): string {
  if (r.base) return `base image${r.stage ? ` (stage ${r.stage})` : ''}`;
  return r.createdBy.replace(/^\/bin\/sh -c (#\(nop\) )?/, '').replace(/\s+/g, ' ').trim() || '(empty)';
}

export class LayerDecorations implements vscode.Disposable {
  private readonly types = new Map<ShareBucket, vscode.TextEditorDecorationType>(
    (Object.keys(COLORS) as ShareBucket[]).map((b) => [
      b,
      vscode.window.createTextEditorDecorationType({ after: { margin: '0 0 0 3em', color: new vscode.ThemeColor(COLORS[b]) } }),
    ]),
  );
  private current: LayerView | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
      // Line numbers no longer match the image once the text changes.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.current && e.document.uri.toString() === this.current.uri.toString()) this.show(undefined);
      }),
    ];
  }

  show(view: LayerView | undefined): void {
    this.current = view;
    this.refresh();
  }

  private refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const mine = this.current && editor.document.uri.toString() === this.current.uri.toString() ? this.current : undefined;
      const byBucket = new Map<ShareBucket, vscode.DecorationOptions[]>();
      if (mine) {
        // Several layers can come from one line (a base image and its FROM): sum them.
        const byLine = new Map<number, number>();
        for (const r of mine.rows) if (r.line !== undefined && !r.emptyLayer && r.line < editor.document.lineCount) byLine.set(r.line, (byLine.get(r.line) ?? 0) + r.bytes);
        for (const [line, bytes] of byLine) {
          const end = editor.document.lineAt(line).range.end;
          const bucket = shareBucket(bytes, mine.total);
          const md = new vscode.MarkdownString(`**${humanSize(bytes)}** (${bytes.toLocaleString('en-US')} bytes, ${percent(bytes, mine.total)} of \`${mine.image}\`)`);
          byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), { range: new vscode.Range(end, end), hoverMessage: md, renderOptions: { after: { contentText: `${humanSize(bytes)} · ${percent(bytes, mine.total)}` } } }]);
        }
      }
      for (const [bucket, type] of this.types) editor.setDecorations(type, byBucket.get(bucket) ?? []);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const t of this.types.values()) t.dispose();
  }
}

export class LayersTree implements vscode.TreeDataProvider<LayerRow> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private view: LayerView | undefined;

  show(view: LayerView | undefined): void {
    this.view = view;
    void vscode.commands.executeCommand('setContext', 'layerwise.hasLayers', !!view);
    this.changed.fire();
  }

  getChildren(element?: LayerRow): LayerRow[] {
    if (element || !this.view) return [];
    return [...this.view.rows].filter((r) => !r.emptyLayer || r.bytes > 0).sort((a, b) => b.bytes - a.bytes);
  }

  getTreeItem(r: LayerRow): vscode.TreeItem {
    const v = this.view!;
    const item = new vscode.TreeItem(`${humanSize(r.bytes)}  ${rowLabel(r)}`);
    item.description = `${percent(r.bytes, v.total)}${r.stage ? ` · ${r.stage}` : ''}`;
    item.tooltip = new vscode.MarkdownString(`${r.bytes.toLocaleString('en-US')} bytes\n\n\`\`\`\n${r.createdBy}\n\`\`\``);
    item.iconPath = new vscode.ThemeIcon(r.base ? 'package' : 'layers');
    if (r.line !== undefined) {
      item.command = { title: 'Reveal', command: 'vscode.open', arguments: [v.uri, { selection: new vscode.Range(r.line, 0, r.line, 0) }] };
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
