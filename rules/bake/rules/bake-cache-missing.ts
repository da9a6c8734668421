/**
 * A bake target built without a cache backend starts from nothing on every fresh CI
 * runner (plan §1.4, §5.1: `cache-from`/`cache-to` on each target). A target that
 * exports a cache it never imports pays for the export and gains nothing.
 */
import { indentOf } from '../../core/text';
import type { Fix } from '../../core/types';
import type { BakeModel, BakeTarget } from '../model';
import type { RawBlock } from '../raw';
import { bakeRule, targetLabel, type BakeContext } from '../rule';

export const bakeCacheMissing = bakeRule({ id: 'bake-cache-missing', title: 'Bake targets should import and export a build cache', severity: 'info', plan: '§5.1', fix: 'unsafe' }, (ctx) => {
  // Expansions of one matrix block share its text: one finding per block.
  const lacking = new Map<RawBlock | string, BakeTarget[]>();
  const exportOnly = new Set<number>();
  for (const t of ctx.model.targets) {
    if (!t.built || t.noCache === true || t.unknown.has('no-cache')) continue;
    const from = t.set.has('cache-from');
    const to = t.set.has('cache-to');
    if (!from && !to) {
      const key = t.blocks[t.blocks.length - 1] ?? t.name;
      lacking.set(key, [...(lacking.get(key) ?? []), t]);
    } else if (to && !from) {
      const source = t.ranges['cache-to'];
      if (!source || exportOnly.has(source.attr.start)) continue;
      exportOnly.add(source.attr.start);
      ctx.report({
        start: source.attr.keyStart,
        end: source.attr.keyEnd,
        message: `Target ${targetLabel(t)} exports a build cache (cache-to) but never imports one (cache-from): the next build cannot use what this one saves. Import the same cache.`,
        fixes: importFix(ctx, t),
      });
    }
  }
  for (const targets of lacking.values()) {
    const t = targets[0];
    const names = targets.length > 1 ? `Targets ${targets.slice(0, 3).map((x) => `"${x.name}"`).join(', ')}${targets.length > 3 ? ` and ${targets.length - 3} more` : ''} (from "${t.label}")` : `Target ${targetLabel(t)}`;
    ctx.report({
      start: t.nameStart,
      end: t.nameEnd,
      message: `${names} ${targets.length > 1 ? 'have' : 'has'} no build cache (cache-from/cache-to): every fresh CI runner rebuilds each layer. Add a cache backend (type=gha in GitHub Actions, type=registry elsewhere), with a scope per target.`,
      fixes: addCacheFix(ctx, t),
    });
  }
});

/** The indentation attributes use in this file (the target's own first, else any block's, else two spaces). */
function attributeIndent(model: BakeModel, block: RawBlock): string {
  for (const b of [block, ...model.raw.blocks]) {
    for (const a of b.attrs) {
      const pos = model.lines.positionAt(a.start);
      const line = model.lines.lineText(pos.line);
      if (line.slice(0, pos.character).trim() === '') return line.slice(0, pos.character);
    }
  }
  return '  ';
}

/** Offset where a new attribute line can go before the block's `}` (alone on its line), or undefined. */
function beforeClose(model: BakeModel, block: RawBlock): number | undefined {
  if (model.format !== 'hcl' || block.open < 0 || block.close < 0) return undefined;
  const close = model.lines.positionAt(block.close);
  if (close.line === model.lines.positionAt(block.open).line) return undefined;
  if (model.lines.lineText(close.line).slice(0, close.character).trim() !== '') return undefined;
  return model.lines.lineStarts[close.line];
}

/** A scope per target (plan §1.4's gha cache), so targets do not overwrite each other's cache. */
function scopeOf(model: BakeModel, t: BakeTarget): string | undefined {
  if (!t.matrix) return t.label;
  // A matrix block: reuse its `name` template so each expansion gets its own scope.
  const nameAttr = t.blocks.flatMap((b) => b.attrs).find((a) => a.name === 'name');
  if (!nameAttr || nameAttr.expr.k !== 'template') return undefined;
  const source = model.text.slice(nameAttr.expr.start, nameAttr.expr.end);
  return /^"[^"\\]*"$/.test(source) ? source.slice(1, -1) : undefined;
}

function addCacheFix(ctx: BakeContext, t: BakeTarget): Fix[] {
  const model = ctx.model;
  const block = t.blocks[t.blocks.length - 1];
  if (!block) return [];
  const at = beforeClose(model, block);
  const scope = scopeOf(model, t);
  if (at === undefined || scope === undefined) return [];
  const indent = attributeIndent(model, block);
  const eol = model.lines.eol;
  const text = `${indent}cache-from = ["type=gha,scope=${scope}"]${eol}${indent}cache-to = ["type=gha,mode=max,scope=${scope}"]${eol}`;
  // Unsafe: a gha export needs the Actions runtime token and a builder that can export cache.
  return [{ title: 'Add a GitHub Actions cache (cache-from/cache-to, scoped to the target)', safe: false, edits: [ctx.insert(at, text)] }];
}

/** Options that only make sense when exporting; `dest` of a local export is `src` when importing. */
const EXPORT_ONLY = new Set(['mode', 'image-manifest', 'oci-mediatypes', 'compression', 'compression-level', 'force-compression', 'ignore-error']);

/** The cache-from entry that reads what a cache-to entry writes; undefined for `inline` (it lives in the image). */
export function importOf(entry: string): string | undefined {
  const fields = entry.split(',').map((f) => f.trim()).filter(Boolean);
  const pairs = fields.map((f) => {
    const i = f.indexOf('=');
    return i < 0 ? ([f, undefined] as const) : ([f.slice(0, i), f.slice(i + 1)] as const);
  });
  const type = pairs.find(([k]) => k === 'type')?.[1];
  if (!type || type === 'inline') return undefined;
  return pairs
    .filter(([k]) => !EXPORT_ONLY.has(k))
    .map(([k, v]) => (v === undefined ? k : `${type === 'local' && k === 'dest' ? 'src' : k}=${v}`))
    .join(',');
}

function importFix(ctx: BakeContext, t: BakeTarget): Fix[] {
  const model = ctx.model;
  const source = t.ranges['cache-to'];
  if (model.format !== 'hcl' || !source || source.inherited || t.matrix || t.unknown.has('cache-to')) return [];
  const imports = t.cacheTo.map(importOf);
  if (!imports.length || imports.some((i) => i === undefined)) return [];
  const start = model.lines.positionAt(source.attr.start);
  const end = model.lines.positionAt(source.attr.end);
  const line = model.lines.lineText(start.line);
  if (line.slice(0, start.character).trim() !== '' || model.lines.lineText(end.line).slice(end.character).trim() !== '' || end.line + 1 >= model.lines.lineCount) return [];
  const values = imports.map((i) => JSON.stringify(i).replace(/([$%])\{/g, (_, c: string) => `${c}${c}{`)).join(', ');
  const text = `${indentOf(line)}cache-from = [${values}]${model.lines.eol}`;
  // Safe: importing a cache never changes the image, and it reads the backend the export already uses.
  return [{ title: 'Import the cache this target exports (cache-from)', safe: true, edits: [ctx.insert(model.lines.lineStarts[end.line + 1], text)] }];
}
