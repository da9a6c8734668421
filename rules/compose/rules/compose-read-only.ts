import { isMap } from 'yaml';
import { serviceRule, reportOnService, type ComposeContext } from '../rule';
import { insertEntry } from '../../yaml/edit';
import type { ComposeService } from '../model';
import type { Fix, TextEdit } from '../../core/types';
import { normalizeHostPath, resolveDefaults, serviceMounts } from '../knowledge/volumes';
import { isEmptyNode, isTrue, scalarText, span, type Entry } from '../../yaml/nodes';

const WHY =
  'an attacker who gets code execution can then rewrite its binaries and configuration or drop tools into it, and the app can fill the writable layer unnoticed';
const HOW = 'Set read_only: true and give it tmpfs (or volumes) for the paths it really writes, such as /tmp.';
/** Where read_only goes: the plan's order is security_opt, cap_drop, cap_add, read_only, tmpfs. */
const AFTER = ['cap_add', 'cap_drop', 'security_opt', 'user', 'privileged'];
const TMPFS = ['/tmp'];

/** True, or decided elsewhere (`${READ_ONLY}`): only a value that resolves to something else is reported. */
function readOnlyOrUnknown(e: Entry): boolean {
  if (isTrue(e.value)) return true;
  const text = scalarText(e.value);
  if (text === undefined || !text.includes('$')) return false;
  const resolved = resolveDefaults(text);
  return resolved === undefined || /^(?:true|yes|on|1)$/i.test(resolved.trim());
}

/** A writable /tmp already: `tmpfs:` (own or inherited), a tmpfs mount, or any volume mounted at /tmp. */
function hasTmp(service: ComposeService): boolean {
  if (service.get('tmpfs')) return true;
  return serviceMounts(service).mounts.some((m) => m.type === 'tmpfs' || (m.target !== undefined && normalizeHostPath(m.target) === '/tmp'));
}

/**
 * `tmpfs: [/tmp]` inserted where insertEntry puts it; when it lands where the
 * read_only insert does, it follows it without a second line break or a missing comma.
 */
function tmpfsEdit(ctx: ComposeContext, service: ComposeService, before: TextEdit): TextEdit | undefined {
  if (hasTmp(service)) return undefined;
  const edit = insertEntry(ctx.model, service.node, 'tmpfs', TMPFS, { after: ['read_only', ...AFTER], parentKey: service.key });
  if (!edit) return undefined;
  const { start } = edit.range;
  const same = before.range.end.line === start.line && before.range.end.character === start.character;
  if (!same) return edit;
  const eol = ctx.model.lines.eol;
  let text = edit.newText;
  if (before.newText.endsWith(eol) && text.startsWith(eol)) text = text.slice(eol.length);
  else if (!before.newText.endsWith(eol) && !text.startsWith(', ')) text = `, ${text}`;
  return { ...edit, newText: text };
}

function fixes(ctx: ComposeContext, service: ComposeService, edit: TextEdit | undefined): Fix[] {
  if (!edit) return [];
  const tmpfs = tmpfsEdit(ctx, service, edit);
  return [{ title: tmpfs ? 'Set read_only: true with a tmpfs for /tmp' : 'Set read_only: true', safe: false, edits: tmpfs ? [edit, tmpfs] : [edit] }];
}

/** `read_only: false` → `true`; `read_only:` with nothing → ` true` after the colon. */
function setTrue(ctx: ComposeContext, e: Entry): TextEdit | undefined {
  const value = span(e.value);
  if (value && value[1] > value[0]) return ctx.replace(value[0], value[1], 'true');
  const key = span(e.key);
  if (!key || !isEmptyNode(e.value)) return undefined;
  let colon = key[1];
  while (ctx.model.text[colon] === ' ' || ctx.model.text[colon] === '\t') colon++;
  return ctx.model.text[colon] === ':' ? ctx.insert(colon + 1, ' true') : undefined;
}

export default serviceRule(
  { id: 'compose-read-only', title: 'Run with a read-only root filesystem', severity: 'info', plan: '§3.2', fix: 'unsafe' },
  (ctx, service) => {
    const e = service.get('read_only');
    if (e && readOnlyOrUnknown(e)) return;
    if (e) {
      // Written and not true: point at it. An anchor's value is shared, so the service gets a key of its own instead.
      const key = span(e.key);
      if (!key) return;
      const edit = e.inherited ? insertEntry(ctx.model, service.node, 'read_only', true, { after: AFTER, parentKey: service.key }) : setTrue(ctx, e);
      ctx.report({
        start: key[0],
        end: span(e.value)?.[1] ?? key[1],
        message: `Service "${service.name}" turns read_only off, so its root filesystem is writable: ${WHY}. ${HOW}`,
        fixes: fixes(ctx, service, edit),
      });
      return;
    }
    // An own `read_only: !reset` is still a key of the map: adding another would be a duplicate, so no fix then.
    const ownReset = isMap(service.node) && service.node.has('read_only');
    const edit = ownReset ? undefined : insertEntry(ctx.model, service.node, 'read_only', true, { after: AFTER, parentKey: service.key });
    reportOnService(ctx, service, `Service "${service.name}" has a writable root filesystem: ${WHY}. ${HOW}`, fixes(ctx, service, edit));
  },
);
