/**
 * Suppression comments:
 *   # layerwise-ignore <id>[,<id>...]        on the comment lines right above a statement
 *   # layerwise-ignore-file <id>[,<id>...]   anywhere in the file
 *   # hadolint ignore=DL3006,DL3008          (above an instruction) and
 *   # hadolint global ignore=DL3006          for rules that declare that hadolint code.
 */
import type { Finding, RuleMeta } from './types';

export interface SuppressionComment {
  line: number;
  /** Comment text after `#`. */
  text: string;
}

export interface Suppressions {
  /** Rule ids or hadolint codes suppressed on the statement starting at a line. */
  byStatementLine: Map<number, Set<string>>;
  file: Set<string>;
}

const LINE_RE = /^layerwise-ignore\s+([\w-][\w,\s-]*)$/;
const FILE_RE = /^layerwise-ignore-file\s+([\w-][\w,\s-]*)$/;
const HADOLINT_RE = /^hadolint\s+(global\s+)?ignore=([\w,\s]+)$/;

function ids(list: string): string[] {
  return list.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Reads the suppression comments. `comments` must be sorted by line; a block of
 * consecutive comment lines applies to the statement on the line right after it.
 */
export function readSuppressions(comments: readonly SuppressionComment[]): Suppressions {
  const byStatementLine = new Map<number, Set<string>>();
  const file = new Set<string>();
  const commentLines = new Set(comments.map((c) => c.line));
  for (const c of comments) {
    const text = c.text.trim();
    let m = FILE_RE.exec(text);
    if (m) {
      ids(m[1]).forEach((id) => file.add(id));
      continue;
    }
    m = HADOLINT_RE.exec(text);
    let list: string[] | undefined;
    if (m) {
      if (m[1]) {
        ids(m[2]).forEach((id) => file.add(id));
        continue;
      }
      list = ids(m[2]);
    } else {
      m = LINE_RE.exec(text);
      if (m) list = ids(m[1]);
    }
    if (!list) continue;
    // The statement is the first non-comment line after this comment block.
    let target = c.line + 1;
    while (commentLines.has(target)) target++;
    let set = byStatementLine.get(target);
    if (!set) byStatementLine.set(target, (set = new Set()));
    list.forEach((id) => set!.add(id));
  }
  return { byStatementLine, file };
}

export function isSuppressed(f: Finding, meta: RuleMeta, statementLine: number, s: Suppressions): boolean {
  const keys = [meta.id, ...(meta.hadolint ?? [])];
  if (keys.some((k) => s.file.has(k))) return true;
  const set = s.byStatementLine.get(statementLine);
  return !!set && keys.some((k) => set.has(k));
}
