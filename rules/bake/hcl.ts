/**
 * Reads `docker-bake.hcl` with the Lezer HCL grammar (codemirror-lang-hcl; why this
 * package: README.md beside this file). The parse is synchronous and error-tolerant,
 * and every node has offsets, so the blocks and attributes come with exact ranges.
 */
import { hclLanguage } from 'codemirror-lang-hcl';
import { ExternalTokenizer } from '@lezer/lr';
import type { SuppressionComment } from '../core/suppress';
import type { LineIndex } from '../core/text';
import type { Expr, ObjectItem, TemplatePart } from './expr';
import type { RawAttr, RawBlock, RawFile, SyntaxProblem } from './raw';

type Tree = ReturnType<typeof hclLanguage.parser.parse>;
type Node = Tree['topNode'];
type Parser = typeof hclLanguage.parser;

/**
 * codemirror-lang-hcl 0.2.0 reads a string's text one character per token, and the
 * LR stack grows with each, so parsing is quadratic in a string's length (a
 * 2,000-character string took 1.5 s). Its literal tokenizer is replaced
 * by one that takes a run of plain characters at once and defers to the original
 * for escapes, `${`, `%{`, quotes and line breaks (where heredocs end). Ids from the
 * grammar's generated terms; test/unit/bake/hcl.test.ts pins both result and speed.
 */
const TEMPLATE_LITERAL_CHUNK = 105;
const QUOTED_TEMPLATE = 1;
const HEREDOC_TEMPLATE = 8;
const LITERAL_TOKENIZER_INDEX = 7;

function isPlain(c: number, context: number): boolean {
  if (c < 0 || c === 10 || c === 13 || c === 36 /* $ */ || c === 37 /* % */) return false;
  return context === HEREDOC_TEMPLATE || (c !== 34 /* " */ && c !== 92) /* \ */;
}

function fastParser(): Parser {
  const parser = hclLanguage.parser;
  const original = (parser as unknown as { tokenizers?: unknown[] }).tokenizers?.[LITERAL_TOKENIZER_INDEX];
  if (!(original instanceof ExternalTokenizer)) return parser;
  const token = (original as unknown as { token: (input: unknown, stack: unknown) => void }).token;
  const runs = new ExternalTokenizer(
    (input, stack) => {
      const context = (stack.context as { type?: unknown } | null)?.type;
      if ((context === QUOTED_TEMPLATE || context === HEREDOC_TEMPLATE) && isPlain(input.next, context) && stack.canShift(TEMPLATE_LITERAL_CHUNK)) {
        while (isPlain(input.next, context)) input.advance();
        input.acceptToken(TEMPLATE_LITERAL_CHUNK);
        return;
      }
      token(input, stack);
    },
    { contextual: true, fallback: true },
  );
  return parser.configure({ tokenizers: [{ from: original, to: runs }] }) as Parser;
}

