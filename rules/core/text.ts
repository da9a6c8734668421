import type { Position, Range, TextEdit } from './types';

/** Maps between string offsets and LSP positions; built once per document version. */
export class LineIndex {
  /** Offset of the first character of each line. */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.lineStarts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.lineStarts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }

  /** Offset just after the last character of the line, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The document's own line break, so inserted lines match it (CRLF files stay CRLF). */
  get eol(): string {
    const i = this.text.indexOf('\n');
    return i > 0 && this.text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
  }
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}

/**
 * Applies non-overlapping edits to a text. Edits that overlap an earlier one (in
 * document order) are skipped and returned, so fix-all never corrupts a file.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; skipped: TextEdit[] } {
  const index = new LineIndex(text);
  const sorted = edits
    .map((e, i) => ({ e, i, start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  const skipped: TextEdit[] = [];
  let out = '';
  let cursor = 0;
  for (const s of sorted) {
    if (s.start < cursor) {
      skipped.push(s.e);
      continue;
    }
    out += text.slice(cursor, s.start) + s.e.newText;
    cursor = s.end;
  }
  out += text.slice(cursor);
  return { text: out, skipped };
}

/** True when two edit lists touch overlapping text (inserts at the same point count). */
export function editsConflict(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  for (const x of a)
    for (const y of b) {
      if (rangesOverlap(x.range, y.range)) return true;
      if (comparePositions(x.range.start, y.range.start) === 0) return true;
    }
  return false;
}

/** The edit that appends the `lines` a file does not already have (compared trimmed), in its own line breaks. */
export function appendLinesEdit(text: string, lines: readonly string[]): TextEdit | undefined {
  const index = new LineIndex(text);
  const present = new Set<string>();
  for (let i = 0; i < index.lineCount; i++) present.add(index.lineText(i).trim());
  const missing = lines.filter((l) => !present.has(l.trim()));
  if (!missing.length) return undefined;
  const eol = index.eol;
  const end = index.positionAt(text.length);
  const lead = text.length > 0 && !/[\r\n]$/.test(text) ? eol : '';
  return { range: { start: end, end }, newText: lead + missing.join(eol) + eol };
}

/** The spaces and tabs a line starts with (comments inserted above a line take its indentation). */
export function indentOf(line: string): string {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return line.slice(0, i);
}
