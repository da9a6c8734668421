/**
 * An override file should hold only what differs from its base (plan §4.1). This
 * rule reads the base file through the workspace view, walks the override's own
 * keys of each service, and reports what the base already sets to the same value.
 */
import { dirname, join, basename } from 'node:path';
import { isMap, isSeq, type Pair } from 'yaml';
import type { Fix, TextEdit } from '../../core/types';
import { composeRule, type ComposeContext } from '../rule';
import { parseCompose, plainOf, type ComposeModel, type ComposeService } from '../model';
import { removeItem, removePair } from '../../yaml/edit';
import { MERGED_BY_ITEM, MERGED_BY_NAME, REPLACED_WHOLE } from '../knowledge/mergeRules';
import { baseCandidates, overrideName, overridesIn } from '../knowledge/overrideFiles';
import { entries, keyValueItems, span, type Entry, type YNode } from '../../yaml/nodes';

interface Repeat {
  start: number;
  end: number;
  /** `environment.LOG_LEVEL`, `ports[0]`… */
  path: string;
  edit: TextEdit | undefined;
}

/** Base models by text: ten overrides of one base parse it once. */
const baseCache = new Map<string, ComposeModel>();
function parseBase(text: string, path: string): ComposeModel {
  const key = `${path}\0${text}`;
  let model = baseCache.get(key);
  if (!model) {
    if (baseCache.size > 16) baseCache.clear();
    model = parseCompose(text, path);
    baseCache.set(key, model);
  }
  return model;
}