let fast: Parser | undefined;
/** The HCL parser in use (the grammar with the run tokenizer). */
export function hclParser(): Parser {
  return (fast ??= fastParser());
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

export function readHcl(text: string, lines: LineIndex): RawFile {
  const tree = hclParser().parse(text);
  const blocks: RawBlock[] = [];
  const topAttrs: RawAttr[] = [];
  const comments: SuppressionComment[] = [];
  const statements: { line: number; endLine: number }[] = [];
  const syntaxErrors: SyntaxProblem[] = [];
  const src = (n: { from: number; to: number }) => text.slice(n.from, n.to);
  const statement = (from: number, to: number) => statements.push({ line: lines.positionAt(from).line, endLine: lines.positionAt(to).line });

  tree.iterate({
    enter(n) {
      if (n.type.isError) {
        if (syntaxErrors.length < 20) syntaxErrors.push({ start: n.from, end: Math.max(n.to, n.from), message: 'HCL syntax error' });
        return;
      }
      if (n.name === 'LineComment') {
        const pos = lines.positionAt(n.from);
        // Only a comment alone on its line carries a suppression.
        if (lines.lineText(pos.line).slice(0, pos.character).trim() !== '') return false;
        const body = src(n);
        comments.push({ line: pos.line, text: body.startsWith('//') ? body.slice(2) : body.slice(1) });
        return false;
      }
      return undefined;
    },
  });

  const attribute = (node: Node): RawAttr | undefined => {
    const key = node.getChild('Identifier');
    if (!key) return undefined;
    const value = node.getChild('Expression');
    statement(node.from, node.to);
    return { name: src(key), keyStart: key.from, keyEnd: key.to, start: node.from, end: node.to, expr: value ? expression(value) : { k: 'unknown', start: node.to, end: node.to } };
  };

  const body = (node: Node | null, onAttr: (a: RawAttr) => void, onBlock?: (b: Node) => void) => {
    if (!node) return;
    for (const c of children(node)) {
      if (c.name === 'Attribute') {
        const a = attribute(c);
        if (a) onAttr(a);
      } else if (c.name === 'Block' && onBlock) onBlock(c);
    }
  };

  const block = (node: Node): RawBlock => {
    const type = node.getChild('BlockType');
    const label = node.getChild('BlockLabel');
    const labelText = label?.getChild('StringLit') ?? label;
    const open = node.getChild('{');
    const close = node.getChild('}');
    let labelStart = type?.from ?? node.from;
    let labelEnd = type?.to ?? node.from;
    let name: string | undefined;
    if (labelText) {
      const quoted = text[labelText.from] === '"';
      labelStart = labelText.from + (quoted ? 1 : 0);
      labelEnd = Math.max(labelStart, labelText.to - (quoted && text[labelText.to - 1] === '"' && labelText.to - labelText.from > 1 ? 1 : 0));
      name = unescapeQuoted(text.slice(labelStart, labelEnd));
    }
    statement(node.from, node.to);
    const attrs: RawAttr[] = [];
    body(node.getChild('Body'), (a) => attrs.push(a));
    return { type: type ? src(type).trim() : '', label: name, labelStart, labelEnd, start: node.from, end: node.to, open: open ? open.to : -1, close: close ? close.from : -1, attrs };
  };

  const expression = (node: Node): Expr => {
    const at = { start: node.from, end: node.to };
    switch (node.name) {
      case 'Expression':
      case 'CollectionValue': {
        const kids = children(node);
        return kids.length === 1 ? expression(kids[0]) : { k: 'unknown', ...at };
      }
      case 'LiteralValue': {
        const lit = children(node)[0];
        if (!lit) return { k: 'unknown', ...at };
        if (lit.name === 'StringLit') return { k: 'template', parts: quotedParts(lit), ...at };
        if (lit.name === 'NumericLit') return { k: 'literal', value: Number(src(lit)), ...at };
        if (lit.name === 'BoolLit') return { k: 'literal', value: src(lit) === 'true', ...at };
        if (lit.name === 'NullLit') return { k: 'literal', value: null, ...at };
        return { k: 'unknown', ...at };
      }
      case 'TemplateExpr': {
        const t = children(node)[0];
        if (t?.name === 'QuotedTemplate') return { k: 'template', parts: quotedParts(t), ...at };
        if (t?.name === 'HeredocTemplate') return { k: 'template', parts: heredocParts(t), ...at };
        return { k: 'unknown', ...at };
      }
      case 'VariableExpr': {
        const id = node.getChild('Identifier');
        return id ? { k: 'ref', name: src(id), ...at } : { k: 'unknown', ...at };
      }
      case 'Tuple':
        return { k: 'tuple', items: node.getChildren('Expression').map(expression), ...at };
      case 'Object': {
        const items: ObjectItem[] = [];
        for (const elem of node.getChildren('ObjectElem')) {
          const key = elem.getChild('ObjectKey');
          const exprs = elem.getChildren('Expression');
          const value = exprs[exprs.length - 1];
          if (!key || !value) continue;
          items.push({ key: objectKey(key), keyStart: key.from, keyEnd: key.to, value: expression(value) });
        }
        return { k: 'object', items, ...at };
      }
      default:
        return { k: 'unknown', ...at };
    }
  };

  /** A bare identifier or a literal string names the key; anything else is computed. */
  const objectKey = (key: Node): string | undefined => {
    const e = key.getChild('Expression');
    const inner = e && children(e).length === 1 ? children(e)[0] : undefined;
    if (inner?.name === 'VariableExpr' && children(inner).length === 1) return src(inner);
    if (inner?.name === 'LiteralValue') {
      const lit = children(inner)[0];
      if (lit?.name === 'StringLit') {
        const parts = quotedParts(lit);
        return parts.every((p) => typeof p === 'string') ? parts.join('') : undefined;
      }
    }
    return undefined;
  };

  const quotedParts = (node: Node): TemplatePart[] => {
    const parts: TemplatePart[] = [];
    for (const c of children(node)) {
      if (c.name === 'TemplateLiteral') parts.push(unescapeQuoted(src(c)));
      else if (c.name === 'TemplateInterpolation' || c.name === 'TemplateDirective') parts.push(interpolation(c));
    }
    return mergeLiterals(parts);
  };

  const heredocParts = (node: Node): TemplatePart[] => {
    const kids = children(node);
    const ids = kids.filter((c) => c.name === 'HeredocIdentifier');
    const strip = kids[0] && src(kids[0]) === '<<-';
    if (ids.length < 2) return [{ unknown: true }];
    const from = ids[0].to;
    const to = ids[ids.length - 1].from;
    const parts: TemplatePart[] = [];
    for (const c of kids) {
      if (c.from < from || c.to > to) continue;
      if (c.name === 'TemplateLiteral') parts.push(src(c).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'));
      else if (c.name === 'TemplateInterpolation' || c.name === 'TemplateDirective') parts.push(interpolation(c));
    }
    // The content starts after the opener's line break and keeps its last line break.
    if (typeof parts[0] === 'string') parts[0] = parts[0].replace(/^\r?\n/, '');
    parts.push('\n');
    const merged = mergeLiterals(parts);
    return strip ? dedent(merged, text.slice(from, to).replace(/^\r?\n/, '')) : merged;
  };

  const interpolation = (node: Node): TemplatePart => {
    if (node.name !== 'TemplateInterpolation') return { unknown: true };
    const e = node.getChild('Expression');
    const inner = e && children(e).length === 1 ? children(e)[0] : undefined;
    if (inner?.name === 'VariableExpr' && children(inner).length === 1) return { ref: src(inner) };
    return { unknown: true };
  };

  const top = tree.topNode;
  const topBody = top.getChild('Body');
  body(topBody, (a) => topAttrs.push(a), (b) => blocks.push(block(b)));
  statements.sort((a, b) => a.line - b.line || b.endLine - a.endLine);
  comments.sort((a, b) => a.line - b.line);
  return { format: 'hcl', blocks, topAttrs, comments, statements, syntaxErrors };
}

function mergeLiterals(parts: TemplatePart[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out.length ? out : [''];
}

/** `<<-EOT`: removes the indentation common to every non-blank line (HCL's flush heredoc). */
function dedent(parts: TemplatePart[], raw: string): TemplatePart[] {
  let min = Infinity;
  for (const line of raw.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    min = Math.min(min, line.length - line.trimStart().length);
  }
  if (!Number.isFinite(min) || min === 0) return parts;
  const cut = (s: string, atLineStart: boolean) =>
    s.replace(atLineStart ? /(^|\n)[ \t]*/g : /(\n)[ \t]*/g, (m, nl: string) => nl + m.slice(nl.length + Math.min(min, m.length - nl.length)));
  return parts.map((p, i) => (typeof p === 'string' ? cut(p, i === 0) : p));
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A quoted string's text: backslash escapes, and `$${`/`%%{` for a literal `${`/`%{`. */
export function unescapeQuoted(s: string): string {
  if (!s.includes('\\') && !s.includes('$${') && !s.includes('%%{')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      const e = s[i + 1];
      if (e in ESCAPES) {
        out += ESCAPES[e];
        i++;
        continue;
      }
      const width = e === 'u' ? 4 : e === 'U' ? 8 : 0;
      const hex = s.slice(i + 2, i + 2 + width);
      if (width && /^[0-9A-Fa-f]+$/.test(hex) && hex.length === width) {
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 1 + width;
        continue;
      }
    }
    if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
      out += c + '{';
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}
