import type { FileKindSupport } from '../core/kind';
import { parseDockerignore, type DockerignoreModel } from './model';

/** A .dockerignore has one statement per line; `#` comments must start the line (Docker reads nothing else as one). */
export const dockerignoreSupport: FileKindSupport<DockerignoreModel> = {
  kind: 'dockerignore',
  parse: parseDockerignore,
  comments: (m) => m.comments,
  statementLine: (_m, line) => line,
  ignoreStatementEdit(m, statementLine, ruleId) {
    const pos = { line: statementLine, character: 0 };
    return { range: { start: pos, end: pos }, newText: `# layerwise-ignore ${ruleId}${m.lines.eol}` };
  },
  ignoreFileEdit(m, ruleId) {
    const pos = { line: 0, character: 0 };
    return { range: { start: pos, end: pos }, newText: `# layerwise-ignore-file ${ruleId}${m.lines.eol}` };
  },
};
