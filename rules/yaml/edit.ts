/**
 * Text edits to a Compose file that look as if the person who wrote it made them:
 * the file's own indentation step, its way of indenting `- items`, its quotes, its
 * line breaks; new keys next to related ones; comments and anchors untouched
 * (an edit never goes into a merged anchor: that would change other services).
 */
import { isMap, isPair, isScalar, isSeq, visit, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from '../core/types';
import type { YamlText } from './document';
import { isEmptyNode, isMergeKey, keyName, type YNode } from './nodes';

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

export interface YamlStyle {
  /** Spaces per nesting level of mappings. */
  indent: number;
  /** Spaces between a key's column and the `-` of its block sequence items (0 or `indent`). */
  seqIndent: number;
  /** Quote for strings that need one. */
  quote: '"' | "'";
}

const styles = new WeakMap<YamlText, YamlStyle>();

function mostCommon(counts: Map<number, number>, fallback: number): number {
  let best = fallback;
  let bestCount = 0;
  for (const [value, count] of counts) if (count > bestCount || (count === bestCount && value < best)) [best, bestCount] = [value, count];
  return best;
}

/** Column of a block sequence item's `-`, found by walking back from the item's text. */
function dashColumn(model: YamlText, item: YNode): number | undefined {
  const start = item.range?.[0];
  if (start === undefined) return undefined;
  let i = start - 1;
  while (i >= 0 && (model.text[i] === ' ' || model.text[i] === '\t')) i--;
  if (model.text[i] !== '-') return undefined;
  return model.lines.positionAt(i).character;
}

function column(model: YamlText, node: YNode | null | undefined): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : model.lines.positionAt(start).character;
}

export function yamlStyle(model: YamlText): YamlStyle {
  const cached = styles.get(model);
  if (cached) return cached;
  const steps = new Map<number, number>();
  const seqSteps = new Map<number, number>();
  let doubles = 0;
  let singles = 0;
  visit(model.doc, {
    Pair(_, pair) {
      const keyCol = column(model, pair.key as YNode);
      const value = pair.value as YNode | null;
      if (keyCol === undefined || !value) return;
      if (isMap(value) && !value.flow && value.items.length) {
        const childCol = column(model, value.items[0].key as YNode);
        if (childCol !== undefined && childCol > keyCol) steps.set(childCol - keyCol, (steps.get(childCol - keyCol) ?? 0) + 1);
      } else if (isSeq(value) && !value.flow && value.items.length) {
        const dash = dashColumn(model, value.items[0] as YNode);
        if (dash !== undefined && dash >= keyCol) seqSteps.set(dash - keyCol, (seqSteps.get(dash - keyCol) ?? 0) + 1);
      }
    },
    Scalar(_, node) {
      if (node.type === 'QUOTE_DOUBLE') doubles++;
      else if (node.type === 'QUOTE_SINGLE') singles++;
    },
  });
  const indent = mostCommon(steps, 2);
  const style: YamlStyle = { indent, seqIndent: mostCommon(seqSteps, indent), quote: singles > doubles ? "'" : '"' };
  styles.set(model, style);
  return style;
}

const YAML_WORDS = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
/** What YAML 1.1 or 1.2 may read as a number (`0.50`, `1_000`, `1:30`, `0x1f`, `.inf`); `512M` is a string. */
const NUMBER_LIKE = /^(?:[-+]?[0-9][0-9_:.]*(?:e[-+]?[0-9]+)?|[-+]?\.[0-9]+|0x[0-9a-f]+|0o[0-7]+|[-+]?\.(?:inf|nan))$/i;
const PLAIN_SAFE = /^[A-Za-z0-9_/.$][A-Za-z0-9_/.:=@+${}-]*$/;

/** A string as a YAML scalar: plain when YAML reads it back as the same string, quoted otherwise. */
export function scalarSource(value: string | number | boolean | null, quote: '"' | "'", forceQuote = false): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  const plain = !forceQuote && PLAIN_SAFE.test(value) && !YAML_WORDS.test(value) && !NUMBER_LIKE.test(value) && !value.endsWith(':');
  if (plain) return value;
  if (quote === "'" && !/[\n\\]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value);
}

interface RenderOptions {
  style: YamlStyle;
  eol: string;
  forceQuote?: boolean;
}

function isScalarValue(v: Plain): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

