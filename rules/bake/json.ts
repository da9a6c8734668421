/**
 * Reads `docker-bake.json` (HCL's JSON syntax: `{"target": {"api": {...}}}`, a block's
 * body also as a list of objects) with the `yaml` package: JSON is YAML, and its
 * nodes carry offsets. Strings are templates (`"${TAG}"`), as bake reads them.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Scalar } from 'yaml';
import type { LineIndex } from '../core/text';
import { templateParts, type Expr } from './expr';
import type { RawAttr, RawBlock, RawFile, SyntaxProblem } from './raw';

const BLOCK_TYPES = new Set(['target', 'group', 'variable', 'function']);

export function readJson(text: string, lines: LineIndex): RawFile {
  const doc = parseDocument(text, { strict: false, uniqueKeys: false });
  const syntaxErrors: SyntaxProblem[] = doc.errors.slice(0, 20).map((e) => ({ start: e.pos[0], end: e.pos[1], message: e.message }));
  const blocks: RawBlock[] = [];
  const topAttrs: RawAttr[] = [];
  const statements: { line: number; endLine: number }[] = [];
  const statement = (from: number, to: number) => statements.push({ line: lines.positionAt(from).line, endLine: lines.positionAt(to).line });
  const root = doc.contents;
  if (isMap(root)) {
    for (const pair of root.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const type = String(pair.key.value);
      if (!BLOCK_TYPES.has(type)) {
        const a = attr(pair.key, pair.value as Node | null);
        if (a) {
          topAttrs.push(a);
          statement(a.start, a.end);
        }
        continue;
      }
      if (!isMap(pair.value)) continue;
      for (const named of pair.value.items) {
        if (!isPair(named) || !isScalar(named.key)) continue;
        // A body is an object, or a list of objects (several blocks of one name).
        const bodies = isSeq(named.value) ? named.value.items : [named.value];
        for (const b of bodies) {
          if (!isMap(b)) continue;
          const block = jsonBlock(type, named.key, b as Node, text);
          for (const p of (b as unknown as { items: unknown[] }).items) {
            if (!isPair(p) || !isScalar(p.key)) continue;
            const a = attr(p.key, p.value as Node | null);
            if (a) {
              block.attrs.push(a);
              statement(a.start, a.end);
            }
          }
          statement(block.start, block.end);
          blocks.push(block);
        }
      }
    }
  }
  statements.sort((a, b) => a.line - b.line || b.endLine - a.endLine);
  // JSON has no comments: suppressions live in `.layerwise.yaml` for these files.
  return { format: 'json', blocks, topAttrs, comments: [], statements, syntaxErrors };
}

function keySpan(key: Scalar, text: string): [number, number] {
  const [s, e] = key.range ?? [0, 0];
  return text[s] === '"' && e - s >= 2 && text[e - 1] === '"' ? [s + 1, e - 1] : [s, e];
}

function jsonBlock(type: string, key: Scalar, body: Node, text: string): RawBlock {
  const [labelStart, labelEnd] = keySpan(key, text);
  const [bs, be] = body.range ?? [labelStart, labelEnd];
  return {
    type,
    label: String(key.value),
    labelStart,
    labelEnd,
    start: key.range?.[0] ?? bs,
    end: be,
    open: text[bs] === '{' ? bs + 1 : -1,
    close: text[be - 1] === '}' ? be - 1 : -1,
    attrs: [],
  };
}

function attr(key: Scalar, value: Node | null): RawAttr | undefined {
  const [ks, ke] = key.range ?? [0, 0];
  const expr = jsonExpr(value, ke);
  return { name: String(key.value), keyStart: ks, keyEnd: ke, start: ks, end: Math.max(ke, expr.end), expr };
}

function jsonExpr(node: Node | null, fallback: number, depth = 0): Expr {
  const r = node?.range;
  const at = { start: r?.[0] ?? fallback, end: r?.[1] ?? fallback };
  if (!node || depth > 32) return { k: 'unknown', ...at };
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return { k: 'template', parts: templateParts(v), ...at };
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) return { k: 'literal', value: v, ...at };
    return { k: 'unknown', ...at };
  }
  if (isSeq(node)) return { k: 'tuple', items: node.items.map((i) => jsonExpr(i as Node, at.start, depth + 1)), ...at };
  if (isMap(node)) {
    const items = [];
    for (const p of node.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const [ks, ke] = p.key.range ?? [at.start, at.start];
      items.push({ key: String(p.key.value), keyStart: ks, keyEnd: ke, value: jsonExpr(p.value as Node, ke, depth + 1) });
    }
    return { k: 'object', items, ...at };
  }
  return { k: 'unknown', ...at };
}
