/**
 * "Build stage" and "Layer sizes" above each stage's FROM. The language server adds its
 * own "context: …" lens above the first FROM; VS Code shows both side by side.
 */
import * as vscode from 'vscode';
import type { parseDockerfile } from '../../rules/dockerfile/model';

export class StageLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  /** The parser comes with the command handlers, loaded on the first Dockerfile shown. */
  constructor(private readonly parser: () => Promise<typeof parseDockerfile>) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    // The commands run programs: no lens where they would refuse.
    if (!vscode.workspace.isTrusted || doc.uri.scheme !== 'file') return [];
    const parseDockerfile = await this.parser();
    const model = parseDockerfile(doc.getText(), doc.uri.fsPath);
    const lenses: vscode.CodeLens[] = [];
    const last = model.stages.length - 1;
    for (const stage of model.stages) {
      // An unnamed stage can be built only as the last one (no --target names it).
      const target = stage.index === last ? undefined : stage.name;
      if (stage.index !== last && !target) continue;
      const range = new vscode.Range(stage.from.line, 0, stage.from.line, 0);
      const arg = { uri: doc.uri, target };
      lenses.push(
        new vscode.CodeLens(range, { title: 'Build stage', command: 'layerwise.build', arguments: [arg], tooltip: `Build ${target ? `target "${target}"` : 'the image'} with the Layerwise cache settings` }),
        new vscode.CodeLens(range, { title: 'Layer sizes', command: 'layerwise.layers', arguments: [arg], tooltip: 'Show the size of each layer beside its instruction' }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
