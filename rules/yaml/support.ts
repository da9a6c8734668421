/**
 * The FileKindSupport every YAML kind shares (Compose files, workflows): comments
 * from the lexer, a finding's statement is the innermost key whose value spans its
 * line, and ignore comments go above that key with its indentation, or at the top.
 */
import type { FileKindSupport } from '../core/kind';
import type { ModelBase } from '../core/rule';
import type { SuppressionComment } from '../core/suppress';
import { indentOf } from '../core/text';
import type { FileKind } from '../core/types';

export interface YamlKindModel extends ModelBase {
  comments: SuppressionComment[];
  statements(): { line: number; endLine: number }[];
}

export function yamlSupport<M extends YamlKindModel>(kind: FileKind, parse: (text: string, path: string) => M): FileKindSupport<M> {
  return {
    kind,
    parse,
    comments: (m) => m.comments,
    statementLine(m, line) {
      let best: number | undefined;
      for (const s of m.statements()) {
        if (s.line > line) break;
        if (s.endLine >= line) best = s.line;
      }
      return best ?? line;
    },
    ignoreStatementEdit(m, statementLine, ruleId) {
      const pos = { line: statementLine, character: 0 };
      return { range: { start: pos, end: pos }, newText: `${indentOf(m.lines.lineText(statementLine))}# layerwise-ignore ${ruleId}${m.lines.eol}` };
    },
    ignoreFileEdit(m, ruleId) {
      const pos = { line: 0, character: 0 };
      return { range: { start: pos, end: pos }, newText: `# layerwise-ignore-file ${ruleId}${m.lines.eol}` };
    },
  };
}
