import type { FileKindSupport } from '../core/kind';
import { indentOf } from '../core/text';
import { parseBake, type BakeModel } from './model';

/** Bake files: `#` and `//` comments carry suppressions (HCL); JSON has no comments. */
export const bakeSupport: FileKindSupport<BakeModel> = {
  kind: 'bake',
  parse: parseBake,
  comments: (m) => m.comments,
  /** The innermost block or attribute that spans `line`: a comment above it suppresses findings inside. */
  statementLine(m, line) {
    let best: number | undefined;
    for (const s of m.statements) {
      if (s.line > line) break;
      if (s.endLine >= line) best = s.line;
    }
    return best ?? line;
  },
  ignoreStatementEdit(m, statementLine, ruleId) {
    const pos = { line: statementLine, character: 0 };
    // JSON cannot hold a comment: no edit (the rule is turned off in `.layerwise.yaml` instead).
    if (m.format === 'json') return { range: { start: pos, end: pos }, newText: '' };
    const indent = indentOf(m.lines.lineText(statementLine));
    return { range: { start: pos, end: pos }, newText: `${indent}# layerwise-ignore ${ruleId}${m.lines.eol}` };
  },
  ignoreFileEdit(m, ruleId) {
    const pos = { line: 0, character: 0 };
    if (m.format === 'json') return { range: { start: pos, end: pos }, newText: '' };
    return { range: { start: pos, end: pos }, newText: `# layerwise-ignore-file ${ruleId}${m.lines.eol}` };
  },
};