function flow(value: Plain, o: RenderOptions): string {
  if (isScalarValue(value)) return scalarSource(value, o.style.quote, o.forceQuote);
  if (Array.isArray(value)) return `[${value.map((v) => flow(v, o)).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${k}: ${flow(v, o)}`).join(', ')}}`;
}

/** Lines of `key: value` in block style at column `col`. */
function blockEntry(key: string, value: Plain, col: number, o: RenderOptions): string[] {
  const pad = ' '.repeat(col);
  if (isScalarValue(value) || (Array.isArray(value) && value.length === 0) || (!Array.isArray(value) && Object.keys(value).length === 0)) {
    return [`${pad}${key}: ${flow(value, o)}`];
  }
  if (Array.isArray(value)) return [`${pad}${key}:`, ...value.flatMap((v) => blockItem(v, col + o.style.seqIndent, o))];
  return [`${pad}${key}:`, ...Object.entries(value).flatMap(([k, v]) => blockEntry(k, v, col + o.style.indent, o))];
}

/** Lines of one `- item` at column `col` (a mapping item continues two columns right of the dash). */
function blockItem(value: Plain, col: number, o: RenderOptions): string[] {
  const pad = ' '.repeat(col);
  if (isScalarValue(value) || Array.isArray(value) || Object.keys(value).length === 0) return [`${pad}- ${flow(value, o)}`];
  const lines = Object.entries(value).flatMap(([k, v]) => blockEntry(k, v, col + 2, o));
  lines[0] = `${pad}- ${lines[0].slice(col + 2)}`;
  return lines;
}

function renderOptions(model: YamlText, forceQuote?: boolean): RenderOptions {
  return { style: yamlStyle(model), eol: model.lines.eol, forceQuote };
}

/** The offset at the start of the line after the one containing `offset`, or the end of the text. */
function nextLineStart(model: YamlText, offset: number): number {
  const line = model.lines.positionAt(offset).line;
  return line + 1 < model.lines.lineCount ? model.lines.lineStarts[line + 1] : model.text.length;
}

/** Inserts whole lines at a line start (or at the end, adding the missing line break first). */
function insertLines(model: YamlText, at: number, lines: string[]): TextEdit {
  const eol = model.lines.eol;
  const atEnd = at >= model.text.length;
  const needsBreak = atEnd && model.text.length > 0 && !/[\r\n]$/.test(model.text);
  const pos = model.lines.positionAt(at);
  return { range: { start: pos, end: pos }, newText: (needsBreak ? eol : '') + lines.join(eol) + eol };
}

function ownPairs(map: YAMLMap): Pair[] {
  return map.items.filter((p): p is Pair => isPair(p));
}

/**
 * Where a node's own text ends. A block collection's range runs on over comment
 * lines that follow it (they may introduce the next key), so use its last item.
 */
function contentEnd(node: YNode | null | undefined, depth = 0): number | undefined {
  if (!node) return undefined;
  if (depth < 64 && (isMap(node) || isSeq(node)) && !node.flow && node.items.length) {
    const last = node.items[node.items.length - 1] as unknown;
    const end = isPair(last) ? endOfPair(last, depth + 1) : contentEnd(last as YNode, depth + 1);
    if (end !== undefined) return end;
  }
  return node.range?.[1];
}

function endOfPair(pair: Pair, depth = 0): number | undefined {
  const v = pair.value as YNode | null;
  const k = pair.key as YNode | null;
  return contentEnd(v, depth) ?? k?.range?.[1];
}

export interface InsertOptions {
  /** Keys the new one belongs beside, most related first: it goes right after the first that exists. */
  after?: readonly string[];
  /** Quote every string the same way (e.g. when the list's other items are quoted). */
  forceQuote?: boolean;
}

/**
 * Adds `key: value` to a mapping the file owns. For `parent: ` with no value, pass
 * the parent key: the mapping is started under it.
 */
export function insertEntry(model: YamlText, map: YNode | null, key: string, value: Plain, o: InsertOptions & { parentKey?: Scalar } = {}): TextEdit | undefined {
  const render = renderOptions(model, o.forceQuote);
  if (!isMap(map)) {
    // `web:` with nothing after it: start its mapping on the next line.
    if (!o.parentKey?.range || !isEmptyNode(map)) return undefined;
    const col = model.lines.positionAt(o.parentKey.range[0]).character + render.style.indent;
    return insertLines(model, nextLineStart(model, o.parentKey.range[1]), blockEntry(key, value, col, render));
  }
  const pairs = ownPairs(map);
  if (map.flow) {
    const close = map.range ? model.text.lastIndexOf('}', map.range[1] - 1) : -1;
    if (close < 0) return undefined;
    const last = pairs.length ? endOfPair(pairs[pairs.length - 1]) : undefined;
    const at = last ?? close;
    const pos = model.lines.positionAt(at);
    return { range: { start: pos, end: pos }, newText: `${last !== undefined ? ', ' : ''}${key}: ${flow(value, render)}` };
  }
  if (!pairs.length) return undefined;
  const col = column(model, pairs[0].key as YNode) ?? 0;
  let anchor = pairs[pairs.length - 1];
  for (const name of o.after ?? []) {
    const found = pairs.find((p) => !isMergeKey(p.key) && keyName(p.key) === name);
    if (found) {
      anchor = found;
      break;
    }
  }
  const end = endOfPair(anchor);
  if (end === undefined) return undefined;
  return insertLines(model, nextLineStart(model, end), blockEntry(key, value, col, render));
}

/** Appends an item to a sequence the file owns, in its style (block `- x` or flow `[a, x]`). */
export function appendItem(model: YamlText, seq: YNode | null, value: Plain, o: { forceQuote?: boolean } = {}): TextEdit | undefined {
  if (!isSeq(seq)) return undefined;
  const items = (seq as YAMLSeq).items as YNode[];
  const quoted = items.some((i) => isScalar(i) && (i.type === 'QUOTE_DOUBLE' || i.type === 'QUOTE_SINGLE'));
  const render = renderOptions(model, o.forceQuote ?? quoted);
  if (quoted) {
    const first = items.find((i) => isScalar(i) && (i.type === 'QUOTE_DOUBLE' || i.type === 'QUOTE_SINGLE')) as Scalar | undefined;
    render.style = { ...render.style, quote: first?.type === 'QUOTE_SINGLE' ? "'" : '"' };
  }
  if (seq.flow) {
    const last = items.length ? items[items.length - 1].range?.[1] : undefined;
    const open = seq.range?.[0];
    const at = last ?? (open !== undefined ? open + 1 : undefined);
    if (at === undefined) return undefined;
    const pos = model.lines.positionAt(at);
    return { range: { start: pos, end: pos }, newText: `${last !== undefined ? ', ' : ''}${flow(value, render)}` };
  }
  if (!items.length) return undefined;
  const col = dashColumn(model, items[0]);
  const end = contentEnd(items[items.length - 1]);
  if (col === undefined || end === undefined) return undefined;
  return insertLines(model, nextLineStart(model, end), blockItem(value, col, render));
}

/** Deletes a `key: value` pair with its lines (block style) or its text and comma (flow style). */
export function removePair(model: YamlText, map: YNode, pair: Pair): TextEdit | undefined {
  const key = pair.key as YNode | null;
  const start = key?.range?.[0];
  const end = endOfPair(pair);
  if (start === undefined || end === undefined) return undefined;
  if (isMap(map) && map.flow) {
    let to = end;
    while (to < model.text.length && /[ \t]/.test(model.text[to])) to++;
    if (model.text[to] === ',') to++;
    while (to < model.text.length && /[ \t]/.test(model.text[to])) to++;
    return { range: model.lines.range(start, to), newText: '' };
  }
  const from = model.lines.lineStarts[model.lines.positionAt(start).line];
  // Only whole lines: a pair that shares its line with other text is not removed this way.
  if (model.text.slice(from, start).trim() !== '') return undefined;
  return { range: model.lines.range(from, nextLineStart(model, end)), newText: '' };
}

/** The text of a value rendered for a new line under `key:` (used by fixes that build larger blocks). */
export function renderEntry(model: YamlText, key: string, value: Plain, col: number): string[] {
  return blockEntry(key, value, col, renderOptions(model));
}

export function keyColumn(model: YamlText, node: YNode | null | undefined): number | undefined {
  return column(model, node);
}

/** Deletes one item of a sequence: its lines (block style) or its text and comma (flow style). */
export function removeItem(model: YamlText, seq: YNode, item: YNode): TextEdit | undefined {
  const start = item.range?.[0];
  const end = contentEnd(item);
  if (start === undefined || end === undefined || !isSeq(seq)) return undefined;
  if (seq.flow) {
    const items = seq.items as YNode[];
    const i = items.indexOf(item);
    if (i < 0) return undefined;
    // Take the comma after it, or for the last item the comma before it.
    if (i < items.length - 1) return { range: model.lines.range(start, items[i + 1].range?.[0] ?? end), newText: '' };
    const prevEnd = i > 0 ? contentEnd(items[i - 1]) : undefined;
    return { range: model.lines.range(prevEnd ?? start, end), newText: '' };
  }
  const dash = dashColumn(model, item);
  if (dash === undefined) return undefined;
  const line = model.lines.positionAt(start).line;
  const from = model.lines.lineStarts[line];
  if (model.text.slice(from, start).trim() !== '-') return undefined;
  return { range: model.lines.range(from, nextLineStart(model, end)), newText: '' };
}
