/**
 * `depends_on: [db]` only orders container starts: the dependant starts as soon as
 * db's process does, before db accepts connections. When db has a health check,
 * the long form with `condition: service_healthy` waits for it to pass.
 *
 * The long form is not checked: a `condition` written out is a decision.
 */
import { isAlias, isMap, isScalar, isSeq, type Scalar } from 'yaml';
import { serviceRule, type ComposeContext } from '../rule';
import { insertEntry, keyColumn, scalarSource, yamlStyle, type Plain } from '../../yaml/edit';
import type { ComposeService } from '../model';
import type { Fix, TextEdit } from '../../core/types';
import { healthcheckState } from '../knowledge/healthcheck';
import { seqItems, scalarText, span, type Entry, type YNode } from '../../yaml/nodes';

type Condition = 'service_healthy' | 'service_started';

/** Each listed name with the condition its long form gets. */
function conditions(ctx: ComposeContext, names: string[]): [string, Condition][] {
  const healthy = new Set(ctx.model.services.filter((s) => healthcheckState(s) === 'test').map((s) => s.name));
  return names.map((n) => [n, healthy.has(n) ? 'service_healthy' : 'service_started']);
}

function longForm(pairs: [string, Condition][]): { [name: string]: Plain } {
  return Object.fromEntries(pairs.map(([n, c]) => [n, { condition: c }]));
}

function flowLongForm(ctx: ComposeContext, pairs: [string, Condition][]): string {
  const quote = yamlStyle(ctx.model).quote;
  return pairs.map(([n, c]) => `${scalarSource(n, quote)}: {condition: ${c}}`).join(', ');
}

/** Rewrites the service's own short list in place: block long form, or flow when the service map is flow. */
function rewriteOwn(ctx: ComposeContext, service: ComposeService, dep: Entry, items: Scalar[], pairs: [string, Condition][]): TextEdit[] | undefined {
  const { model } = ctx;
  const seq = dep.value as YNode;
  const seqRange = span(seq);
  const keyRange = span(dep.key);
  const keyCol = keyColumn(model, dep.key);
  if (!seqRange || !keyRange || keyCol === undefined) return undefined;
  const style = yamlStyle(model);
  const name = (n: string) => scalarSource(n, style.quote);
  if (isMap(service.node) && service.node.flow) {
    if (model.text.slice(seqRange[0], seqRange[1]).includes('#')) return undefined;
    return [ctx.replace(seqRange[0], seqRange[1], `{${flowLongForm(ctx, pairs)}}`)];
  }
  const eol = model.lines.eol;
  const pad = (level: number) => ' '.repeat(keyCol + level * style.indent);
  const lines = (n: string, c: Condition) => `${pad(1)}${name(n)}:${eol}${pad(2)}condition: ${c}`;
  if (isSeq(seq) && seq.flow) {
    // `depends_on: [db, cache]` → the block form under the key (a comment inside the brackets would be lost: no fix).
    const between = model.text.slice(keyRange[1], seqRange[0]);
    if (between.trim() !== ':' || model.text.slice(seqRange[0], seqRange[1]).includes('#')) return undefined;
    const colon = keyRange[1] + between.indexOf(':') + 1;
    return [ctx.replace(colon, seqRange[1], eol + pairs.map(([n, c]) => lines(n, c)).join(eol))];
  }
  // Block list: each `- name` line becomes `name:` + `condition:`; comments between items stay.
  return items.map((item, i) => {
    const r = span(item) as [number, number];
    const lineStart = model.lines.lineStarts[model.lines.positionAt(r[0]).line];
    return ctx.replace(lineStart, r[1], lines(pairs[i][0], pairs[i][1]));
  });
}

export default serviceRule(
  { id: 'compose-depends-on-healthy', title: 'Wait for dependencies to be healthy', severity: 'info', plan: '§6.1', fix: 'unsafe' },
  (ctx, service) => {
    const dep = service.get('depends_on');
    if (!dep) return;
    const items = seqItems(dep.value);
    if (items.length === 0) return; // long form or nothing
    const scalars = items.filter((i): i is Scalar => isScalar(i) && typeof i.value === 'string' && !!span(i));
    const names = scalars.map((i) => scalarText(i) as string);
    const pairs = conditions(ctx, names);
    const healthy = scalars.filter((_, i) => pairs[i][1] === 'service_healthy' && pairs[i][0] !== service.name);
    if (healthy.length === 0) return;
    const aliased = isAlias(dep.pair.value); // `depends_on: *deps`: the list lives elsewhere
    const shared = !!(dep.value as YNode).anchor; // `depends_on: &deps [...]`: rewriting it changes the aliases too
    let edits: TextEdit[] | undefined;
    if (scalars.length !== items.length) edits = undefined; // an item that is not a name: leave the list to the schema rule
    else if (dep.inherited) {
      // The list comes from a merged anchor: give this service its own long form (an own key replaces the merged one).
      const edit = insertEntry(ctx.model, service.node, 'depends_on', longForm(pairs), { after: ['links', 'build', 'image'] });
      edits = edit && [edit];
    } else if (aliased) {
      const r = span(dep.pair.value as YNode);
      edits = r && [ctx.replace(r[0], r[1], `{${flowLongForm(ctx, pairs)}}`)];
    } else if (!shared) edits = rewriteOwn(ctx, service, dep, scalars, pairs);
    const fixes: Fix[] = edits ? [{ title: 'Use the long depends_on form with condition: service_healthy', safe: false, edits }] : [];
    const message = (n: string) =>
      `Service "${service.name}" starts as soon as "${n}" has started, not when it is ready, although "${n}" has a health check. Use the long form of depends_on with "condition: service_healthy".`;
    if (dep.inherited || aliased) {
      // The items are shared text: point at this service instead.
      ctx.report({ start: service.keyStart, end: service.keyEnd, message: message(scalarText(healthy[0]) as string), fixes });
      return;
    }
    for (const item of healthy) {
      const r = span(item) as [number, number];
      ctx.report({ start: r[0], end: r[1], message: message(scalarText(item) as string), fixes });
    }
  },
);
