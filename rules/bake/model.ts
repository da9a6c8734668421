/**
 * The bake model: the targets a `docker-bake.hcl`/`.json` defines, evaluated as far as
 * the text allows (variable defaults, literal matrices, `inherits` with buildx's
 * merge rules), each with where its attributes are written. `withPrint` swaps in
 * the values `docker buildx bake --print` computed, keeping the positions.
 */
import type { ModelBase } from '../core/rule';
import type { SuppressionComment } from '../core/suppress';
import { LineIndex } from '../core/text';
import { evaluate, scalarString, stringList, stringMap, UNKNOWN, type Scope, type Value } from './expr';
import { readHcl } from './hcl';
import { readJson } from './json';
import { attrOf, type RawAttr, type RawBlock, type RawFile, type SyntaxProblem } from './raw';

/** The attributes the rules read, by their bake names. */
export type BakeAttrName = 'context' | 'dockerfile' | 'dockerfile-inline' | 'target' | 'args' | 'cache-from' | 'cache-to' | 'tags' | 'no-cache' | 'inherits';
const ATTRS: readonly BakeAttrName[] = ['context', 'dockerfile', 'dockerfile-inline', 'target', 'args', 'cache-from', 'cache-to', 'tags', 'no-cache'];

/** Where an attribute that decided a target's value is written (its own block or a parent's). */
export interface AttrSource {
  /** The block's label (the parent's name when inherited). */
  block: string;
  attr: RawAttr;
  inherited: boolean;
}

export interface BakeTarget {
  /** The name bake knows (a matrix target's evaluated `name`). */
  name: string;
  /** The label of the block(s) it comes from. */
  label: string;
  /** Its own blocks in the file (several blocks of one name merge); empty for a target only `--print` knows. */
  blocks: RawBlock[];
  /** Offsets of the label text: where "this target…" findings point. */
  nameStart: number;
  nameEnd: number;
  /** Values after `inherits`; undefined when not set or not known (see `unknown`). */
  context?: string;
  dockerfile?: string;
  dockerfileInline?: string;
  target?: string;
  args: Record<string, string>;
  cacheFrom: string[];
  cacheTo: string[];
  tags: string[];
  noCache?: boolean;
  inherits: string[];
  /** Attributes set (after inherits), known or not. */
  set: Set<BakeAttrName>;
  /** Attributes set to something the text alone cannot evaluate: rules stay quiet about them. */
  unknown: Set<BakeAttrName>;
  ranges: Partial<Record<BakeAttrName, AttrSource>>;
  /** This expansion's matrix values (`{svc: "api"}`), for messages. */
  matrix?: Record<string, string>;
  /** Named by a group, or inherited by no other target: something bake builds, not only an abstract parent. */
  built: boolean;
}

export interface BakeGroup {
  name: string;
  targets: string[];
  nameStart: number;
  nameEnd: number;
}

export interface BakeModel extends ModelBase {
  kind: 'bake';
  format: 'hcl' | 'json';
  /** Where the values come from: the text, or `docker buildx bake --print`. */
  evaluatedBy: 'text' | 'print';
  raw: RawFile;
  targets: BakeTarget[];
  groups: BakeGroup[];
  comments: SuppressionComment[];
  syntaxErrors: SyntaxProblem[];
  statements: { line: number; endLine: number }[];
  target(name: string): BakeTarget | undefined;
}

/** A matrix expands to at most this many targets here (bake has no limit; a linter must). */
const MAX_EXPANSIONS = 64;

