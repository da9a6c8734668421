import type { FileKindSupport } from '../core/kind';
import { indentOf } from '../core/text';
import { parseDockerfile, type DockerfileModel } from './model';

export const dockerfileSupport: FileKindSupport<DockerfileModel> = {
  kind: 'dockerfile',
  parse: parseDockerfile,
  comments: (m) => m.comments,
  statementLine(m, line) {
    // Instructions are sorted; binary search for the last one starting at or before `line`.
    const list = m.instructions;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].line <= line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found >= 0 && m.lines.positionAt(list[found].end).line >= line) return list[found].line;
    return line;
  },
  ignoreStatementEdit(m, statementLine, ruleId) {
    const indent = indentOf(m.lines.lineText(statementLine));
    // Above line 0..afterDirectivesLine a comment would turn the directives into plain comments.
    const line = Math.max(statementLine, m.afterDirectivesLine);
    const pos = { line, character: 0 };
    return { range: { start: pos, end: pos }, newText: `${indent}# layerwise-ignore ${ruleId}${m.lines.eol}` };
  },
  ignoreFileEdit(m, ruleId) {
    const pos = { line: m.afterDirectivesLine, character: 0 };
    if (m.afterDirectivesLine >= m.lines.lineCount) {
      const end = m.lines.positionAt(m.text.length);
      return { range: { start: end, end }, newText: `${m.lines.eol}# layerwise-ignore-file ${ruleId}${m.lines.eol}` };
    }
    return { range: { start: pos, end: pos }, newText: `# layerwise-ignore-file ${ruleId}${m.lines.eol}` };
  },
};
