/**
 * Docker's default `json-file` log driver keeps everything a container writes in one
 * file that only grows: a chatty service fills the host's disk. `max-size` (with
 * `max-file`) makes it rotate. Other drivers (`local` rotates by default, `none`,
 * `syslog`, `journald`, `fluentd`...) are someone else's retention policy.
 * The daemon's own defaults (`log-driver`/`log-opts` in daemon.json) cannot be seen
 * from here, which is why this is only a hint.
 */
import { isAlias, isMap } from 'yaml';
import { serviceRule, reportOnService, type ComposeContext } from '../rule';
import { insertEntry, removePair, scalarSource, yamlStyle, type Plain } from '../../yaml/edit';
import { comparePositions } from '../../core/text';
import type { ComposeService } from '../model';
import type { Fix, TextEdit } from '../../core/types';
import { entries, entry, isEmptyNode, scalarText, span, keyName, type Entry } from '../../yaml/nodes';

const MAX_SIZE = '10m';
const MAX_FILE = '3';

/** Two inserts at the same spot as one edit (the second's text after the first's). */
function joined(a: TextEdit | undefined, b: TextEdit | undefined): TextEdit | undefined {
  if (!a || !b) return undefined;
  if (a.range.start.line !== b.range.start.line || a.range.start.character !== b.range.start.character) return undefined;
  // Block inserts are whole lines and flow inserts after a pair start with ", "; only the first key of an empty flow map needs one.
  const separator = /\n$/.test(a.newText) || b.newText.startsWith(', ') ? '' : ', ';
  return { range: a.range, newText: a.newText + separator + b.newText };
}

/** A mapping of scalars as plain data; undefined when some value is not a scalar. */
function scalarMap(node: unknown): { [key: string]: string } | undefined {
  const out: { [key: string]: string } = {};
  for (const e of entries(node)) {
    const v = scalarText(e.value);
    if (v === undefined) return undefined;
    out[e.name] = v;
  }
  return out;
}

/** A key written in the mapping itself; where entry() found nothing, that is `key: !reset`, which a new key would duplicate. */
function hasOwnKey(map: unknown, name: string): boolean {
  return isMap(map) && map.items.some((p) => keyName(p.key) === name);
}

/** The options with rotation added (max-file only when not already chosen). */
function rotation(existing: { [key: string]: string }): { [key: string]: Plain } {
  return { ...existing, 'max-size': MAX_SIZE, ...(existing['max-file'] === undefined ? { 'max-file': MAX_FILE } : {}) };
}

/** The rotation added to an own `logging` mapping's `options` (own mapping, own empty key, merged, or missing). */
function addOptions(ctx: ComposeContext, logging: Entry, options: Entry | undefined): TextEdit | undefined {
  const { model } = ctx;
  if (!options) return hasOwnKey(logging.value, 'options') ? undefined : insertEntry(model, logging.value, 'options', rotation({}), { after: ['driver'], forceQuote: true });
  if (isAlias(options.pair.value)) return undefined; // `options: *shared`: rare, left to the author
  if (options.inherited) {
    // Merged into `logging` from an anchor: an own `options` replaces it, so repeat what it holds.
    const existing = scalarMap(options.value);
    return existing && insertEntry(model, logging.value, 'options', rotation(existing), { after: ['driver'], forceQuote: true });
  }
  if (isEmptyNode(options.value)) {
    return joined(
      insertEntry(model, null, 'max-size', MAX_SIZE, { parentKey: options.key, forceQuote: true }),
      insertEntry(model, null, 'max-file', MAX_FILE, { parentKey: options.key, forceQuote: true }),
    );
  }
  if (!isMap(options.value)) return undefined;
  const size = insertEntry(model, options.value, 'max-size', MAX_SIZE, { forceQuote: true });
  return entry(options.value, 'max-file') ? size : joined(size, insertEntry(model, options.value, 'max-file', MAX_FILE, { forceQuote: true }));
}

function fix(ctx: ComposeContext, service: ComposeService, logging: Entry | undefined, options: Entry | undefined, maxSize: Entry | undefined): TextEdit | undefined {
  const { model } = ctx;
  if (!logging || logging.inherited || isAlias(logging.pair.value)) {
    // None, or one shared through an anchor (editing it would change the other services too):
    // the service gets its own `logging`, repeating the shared options.
    const existing = options ? scalarMap(options.value) : {};
    if (!existing) return undefined;
    const own: Plain = { driver: 'json-file', options: rotation(existing) };
    if (!logging && hasOwnKey(service.node, 'logging')) return undefined;
    if (!logging || logging.inherited) return insertEntry(model, service.node, 'logging', own, { after: ['healthcheck', 'restart'], forceQuote: true });
    // `logging: *anchor`: the pair's lines are replaced by an own mapping (block style only; a flow service is left to the author).
    if (!isMap(service.node) || service.node.flow) return undefined;
    const removal = removePair(model, service.node, logging.pair);
    const insert = insertEntry(model, service.node, 'logging', own, { after: ['logging'], forceQuote: true });
    if (!removal || !insert || comparePositions(removal.range.end, insert.range.start) !== 0) return undefined;
    return { range: removal.range, newText: insert.newText };
  }
  if (isEmptyNode(logging.value)) {
    return joined(
      insertEntry(model, null, 'driver', 'json-file', { parentKey: logging.key, forceQuote: true }),
      insertEntry(model, null, 'options', rotation({}), { parentKey: logging.key, forceQuote: true }),
    );
  }
  if (!maxSize) return addOptions(ctx, logging, options);
  // `max-size:` written with no value, or an empty string.
  const r = span(maxSize.key);
  if (maxSize.inherited || !r) return undefined;
  return ctx.replace(r[0], Math.max(r[1], span(maxSize.value)?.[1] ?? r[1]), `max-size: ${scalarSource(MAX_SIZE, yamlStyle(model).quote, true)}`);
}

export default serviceRule(
  { id: 'compose-logging-unbounded', title: 'Bound the size of json-file logs', severity: 'info', plan: '§7.1', fix: 'unsafe' },
  (ctx, service) => {
    if (!isMap(service.node)) return;
    const logging = service.get('logging');
    // `extends` may bring a logging section this file does not show.
    if (!logging && service.get('extends')) return;
    if (logging && !isEmptyNode(logging.value) && !isMap(logging.value)) return; // not a mapping: the schema rule reports it
    const driver = logging && scalarText(entry(logging.value, 'driver')?.value);
    if (driver !== undefined && driver !== 'json-file') return;
    const options = logging && entry(logging.value, 'options');
    const maxSize = options && entry(options.value, 'max-size');
    if (maxSize && !isEmptyNode(maxSize.value) && scalarText(maxSize.value) !== '') return;

    const edit = fix(ctx, service, logging, options, maxSize);
    const fixes: Fix[] = edit ? [{ title: `Rotate json-file logs at ${MAX_SIZE} (max-size, max-file)`, safe: false, edits: [edit] }] : [];
    const message = `Service "${service.name}" logs with the json-file driver and no max-size: its log file grows until the disk is full. Set logging.options max-size (and max-file), or use the "local" driver.`;
    const key = logging && !logging.inherited ? span(logging.key) : undefined;
    if (key) ctx.report({ start: key[0], end: key[1], message, fixes });
    else reportOnService(ctx, service, message, fixes);
  },
);