export function isJsonBake(text: string, path: string): boolean {
  return path.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{');
}

export function parseBake(text: string, path = 'docker-bake.hcl'): BakeModel {
  const lines = new LineIndex(text);
  const raw = isJsonBake(text, path) ? readJson(text, lines) : readHcl(text, lines);
  const scope = variableScope(raw);
  const declared = declaredTargets(raw, scope);
  const groups = raw.blocks
    .filter((b) => b.type === 'group' && b.label !== undefined)
    .map((b): BakeGroup => {
      const list = attrOf(b, 'targets') ? stringList(evaluate(attrOf(b, 'targets')!.expr, scope)) : [];
      return { name: b.label!, targets: list === UNKNOWN ? [] : list, nameStart: b.labelStart, nameEnd: b.labelEnd };
    });
  const targets = resolveInherits(declared);
  markBuilt(targets, groups);
  return makeModel({ kind: 'bake', path, text, lines, format: raw.format, evaluatedBy: 'text', raw, targets, groups, comments: raw.comments, syntaxErrors: raw.syntaxErrors, statements: raw.statements });
}

function makeModel(m: Omit<BakeModel, 'target'>): BakeModel {
  const byName = new Map(m.targets.map((t) => [t.name, t] as const));
  return { ...m, target: (name) => byName.get(name) };
}

/** Variables: `variable "X" { default = … }` and top-level `X = …`, evaluated lazily (they may use each other). */
function variableScope(raw: RawFile): Scope {
  const defs = new Map<string, RawAttr | null>();
  for (const a of raw.topAttrs) defs.set(a.name, a);
  for (const b of raw.blocks) if (b.type === 'variable' && b.label !== undefined) defs.set(b.label, attrOf(b, 'default') ?? null);
  const values = new Map<string, Value>();
  const busy = new Set<string>();
  const scope: Scope = (name) => {
    if (values.has(name)) return values.get(name)!;
    const def = defs.get(name);
    // No default: the environment decides, which the editor cannot know.
    if (!def || busy.has(name)) return UNKNOWN;
    busy.add(name);
    const v = evaluate(def.expr, scope);
    busy.delete(name);
    values.set(name, v);
    return v;
  };
  return scope;
}

/** One target as its own blocks state it (before inherits). */
interface Declared {
  name: string;
  label: string;
  blocks: RawBlock[];
  matrix?: Record<string, string>;
  own: Map<BakeAttrName, { value: Value; attr: RawAttr }>;
  inherits: string[];
  inheritsUnknown: boolean;
}

function declaredTargets(raw: RawFile, base: Scope): Declared[] {
  const byLabel = new Map<string, RawBlock[]>();
  for (const b of raw.blocks) {
    if (b.type !== 'target' || b.label === undefined) continue;
    const list = byLabel.get(b.label) ?? [];
    list.push(b);
    byLabel.set(b.label, list);
  }
  const out: Declared[] = [];
  for (const [label, blocks] of byLabel) {
    const last = (name: string) => {
      for (let i = blocks.length - 1; i >= 0; i--) {
        const a = attrOf(blocks[i], name);
        if (a) return a;
      }
      return undefined;
    };
    for (const { scope, matrix } of expansions(last('matrix'), base)) {
      const nameAttr = matrix ? last('name') : undefined;
      const evaluatedName = nameAttr ? scalarString(evaluate(nameAttr.expr, scope)) : undefined;
      const own = new Map<BakeAttrName, { value: Value; attr: RawAttr }>();
      let inherits: string[] = [];
      let inheritsUnknown = false;
      for (const block of blocks) {
        for (const attr of block.attrs) {
          if (attr.name === 'inherits') {
            const list = stringList(evaluate(attr.expr, scope));
            if (list === UNKNOWN) inheritsUnknown = true;
            else inherits = [...inherits, ...list];
            continue;
          }
          if (!(ATTRS as readonly string[]).includes(attr.name)) continue;
          const name = attr.name as BakeAttrName;
          const value = evaluate(attr.expr, scope);
          // Several blocks of one target merge like inherits: later ones win, cache-from and args add up.
          const prev = own.get(name);
          own.set(name, { value: prev ? mergeValue(name, prev.value, value) : value, attr });
        }
      }
      out.push({ name: evaluatedName ?? label, label, blocks, matrix, own, inherits, inheritsUnknown });
    }
  }
  return out;
}

/** The matrix's combinations, each a scope with its values; one plain scope without a matrix. */
function expansions(matrixAttr: RawAttr | undefined, base: Scope): { scope: Scope; matrix?: Record<string, string> }[] {
  if (!matrixAttr) return [{ scope: base }];
  const value = evaluate(matrixAttr.expr, base);
  const axes: [string, Value[]][] = [];
  if (value !== null && value !== UNKNOWN && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) axes.push([k, Array.isArray(v) ? v : [UNKNOWN]]);
  }
  if (!axes.length || value === UNKNOWN) {
    // An unknown matrix: one target whose matrix variables are unknown.
    const unknownNames = matrixAttr.expr.k === 'object' ? matrixAttr.expr.items.map((i) => i.key).filter((k): k is string => !!k) : [];
    return [{ scope: (n) => (unknownNames.includes(n) ? UNKNOWN : base(n)), matrix: {} }];
  }
  let combos: Record<string, Value>[] = [{}];
  for (const [k, values] of axes) {
    const next: Record<string, Value>[] = [];
    for (const c of combos) for (const v of values) if (next.length < MAX_EXPANSIONS) next.push({ ...c, [k]: v });
    combos = next;
  }
  return combos.map((c) => ({
    scope: (n: string) => (n in c ? c[n] : base(n)),
    matrix: Object.fromEntries(Object.entries(c).map(([k, v]) => [k, scalarString(v) ?? '?'])),
  }));
}

