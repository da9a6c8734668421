/**
 * What every YAML kind (Compose files, workflows) shares: the text with its parse,
 * the comments that can carry suppressions, and the lines where keys start.
 */
import { Lexer, isMap, isSeq, parseDocument, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { LineIndex } from '../core/text';
import { deref, indexAliases } from './nodes';
import type { SuppressionComment } from '../core/suppress';
import type { YNode } from './nodes';

/** A parsed YAML file, as the edit helpers need it. */
export interface YamlText {
  text: string;
  lines: LineIndex;
  doc: Document.Parsed;
}

/** Comments alone on their line, from the lexer (a `#` inside a string or block scalar is not one). */
export function yamlComments(text: string): SuppressionComment[] {
  const out: SuppressionComment[] = [];
  let offset = 0;
  let line = 0;
  let lineStart = 0;
  for (const token of new Lexer().lex(text)) {
    // Control tokens (one char below U+0020 other than line breaks and tabs) are not source text.
    if (token.length === 1 && token.charCodeAt(0) < 32 && token !== '\n' && token !== '\r' && token !== '\t') continue;
    if (token.charCodeAt(0) === 35 /* # */) {
      // Only comments alone on their line can carry a suppression.
      if (text.slice(lineStart, offset).trim() === '') out.push({ line, text: token.slice(1) });
    }
    for (let i = 0; i < token.length; i++) {
      const c = token.charCodeAt(i);
      if (c === 10 || (c === 13 && token.charCodeAt(i + 1) !== 10)) {
        line++;
        lineStart = offset + i + 1;
      }
    }
    offset += token.length;
  }
  return out;
}

/** Lines where YAML keys start, with the last line of their value: suppressions attach to these. */
export function yamlStatements(root: unknown, lines: LineIndex): { line: number; endLine: number }[] {
  const out: { line: number; endLine: number }[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 64 || node === null || typeof node !== 'object') return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = pair.key as YNode | null;
        const v = pair.value as YNode | null;
        const start = k?.range?.[0];
        if (start !== undefined) out.push({ line: lines.positionAt(start).line, endLine: lines.positionAt(v?.range?.[1] ?? k?.range?.[1] ?? start).line });
        visit(pair.value, depth + 1);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item, depth + 1);
  };
  visit(root, 0);
  out.sort((a, b) => a.line - b.line || b.endLine - a.endLine);
  return out;
}

/** A parse's syntax errors as offsets and a one-line message (the parser's messages carry a code excerpt after the first line). */
export function yamlSyntaxErrors(doc: Document.Parsed, ignore: readonly string[] = []): { start: number; end: number; message: string }[] {
  return doc.errors.filter((e) => !ignore.includes(e.code)).map((e) => ({ start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]), message: e.message.split('\n')[0] }));
}

/** What every YAML kind's model starts from: the parse, its root with aliases indexed, errors, comments, statement lines. */
export interface YamlParse extends YamlText {
  root: YNode | null;
  syntaxErrors: { start: number; end: number; message: string }[];
  comments: SuppressionComment[];
  /** Lines where keys start, computed on first use (suppressions need them; most lints do not). */
  statements(): { line: number; endLine: number }[];
}

export function parseYaml(text: string, options: ParseOptions & DocumentOptions & SchemaOptions = {}, ignoreErrors: readonly string[] = []): YamlParse {
  const lines = new LineIndex(text);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: false, keepSourceTokens: false, ...options });
  indexAliases(new Map(), doc.contents);
  let statements: { line: number; endLine: number }[] | undefined;
  return {
    text,
    lines,
    doc,
    root: deref(doc.contents),
    syntaxErrors: yamlSyntaxErrors(doc, ignoreErrors),
    comments: yamlComments(text),
    statements() {
      statements ??= yamlStatements(doc.contents, lines);
      return statements;
    },
  };
}
