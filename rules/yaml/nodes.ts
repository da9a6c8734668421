/**
 * Reading YAML nodes the way Compose reads them: aliases resolved, `<<` merge keys
 * expanded (own keys win, then earlier merge sources), `!reset` values treated as
 * absent. Rules get nodes, not plain values, so they can point at the exact text,
 * and they learn whether a value came from an anchor (`inherited`), which a fix
 * must not edit in place.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

export type YNode = Node;

export interface Entry {
  /** The key as written (a scalar in the map that holds the pair). */
  key: Scalar;
  name: string;
  /** The value with aliases resolved; null for `key:` with nothing after it. */
  value: YNode | null;
  pair: Pair;
  /** True when the pair lives in a merged map (`<<: *anchor`), not in this map. */
  inherited: boolean;
}

const MAX_MERGE_DEPTH = 16;

/**
 * yaml's Alias.resolve needs the Document; the model registers every alias's target
 * once after parsing (see `indexAliases`), so lookups stay cheap and document-free.
 */
const resolvedAliases = new WeakMap<object, YNode | null>();

/** The node an alias points to (followed a few times at most: cycles are a YAML error). */
export function deref(node: unknown): YNode | null {
  let n = node;
  for (let i = 0; i < 8 && isAlias(n); i++) n = resolvedAliases.get(n as object) ?? null;
  if (n === undefined || n === null || isAlias(n)) return null;
  return n as YNode;
}

/** Registers aliases in document order: an alias names the latest anchor before it. */
export function indexAliases(anchors: Map<string, YNode>, root: unknown): void {
  const visit = (node: unknown, depth: number): void => {
    if (depth > 200 || node === null || typeof node !== 'object') return;
    if (isAlias(node)) {
      resolvedAliases.set(node, anchors.get(node.source) ?? null);
      return;
    }
    const n = node as YNode;
    if (n.anchor) anchors.set(n.anchor, n);
    if (isMap(node)) {
      for (const p of node.items) {
        visit(p.key, depth + 1);
        visit(p.value, depth + 1);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item, depth + 1);
  };
  visit(root, 0);
}

export function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  return typeof key.value === 'symbol' || (key.value === '<<' && (key as Scalar & { source?: string }).source === '<<');
}