/** buildx's Target.Merge: args (and labels) merge by key, cache-from appends, the rest is replaced. */
function mergeValue(name: BakeAttrName, before: Value, after: Value): Value {
  if (after === null) return before;
  if (before === UNKNOWN || after === UNKNOWN) return after === UNKNOWN || name === 'args' || name === 'cache-from' ? UNKNOWN : after;
  if (name === 'args' && isRecord(before) && isRecord(after)) return { ...before, ...after };
  if (name === 'cache-from' && Array.isArray(before) && Array.isArray(after)) return [...before, ...after];
  return after;
}

function isRecord(v: Value): v is { [key: string]: Value } {
  return v !== null && v !== UNKNOWN && typeof v === 'object' && !Array.isArray(v);
}

function resolveInherits(declared: Declared[]): BakeTarget[] {
  const byName = new Map(declared.map((d) => [d.name, d] as const));
  const cache = new Map<string, Map<BakeAttrName, { value: Value; source: AttrSource }>>();
  const busy = new Set<string>();
  const effective = (d: Declared): Map<BakeAttrName, { value: Value; source: AttrSource }> => {
    const hit = cache.get(d.name);
    if (hit) return hit;
    const out = new Map<BakeAttrName, { value: Value; source: AttrSource }>();
    if (busy.has(d.name)) return out;
    busy.add(d.name);
    for (const parentName of d.inherits) {
      const parent = byName.get(parentName);
      if (!parent || parent === d) continue;
      for (const [k, v] of effective(parent)) merge(out, k, v.value, { ...v.source, inherited: true });
    }
    for (const [k, v] of d.own) merge(out, k, v.value, { block: d.label, attr: v.attr, inherited: false });
    busy.delete(d.name);
    cache.set(d.name, out);
    return out;
  };
  const merge = (out: Map<BakeAttrName, { value: Value; source: AttrSource }>, k: BakeAttrName, value: Value, source: AttrSource) => {
    if (value === null) return;
    const prev = out.get(k);
    out.set(k, { value: prev ? mergeValue(k, prev.value, value) : value, source });
  };
  return declared.map((d) => {
    const t = emptyTarget(d.name, d.label, d.blocks);
    t.matrix = d.matrix;
    t.inherits = d.inherits;
    if (d.inheritsUnknown) t.unknown.add('inherits');
    for (const [k, { value, source }] of effective(d)) setValue(t, k, value, source);
    return t;
  });
}

function emptyTarget(name: string, label: string, blocks: RawBlock[]): BakeTarget {
  const first = blocks[0];
  return {
    name,
    label,
    blocks,
    nameStart: first?.labelStart ?? 0,
    nameEnd: first?.labelEnd ?? 0,
    args: {},
    cacheFrom: [],
    cacheTo: [],
    tags: [],
    inherits: [],
    set: new Set(),
    unknown: new Set(),
    ranges: {},
    built: true,
  };
}

