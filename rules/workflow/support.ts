import type { FileKindSupport } from '../core/kind';
import { indentOf } from '../core/text';
import { parseWorkflow, type WorkflowModel } from './model';

export const workflowSupport: FileKindSupport<WorkflowModel> = {
  kind: 'workflow',
  parse: parseWorkflow,
  comments: (m) => m.comments,
  /** The innermost YAML key whose value spans `line`: a comment above it suppresses findings inside. */
  statementLine(m, line) {
    let best: number | undefined;
    for (const s of m.statements()) {
      if (s.line > line) break;
      if (s.endLine >= line) best = s.line;
    }
    return best ?? line;
  },
  ignoreStatementEdit(m, statementLine, ruleId) {
    const text = m.lines.lineText(statementLine);
    const indent = indentOf(text);
    const pos = { line: statementLine, character: 0 };
    return { range: { start: pos, end: pos }, newText: `${indent}# layerwise-ignore ${ruleId}${m.lines.eol}` };
  },
  ignoreFileEdit(m, ruleId) {
    const pos = { line: 0, character: 0 };
    return { range: { start: pos, end: pos }, newText: `# layerwise-ignore-file ${ruleId}${m.lines.eol}` };
  },
};