export function keyName(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const v = key.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** `!reset` in an override file removes the value; within one file it means "not set". */
export function isReset(node: unknown): boolean {
  return !!node && typeof node === 'object' && (node as YNode).tag === '!reset';
}

function collectEntries(map: YAMLMap, inherited: boolean, seen: Set<string>, out: Entry[], depth: number): void {
  const merges: unknown[] = [];
  for (const pair of map.items) {
    if (!isPair(pair)) continue;
    if (isMergeKey(pair.key)) {
      merges.push(pair.value);
      continue;
    }
    const name = keyName(pair.key);
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    if (isReset(pair.value)) continue;
    out.push({ key: pair.key as Scalar, name, value: deref(pair.value), pair: pair as Pair, inherited });
  }
  if (depth >= MAX_MERGE_DEPTH) return;
  // `<<: *a` or `<<: [*a, *b]`: earlier sources win over later ones.
  for (const m of merges) {
    const source = deref(m);
    const sources = isSeq(source) ? source.items.map(deref) : [source];
    for (const s of sources) if (isMap(s)) collectEntries(s, true, seen, out, depth + 1);
  }
}

/** Every key of a mapping as Compose sees it, own keys first, then merged ones. */
export function entries(node: unknown): Entry[] {
  const map = deref(node);
  if (!isMap(map)) return [];
  const out: Entry[] = [];
  collectEntries(map, false, new Set(), out, 0);
  return out;
}

export function entry(node: unknown, name: string): Entry | undefined {
  const map = deref(node);
  if (!isMap(map)) return undefined;
  // Fast path: an own key needs no merge expansion.
  for (const pair of map.items) {
    if (isPair(pair) && !isMergeKey(pair.key) && keyName(pair.key) === name) {
      return isReset(pair.value) ? undefined : { key: pair.key as Scalar, name, value: deref(pair.value), pair: pair as Pair, inherited: false };
    }
  }
  return entries(map).find((e) => e.name === name);
}

/** Follows a path of keys; undefined when any step is missing. */
export function entryAt(node: unknown, ...path: string[]): Entry | undefined {
  let current: unknown = node;
  let found: Entry | undefined;
  for (const name of path) {
    found = entry(current, name);
    if (!found) return undefined;
    current = found.value;
  }
  return found;
}

/** A scalar's value as Compose would see it in a string context (numbers and booleans as written). */
export function scalarText(node: unknown): string | undefined {
  const n = deref(node);
  if (!isScalar(n)) return undefined;
  const v = n.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return (n as Scalar & { source?: string }).source ?? String(v);
  return undefined;
}

export function seqItems(node: unknown): YNode[] {
  const n = deref(node);
  if (!isSeq(n)) return [];
  return (n as YAMLSeq).items.map((i) => deref(i)).filter((i): i is YNode => i !== null);
}

/** Offsets of a node's text, without trailing comments: [start, end). */
export function span(node: YNode | null | undefined): [number, number] | undefined {
  const r = node?.range;
  return r ? [r[0], r[1]] : undefined;
}

/** `key:` with nothing after it (a null scalar with no text) or a missing node. */
export function isEmptyNode(node: unknown): boolean {
  const n = deref(node);
  return n === null || (isScalar(n) && n.value === null);
}

/** A boolean-ish scalar: YAML booleans, and the strings Compose accepts for them. */
export function isTrue(node: unknown): boolean {
  const n = deref(node);
  if (!isScalar(n)) return false;
  if (n.value === true) return true;
  return typeof n.value === 'string' && /^(true|yes|on|1)$/i.test(n.value);
}

export interface KeyValueItem {
  name: string;
  /** Undefined for `- NAME` / `NAME:` with nothing (taken from the shell environment). */
  value: string | undefined;
  /** Offsets of the whole item (`- NAME=value` list item scalar or the map pair's key..value). */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  /** Offsets of the value's text (for list items: after `=` inside the scalar's source). */
  valueStart?: number;
  valueEnd?: number;
  /** List form (`- NAME=value`) vs map form (`NAME: value`). */
  form: 'list' | 'map';
  node: YNode;
  inherited: boolean;
}

/**
 * `environment`, `labels`, `build.args`: a list of `NAME=value` or a map. Offsets of
 * the value inside a list item are exact for plain and simply quoted scalars, and
 * fall back to the whole item otherwise.
 */
export function keyValueItems(node: unknown, text: string): KeyValueItem[] {
  const n = deref(node);
  const out: KeyValueItem[] = [];
  if (isSeq(n)) {
    for (const raw of n.items) {
      const item = deref(raw);
      const s = scalarText(item);
      const r = span(item);
      if (s === undefined || !r || !isScalar(item)) continue;
      const eq = s.indexOf('=');
      const name = eq < 0 ? s : s.slice(0, eq);
      const value = eq < 0 ? undefined : s.slice(eq + 1);
      // The scalar's source text matches its value for plain and escape-free quoted scalars.
      const quoted = item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE' ? 1 : 0;
      const exact = text.slice(r[0] + quoted, r[1] - quoted) === s;
      const base = r[0] + quoted;
      out.push({
        name,
        value,
        start: r[0],
        end: r[1],
        nameStart: exact ? base : r[0],
        nameEnd: exact ? base + name.length : r[1],
        valueStart: value === undefined ? undefined : exact ? base + eq + 1 : r[0],
        valueEnd: value === undefined ? undefined : exact ? base + s.length : r[1],
        form: 'list',
        node: item,
        inherited: false,
      });
    }
  } else if (isMap(n)) {
    for (const e of entries(n)) {
      const kr = span(e.key);
      if (!kr) continue;
      const vr = span(e.value);
      const value = e.value === null ? undefined : scalarText(e.value);
      out.push({
        name: e.name,
        value,
        start: kr[0],
        end: vr ? vr[1] : kr[1],
        nameStart: kr[0],
        nameEnd: kr[1],
        valueStart: vr?.[0],
        valueEnd: vr?.[1],
        form: 'map',
        node: e.key,
        inherited: e.inherited,
      });
    }
  }
  return out;
}

/**
 * Whether the mapping itself writes `key`, even as `key: !reset` (which `entry` hides):
 * a fix must not add a second one.
 */
export function writesKey(map: unknown, key: string): boolean {
  const n = deref(map);
  return isMap(n) && n.items.some((p) => isPair(p) && !isMergeKey(p.key) && keyName(p.key) === key);
}
