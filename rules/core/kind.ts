/**
 * What the engine needs to know about a kind of file, besides its rules: how to
 * parse it once, where its statements start (for suppressions), and how to write a
 * suppression comment into it.
 */
import type { ModelBase } from './rule';
import type { SuppressionComment } from './suppress';
import type { FileKind, TextEdit } from './types';

export interface FileKindSupport<M extends ModelBase = ModelBase> {
  kind: FileKind;
  parse(text: string, path: string): M;
  comments(model: M): SuppressionComment[];
  /** First line of the statement (instruction, YAML key) that contains `line`. */
  statementLine(model: M, line: number): number;
  /** Inserts `# layerwise-ignore <id>` above the statement that starts at `statementLine`. */
  ignoreStatementEdit(model: M, statementLine: number, ruleId: string): TextEdit;
  /** Inserts `# layerwise-ignore-file <id>` where it is valid for the file. */
  ignoreFileEdit(model: M, ruleId: string): TextEdit;
}
