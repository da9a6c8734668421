/**
 * Where each character of a YAML scalar's value lies in the file, so a finding can
 * point at `type=gha` inside a `run: |` script or a multi-line `with:` input.
 * Block scalars are mapped line by line (indentation removed); quoted scalars only
 * when their source needs no unescaping. When the value cannot be mapped exactly,
 * `exact` is false and every offset is the scalar's start: rules then point at
 * the key instead.
 */
import { isScalar, type Scalar } from 'yaml';
import type { LineIndex } from '../core/text';
import type { LogicalText } from '../dockerfile/shell';

export interface MappedText extends LogicalText {
  /** True when `offsets[i]` is the file offset of `text[i]` (one more entry for the end). */
  exact: boolean;
}

export function mappedScalar(text: string, lines: LineIndex, node: unknown): MappedText | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const value = typeof node.value === 'string' ? node.value : node.value === null || node.value === undefined ? '' : String((node as Scalar & { source?: string }).source ?? node.value);
  const [start, end] = node.range;
  const fallback = (): MappedText => ({ text: value, offsets: new Array<number>(value.length + 1).fill(start), exact: false });
  const straight = (from: number): MappedText => ({ text: value, offsets: Array.from({ length: value.length + 1 }, (_, i) => from + i), exact: true });
  switch (node.type) {
    case 'PLAIN':
      return text.slice(start, end) === value ? straight(start) : fallback();
    case 'QUOTE_SINGLE':
    case 'QUOTE_DOUBLE':
      return text.slice(start + 1, end - 1) === value ? straight(start + 1) : fallback();
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return blockScalar(text, lines, start, end, value, node.type === 'BLOCK_FOLDED') ?? fallback();
    default:
      return fallback();
  }
}

/** The content lines of a block scalar (after its header line) with their file offsets. */
function blockScalar(text: string, lines: LineIndex, start: number, end: number, value: string, folded: boolean): MappedText | undefined {
  const header = lines.positionAt(start).line;
  const last = lines.positionAt(Math.max(start, end - 1)).line;
  const content: { text: string; offset: number; lineEnd: number }[] = [];
  let indent = -1;
  for (let l = header + 1; l <= last && l < lines.lineCount; l++) {
    const t = lines.lineText(l);
    if (indent < 0 && t.trim() !== '') {
      indent = 0;
      while (indent < t.length && t[indent] === ' ') indent++;
    }
    content.push({ text: t, offset: lines.lineStarts[l], lineEnd: lines.lineEnd(l) });
  }
  if (indent < 0) return undefined;
  let out = '';
  const offsets: number[] = [];
  let prevMore = true;
  let prevEmpty = false;
  content.forEach((c, i) => {
    const body = c.text.length > indent ? c.text.slice(indent) : '';
    const empty = body.trim() === '' && c.text.length <= indent;
    const more = body.startsWith(' ') || body.startsWith('\t');
    if (i > 0) {
      // Folded scalars join adjacent normal lines with a space; a run of empty lines keeps its breaks.
      const join = folded && !empty && !prevEmpty && !more && !prevMore;
      const skip = folded && empty && !prevEmpty && !prevMore;
      if (!skip) {
        out += join ? ' ' : '\n';
        offsets.push(content[i - 1].lineEnd);
      }
    }
    for (let k = 0; k < body.length; k++) {
      out += body[k];
      offsets.push(c.offset + indent + k);
    }
    prevEmpty = empty;
    prevMore = empty ? prevMore : more;
  });
  offsets.push(content.length ? content[content.length - 1].lineEnd : end);
  // Chomping only changes trailing breaks: compare without them.
  const trimmed = out.replace(/\n+$/, '');
  if (trimmed !== value.replace(/\n+$/, '')) return undefined;
  return { text: trimmed, offsets: offsets.slice(0, trimmed.length + 1), exact: true };
}
