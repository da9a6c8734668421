/**
 * A `.dockerignore` read the way Docker reads it (moby/patternmatcher `ignorefile.ReadAll`,
 * formerly buildkit `dockerignore.ReadAll`): a line starting with `#` is a comment; every
 * other line is trimmed, a leading `!` makes an exception, the rest goes through Go's
 * `filepath.Clean` and loses a leading `/`. A `#` anywhere else is part of the pattern.
 * Parsed once per document version; offsets point into the text for exact ranges.
 */
import type { ModelBase } from '../core/rule';
import type { SuppressionComment } from '../core/suppress';
import { LineIndex } from '../core/text';

export interface IgnoreEntry {
  /** 0-based line. */
  line: number;
  /** Offsets of the line's text without its surrounding blanks (what Docker reads). */
  start: number;
  end: number;
  /** That text: `!docs/README.md`, `models/  # keep`. */
  text: string;
  negated: boolean;
  /** Offset where the pattern proper starts (after `!` and blanks). */
  bodyStart: number;
  /** The pattern as written, without `!`. */
  body: string;
  /** What Docker matches: `filepath.Clean`ed, leading `/` removed (`.` when nothing is left). */
  pattern: string;
  /** Written with a leading `/`: anchored at the context root on purpose. */
  anchored: boolean;
  /** Written with a trailing `/` (a `.gitignore` habit; Docker drops it). */
  trailingSlash: boolean;
}

export interface DockerignoreModel extends ModelBase {
  kind: 'dockerignore';
  /** Pattern lines in file order (order matters: the last matching pattern wins). */
  entries: IgnoreEntry[];
  /** `#` lines (at column 0), for suppression comments. */
  comments: SuppressionComment[];
}

/** Go's `path.Clean` for `/`-separated paths (Docker runs it on every pattern). */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.charCodeAt(0) === 47; /* / */
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return rooted ? '/' + joined : joined || '.';
}

/** The pattern Docker keeps for a body (after `!`): cleaned, leading `/` dropped. */
export function dockerPattern(body: string): string {
  let p = cleanPath(body);
  if (p.length > 1 && p.charCodeAt(0) === 47) p = p.slice(1);
  return p;
}

const BLANK = /\s/;

export function parseDockerignore(text: string, path: string): DockerignoreModel {
  const lines = new LineIndex(text);
  const entries: IgnoreEntry[] = [];
  const comments: SuppressionComment[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    let lineStart = lines.lineStarts[line];
    const lineEnd = lines.lineEnd(line);
    // Docker drops a UTF-8 BOM on the first line only. The engine hands a BOM over as
    // one space, so on line 0 a single space before `#` is taken for it.
    if (line === 0 && (text.charCodeAt(0) === 0xfeff || (text.charCodeAt(0) === 32 && text.charCodeAt(1) === 35))) lineStart++;
    if (text.charCodeAt(lineStart) === 35 /* # */) {
      comments.push({ line, text: text.slice(lineStart + 1, lineEnd) });
      continue;
    }
    let start = lineStart;
    let end = lineEnd;
    while (start < end && BLANK.test(text[start])) start++;
    while (end > start && BLANK.test(text[end - 1])) end--;
    if (start === end) continue;
    const negated = text.charCodeAt(start) === 33; /* ! */
    let bodyStart = negated ? start + 1 : start;
    while (bodyStart < end && BLANK.test(text[bodyStart])) bodyStart++;
    const body = text.slice(bodyStart, end);
    entries.push({
      line,
      start,
      end,
      text: text.slice(start, end),
      negated,
      bodyStart,
      body,
      pattern: body === '' ? '' : dockerPattern(body),
      anchored: body.startsWith('/'),
      trailingSlash: body.length > 1 && body.endsWith('/'),
    });
  }
  return { kind: 'dockerignore', path, text, lines, entries, comments };
}

/** The patterns of an ignore file's text as Docker passes them to its matcher (`!` kept). */
export function readPatterns(text: string): string[] {
  return parseDockerignore(text, '').entries.map((e) => (e.negated ? '!' : '') + e.pattern);
}

/** Whitespace then `#` inside a pattern: meant as a comment, but part of the pattern to Docker. */
export const INLINE_COMMENT = /\s#/;

/** A line written as a comment that Docker reads as a pattern (indented `#`, or `pattern  # note`): dockerignore-inline-comment's to report. */
export function looksCommented(e: IgnoreEntry): boolean {
  return e.text.startsWith('#') || INLINE_COMMENT.test(e.text);
}