function same(a: unknown, b: unknown): boolean {
  if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') {
    // Compose interpolates and types values later: `80` and "80" are one value.
    return a !== undefined && b !== undefined && String(a) === String(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Tagged values say how to merge on purpose (`!override`, `!reset`): never a repeat. */
function tagged(node: YNode | null): boolean {
  return !!node?.tag && (node.tag === '!override' || node.tag === '!reset');
}

function pairSpan(e: Entry): [number, number] | undefined {
  const k = span(e.key);
  return k ? [k[0], span(e.value)?.[1] ?? k[1]] : undefined;
}

/**
 * Repeats inside one own entry of the override. Returns 'all' when the whole entry
 * repeats the base (the caller removes it whole), else the repeated parts.
 */
function compareEntry(model: ComposeModel, own: Entry, base: Entry, path: string): Repeat[] | 'all' {
  if (tagged(own.value)) return [];
  if (same(plainOf(own.value), plainOf(base.value))) return 'all';
  if (REPLACED_WHOLE.has(own.name)) return [];
  if (MERGED_BY_NAME.has(own.name)) {
    const baseValues = new Map(keyValueItems(base.value, '').map((i) => [i.name, i.value] as const));
    const items = keyValueItems(own.value, model.text).filter((i) => !i.inherited);
    const repeats = items.filter((i) => baseValues.has(i.name) && i.value === baseValues.get(i.name));
    if (repeats.length && repeats.length === items.length) return 'all';
    return repeats.map((i) => ({
      start: i.start,
      end: i.end,
      path: `${path}.${i.name}`,
      edit: i.form === 'list' ? removeItem(model, own.value as YNode, i.node) : removeOwnPair(model, own.value, i.name),
    }));
  }
  if (isSeq(own.value) && isSeq(base.value)) {
    if (!MERGED_BY_ITEM.has(own.name)) return [];
    const baseItems = base.value.items.map(plainOf);
    const items = own.value.items as YNode[];
    const repeats = items.filter((item) => baseItems.some((b) => same(plainOf(item), b)));
    if (repeats.length && repeats.length === items.length) return 'all';
    return repeats.map((item) => {
      const r = span(item) ?? [0, 0];
      return { start: r[0], end: r[1], path: `${path}[${items.indexOf(item)}]`, edit: removeItem(model, own.value as YNode, item) };
    });
  }
  if (isMap(own.value) && isMap(base.value)) return compareMaps(model, own.value, base.value, path);
  return [];
}

function removeOwnPair(model: ComposeModel, map: YNode | null, name: string): TextEdit | undefined {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => (p.key as { value?: unknown } | null)?.value === name) as Pair | undefined;
  return pair ? removePair(model, map, pair) : undefined;
}

/** Own keys of `own` against `base`, recursively; 'all' when every own key repeats. */
function compareMaps(model: ComposeModel, own: YNode, base: YNode | null, path: string): Repeat[] | 'all' {
  const ownEntries = entries(own).filter((e) => !e.inherited);
  const baseByName = new Map(entries(base).map((e) => [e.name, e] as const));
  const repeats: Repeat[] = [];
  let whole = 0;
  for (const e of ownEntries) {
    const b = baseByName.get(e.name);
    if (!b) continue;
    const childPath = path ? `${path}.${e.name}` : e.name;
    const result = compareEntry(model, e, b, childPath);
    if (result === 'all') {
      whole++;
      const r = pairSpan(e);
      if (r) repeats.push({ start: r[0], end: r[1], path: childPath, edit: removePair(model, own, e.pair) });
    } else repeats.push(...result);
  }
  return ownEntries.length > 0 && whole === ownEntries.length ? 'all' : repeats;
}

function baseFile(ctx: ComposeContext): { model: ComposeModel; name: string; chain: number } | undefined {
  const files = ctx.files;
  const name = overrideName(basename(ctx.model.path));
  if (!files || !name) return undefined;
  const dir = dirname(ctx.model.path);
  const listing = files.list(dir) ?? [];
  for (const candidate of baseCandidates(name)) {
    if (!listing.includes(candidate)) continue;
    const text = files.read(join(dir, candidate));
    if (text === undefined) continue;
    return { model: parseBase(text, join(dir, candidate)), name: candidate, chain: overridesIn(listing).length };
  }
  return undefined;
}

function servicePair(model: ComposeModel, service: ComposeService): { map: YNode; pair: Pair } | undefined {
  const services = entries(model.root).find((e) => e.name === 'services');
  if (!services || services.inherited || !isMap(services.value)) return undefined;
  const pair = services.value.items.find((p) => p.key === service.key) as Pair | undefined;
  return pair ? { map: services.value, pair } : undefined;
}

export default composeRule(
  { id: 'compose-override-duplicate', title: 'Keep only differences in override files', severity: 'info', plan: '§4.1', fix: 'safe' },
  (ctx) => {
    const base = baseFile(ctx);
    if (!base) return;
    const baseServices = new Map(base.model.services.map((s) => [s.name, s] as const));
    // Beside other overrides, a repeat may undo what another one changed: report, do not remove.
    const fixable = base.chain <= 1;
    const fixesFor = (title: string, edit: TextEdit | undefined): Fix[] => (fixable && edit ? [{ title, safe: true, edits: [edit] }] : []);
    const caveat = fixable ? '' : ' (Other override files sit beside it: keep it if it undoes one of them.)';
    for (const service of ctx.model.services) {
      const baseService = baseServices.get(service.name);
      if (!baseService || !service.node || service.get('extends')) continue;
      const result = compareMaps(ctx.model, service.node, baseService.node, '');
      if (result === 'all') {
        const sp = servicePair(ctx.model, service);
        ctx.report({
          start: service.keyStart,
          end: service.keyEnd,
          message: `Service "${service.name}" only repeats what ${base.name} already sets for it: the override adds nothing. Remove it (plan §4.1: overrides hold only what differs).${caveat}`,
          fixes: fixesFor(`Remove service "${service.name}" from the override`, sp && removePair(ctx.model, sp.map, sp.pair)),
        });
        continue;
      }
      for (const r of result) {
        ctx.report({
          start: r.start,
          end: r.end,
          message: `"${r.path}" of service "${service.name}" repeats what ${base.name} already sets: the override changes nothing here. Remove it so the base stays the single source of truth (plan §4.1).${caveat}`,
          fixes: fixesFor(`Remove the repeated "${r.path}"`, r.edit),
        });
      }
    }
  },
);
