import { isMap, isSeq, type YAMLMap } from 'yaml';
import { serviceRule, hardeningSeverity, reportOnService, type ComposeContext } from '../rule';
import { appendItem, insertEntry, keyColumn, yamlStyle } from '../../yaml/edit';
import type { ComposeService } from '../model';
import type { Fix, TextEdit } from '../../core/types';
import { isEmptyNode, isMergeKey, keyName, scalarText, seqItems, span, type Entry } from '../../yaml/nodes';

const WHY =
  "keeps Docker's default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, KILL…), which a compromised process can use to take over files, switch users or forge network packets";
const HOW = 'Drop them all with cap_drop: [ALL]; cap_add then brings back only the ones it needs.';

function dropsAll(e: Entry | undefined): boolean {
  const items = isSeq(e?.value) ? seqItems(e?.value) : [e?.value];
  return items.some((n) => scalarText(n)?.trim().toUpperCase() === 'ALL');
}

/**
 * Where a new cap_drop goes: the plan writes drop then add, and insertEntry only inserts
 * after a key, so it goes after the key that precedes cap_add (after cap_add when nothing does).
 */
function placement(service: ComposeService): string[] {
  const map = service.node;
  if (isMap(map) && !map.flow) {
    const pairs = (map as YAMLMap).items;
    const i = pairs.findIndex((p) => !isMergeKey(p.key) && keyName(p.key) === 'cap_add');
    const before = i > 0 && !isMergeKey(pairs[i - 1].key) ? keyName(pairs[i - 1].key) : undefined;
    if (before !== undefined) return [before];
    if (i >= 0) return ['cap_add'];
  }
  return ['security_opt', 'privileged', 'user'];
}

/** `cap_drop:` with no value: the item goes on the next line (block map) or `[ALL]` after the colon (flow map). */
function fillEmpty(ctx: ComposeContext, service: ComposeService, e: Entry): TextEdit | undefined {
  const value = span(e.value);
  if (value && value[1] > value[0]) return ctx.replace(value[0], value[1], '[ALL]'); // `cap_drop: null` / `~`
  const key = span(e.key);
  if (!key) return undefined;
  let colon = key[1];
  while (ctx.model.text[colon] === ' ' || ctx.model.text[colon] === '\t') colon++;
  if (ctx.model.text[colon] !== ':') return undefined;
  if (isMap(service.node) && service.node.flow) return ctx.insert(colon + 1, ' [ALL]');
  const { lines } = ctx.model;
  const pad = ' '.repeat((keyColumn(ctx.model, e.key) ?? 0) + yamlStyle(ctx.model).seqIndent);
  return ctx.insert(lines.lineEnd(lines.positionAt(key[0]).line), `${lines.eol}${pad}- ALL`);
}

export default serviceRule(
  { id: 'compose-cap-drop-all', title: 'Drop all capabilities', severity: 'warning', plan: '§3.2', fix: 'unsafe' },
  (ctx, service) => {
    const e = service.get('cap_drop');
    if (dropsAll(e)) return;
    const severity = hardeningSeverity(service, 'warning');
    const fix = (title: string, edit: TextEdit | undefined): Fix[] => (edit ? [{ title, safe: false, edits: [edit] }] : []);
    if (e && !e.inherited) {
      // The service's own list (or empty key): add ALL to it; cap_add stays as it is.
      const key = span(e.key);
      if (!key) return;
      const edit = isSeq(e.value) ? appendItem(ctx.model, e.value, 'ALL') : isEmptyNode(e.value) ? fillEmpty(ctx, service, e) : undefined;
      ctx.report({
        start: key[0],
        end: key[1],
        severity,
        message: `Service "${service.name}" ${seqItems(e.value).length ? 'drops some capabilities but not ALL' : 'drops no capabilities'}, so it ${WHY}. ${HOW}`,
        fixes: fix('Add ALL to cap_drop', edit),
      });
      return;
    }
    // A list merged from an anchor is replaced, not extended, by a key of the service's own: repeat its items.
    // An own `cap_drop: !reset` is still a key of the map: adding another would be a duplicate, so no fix then.
    const inherited = seqItems(e?.value).map((n) => scalarText(n)).filter((t): t is string => t !== undefined);
    const ownReset = isMap(service.node) && service.node.has('cap_drop');
    const edit = ownReset ? undefined : insertEntry(ctx.model, service.node, 'cap_drop', [...inherited, 'ALL'], { after: placement(service), parentKey: service.key });
    reportOnService(ctx, service, `Service "${service.name}" ${WHY}. ${HOW}`, fix('Add cap_drop: [ALL]', edit), severity);
  },
);