/** Stores one evaluated attribute in the target's typed fields. */
function setValue(t: BakeTarget, k: BakeAttrName, value: Value, source?: AttrSource): void {
  t.set.add(k);
  if (source) t.ranges[k] = source;
  const unknown = (): void => void t.unknown.add(k);
  switch (k) {
    case 'context':
    case 'dockerfile':
    case 'dockerfile-inline':
    case 'target': {
      const s = scalarString(value);
      if (s === undefined) return unknown();
      if (k === 'context') t.context = s;
      else if (k === 'dockerfile') t.dockerfile = s;
      else if (k === 'dockerfile-inline') t.dockerfileInline = s;
      else t.target = s;
      return;
    }
    case 'args': {
      const m = stringMap(value);
      if (m === UNKNOWN) return unknown();
      t.args = m;
      return;
    }
    case 'cache-from':
    case 'cache-to':
    case 'tags': {
      const list = cacheList(value);
      if (list === UNKNOWN) return unknown();
      if (k === 'cache-from') t.cacheFrom = list;
      else if (k === 'cache-to') t.cacheTo = list;
      else t.tags = list;
      return;
    }
    case 'no-cache':
      if (typeof value === 'boolean') t.noCache = value;
      else if (value === 'true' || value === 'false') t.noCache = value === 'true';
      else unknown();
      return;
    case 'inherits':
      return;
  }
}

/** Strings, or `--print`'s objects (`{"type": "gha", "scope": "api"}`) written back as `type=gha,scope=api`. */
function cacheList(value: Value): string[] | typeof UNKNOWN {
  if (Array.isArray(value) && value.some(isRecord)) {
    const out: string[] = [];
    for (const item of value) {
      if (!isRecord(item)) {
        const s = scalarString(item);
        if (s === undefined) return UNKNOWN;
        out.push(s);
        continue;
      }
      const entries = Object.entries(item).map(([k, v]) => [k, scalarString(v)] as const);
      if (entries.some(([, v]) => v === undefined)) return UNKNOWN;
      entries.sort(([a], [b]) => (a === 'type' ? -1 : b === 'type' ? 1 : 0));
      out.push(entries.map(([k, v]) => `${k}=${v}`).join(','));
    }
    return out;
  }
  return stringList(value);
}

/** A target is built when a group names it or no other target inherits it. */
function markBuilt(targets: BakeTarget[], groups: BakeGroup[]): void {
  const inGroup = new Set(groups.flatMap((g) => g.targets));
  const parents = new Set(targets.flatMap((t) => t.inherits));
  // A group may name a matrix block by its label: that builds every expansion.
  for (const t of targets) t.built = inGroup.has(t.name) || inGroup.has(t.label) || !parents.has(t.name);
}

/** What `docker buildx bake --print` writes: `{group: {…}, target: {name: {context, dockerfile, …}}}`. */
export interface BakePrint {
  group?: Record<string, { targets?: string[] }>;
  target?: Record<string, Record<string, unknown>>;
}

/**
 * The model with `--print`'s values (bake's own evaluation: environment, functions,
 * matrices, inherits). Positions come from the text's target of the same name, or
 * of the block a matrix target was expanded from; targets the print lacks are dropped
 * (it lists what bake would build).
 */
export function withPrint(model: BakeModel, print: BakePrint): BakeModel {
  const targets: BakeTarget[] = [];
  for (const [name, fields] of Object.entries(print.target ?? {})) {
    if (!fields || typeof fields !== 'object') continue;
    const fromText = model.target(name);
    const t = emptyTarget(name, fromText?.label ?? name, fromText?.blocks ?? []);
    if (fromText) {
      t.matrix = fromText.matrix;
      t.inherits = fromText.inherits;
    }
    for (const k of ATTRS) {
      const v = fields[k];
      if (v === undefined || v === null) continue;
      // Where the text writes it, if it does: findings still point at the attribute.
      setValue(t, k, toValue(v), fromText?.ranges[k]);
    }
    targets.push(t);
  }
  const groups: BakeGroup[] = Object.entries(print.group ?? {}).map(([name, g]) => {
    const fromText = model.groups.find((x) => x.name === name);
    return { name, targets: Array.isArray(g?.targets) ? g.targets.filter((x): x is string => typeof x === 'string') : [], nameStart: fromText?.nameStart ?? 0, nameEnd: fromText?.nameEnd ?? 0 };
  });
  // Everything `--print` lists is what bake builds.
  return makeModel({ ...model, evaluatedBy: 'print', targets, groups });
}

function toValue(v: unknown, depth = 0): Value {
  if (depth > 16) return UNKNOWN;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => toValue(x, depth + 1));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, toValue(x, depth + 1)]));
  return UNKNOWN;
}

/** Names of the targets bake builds from this file (for `--print <targets…>`). */
export function builtTargetNames(model: BakeModel): string[] {
  return model.targets.filter((t) => t.built).map((t) => t.name);
}
