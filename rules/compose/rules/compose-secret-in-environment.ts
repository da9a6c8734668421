import { isAlias, isMap, isSeq } from 'yaml';
import type { ComposeModel, ComposeService } from '../model';
import { composeRule } from '../rule';
import { appendItem, insertEntry, scalarSource, yamlStyle } from '../../yaml/edit';
import { isCredentialName, isSwitchValue, isUrlName, urlPassword } from '../knowledge/credentials';
import { plainOf } from '../model';
import { writesKey } from '../../yaml/nodes';
import { classifyValue, fallbackOf } from '../interpolation';
import { entry, isEmptyNode, keyValueItems, scalarText, seqItems, span, type Entry, type KeyValueItem } from '../../yaml/nodes';
import type { Fix, Severity, TextEdit } from '../../core/types';

interface Leak {
  start: number;
  end: number;
  severity: Severity;
  /** The text the secret file gets: the literal, or the hard-coded fallback. */
  secret: string;
  /** A password inside a URL: the `_FILE` convention does not apply, so no fix. */
  inUrl: boolean;
}

/** Offset of `value` inside the document for an item (plain, or quoted without escapes), if exact. */
function valueBase(text: string, item: KeyValueItem): number | undefined {
  if (item.valueStart === undefined || item.valueEnd === undefined || item.value === undefined) return undefined;
  const source = text.slice(item.valueStart, item.valueEnd);
  if (source === item.value) return item.valueStart;
  const q = source[0];
  if ((q === '"' || q === "'") && source.slice(1, -1) === item.value) return item.valueStart + 1;
  return undefined;
}

/** What is hard-coded in an environment entry: a credential's value, or a password inside a URL. */
function leakOf(text: string, item: KeyValueItem): Leak | undefined {
  const value = item.value;
  if (value === undefined || item.valueStart === undefined || item.valueEnd === undefined || value.trim() === '') return undefined;
  if (isCredentialName(item.name)) {
    const cls = classifyValue(value);
    if (cls === 'external' || (cls === 'literal' && isSwitchValue(value))) return undefined;
    const secret = cls === 'literal' ? value.replaceAll('$$', '$') : fallbackOf(value);
    if (secret === undefined) return undefined;
    return { start: item.valueStart, end: item.valueEnd, severity: cls === 'literal' ? 'error' : 'warning', secret, inUrl: false };
  }
  if (!isUrlName(item.name)) return undefined;
  const pw = urlPassword(value);
  if (!pw) return undefined;
  const part = value.slice(pw.start, pw.end);
  const cls = classifyValue(part);
  if (cls === 'external') return undefined;
  const base = valueBase(text, item);
  const [start, end] = base === undefined ? [item.valueStart, item.valueEnd] : [base + pw.start, base + pw.end];
  return { start, end, severity: cls === 'literal' ? 'error' : 'warning', secret: part, inUrl: true };
}

/** True when editing this entry's value in place would change only this service. */
function ownedHere(e: Entry | undefined): e is Entry {
  return !!e && !e.inherited && !isAlias(e.pair.value) && !e.value?.anchor;
}

/** Names a service's `secrets:` already lists (short `- name` and long `- source: name` forms). */
function listedSecrets(e: Entry | undefined): Set<string> {
  const out = new Set<string>();
  for (const item of seqItems(e?.value)) {
    const name = scalarText(item) ?? scalarText(entry(item, 'source')?.value);
    if (name !== undefined) out.add(name);
  }
  return out;
}

function secretFileOf(top: Entry): string | undefined {
  const file = scalarText(entry(top.value, 'file')?.value);
  return file?.startsWith('./') ? file.slice(2) : file;
}

/** Keeps the quotes a scalar was written with. */
function requote(text: string, start: number, plain: string): string {
  const q = text[start];
  return q === '"' || q === "'" ? q + plain + q : plain;
}

/**
 * The plan's §3.3 pattern: a top-level secret backed by `./secrets/<name>.txt`, the
 * service listing it, and `<NAME>_FILE=/run/secrets/<name>` in place of the value.
 * Undefined when the file's shape makes that unclear (shared anchors, names taken).
 */
function secretFix(model: ComposeModel, service: ComposeService, env: Entry, items: KeyValueItem[], item: KeyValueItem, leak: Leak): Fix | undefined {
  const text = model.text;
  const envRange = span(env.value);
  if (leak.inUrl || !ownedHere(env) || item.inherited || !envRange || item.start < envRange[0] || item.end > envRange[1]) return undefined;
  if (item.valueStart === undefined || item.valueEnd === undefined || text.slice(item.valueStart, item.valueEnd).includes('\n')) return undefined;
  const fileVar = `${item.name}_FILE`;
  if (items.some((i) => i.name === fileVar) || writesKey(env.value, fileVar)) return undefined;

  const top = entry(model.root, 'secrets');
  const serviceSecrets = service.get('secrets');
  const listed = listedSecrets(serviceSecrets);
  // A free name, or one already defined with the file this fix would create; never redefine another.
  const base = item.name.toLowerCase();
  let name: string | undefined;
  let define = true;
  for (let n = 1; n <= 5 && name === undefined; n++) {
    const candidate = n === 1 ? base : `${base}_${n}`;
    const existing = entry(top?.value, candidate);
    if (!existing) {
      if (!listed.has(candidate)) name = candidate;
    } else if (secretFileOf(existing) === `secrets/${candidate}.txt`) {
      name = candidate;
      define = false;
    }
  }
  if (name === undefined) return undefined;
  const file = `./secrets/${name}.txt`;
  const target = `/run/secrets/${name}`;

  const edits: (TextEdit | undefined)[] = [];
  if (item.form === 'list') {
    const exact = item.nameEnd < item.end;
    edits.push(
      exact
        ? { range: model.lines.range(item.nameStart, item.valueEnd), newText: `${fileVar}=${target}` }
        : { range: model.lines.range(item.start, item.end), newText: scalarSource(`${fileVar}=${target}`, yamlStyle(model).quote) },
    );
  } else {
    edits.push({ range: model.lines.range(item.nameStart, item.nameEnd), newText: requote(text, item.nameStart, fileVar) });
    edits.push({ range: model.lines.range(item.valueStart, item.valueEnd), newText: requote(text, item.valueStart, target) });
  }
  if (!listed.has(name)) {
    if (!serviceSecrets && writesKey(service.node, 'secrets')) return undefined; // `secrets: !reset []`
    if (!serviceSecrets) edits.push(insertEntry(model, service.node, 'secrets', [name], { after: ['environment'], parentKey: service.key }));
    else if (serviceSecrets.inherited && isSeq(serviceSecrets.value)) {
      // An own key replaces the merged list: repeat its items.
      const repeated = plainOf(serviceSecrets.value);
      edits.push(insertEntry(model, service.node, 'secrets', [...(Array.isArray(repeated) ? repeated : []), name], { after: ['environment'] }));
    } else if (ownedHere(serviceSecrets) && isSeq(serviceSecrets.value)) edits.push(appendItem(model, serviceSecrets.value, name));
    else return undefined;
  }
  if (define) {
    const definition = { file };
    if (!top && writesKey(model.root, 'secrets')) return undefined;
    if (!top) edits.push(insertEntry(model, model.root, 'secrets', { [name]: definition }));
    else if (ownedHere(top) && isMap(top.value)) edits.push(insertEntry(model, top.value, name, definition));
    else if (ownedHere(top) && isEmptyNode(top.value)) edits.push(insertEntry(model, null, name, definition, { parentKey: top.key }));
    else return undefined;
  }
  if (edits.some((e) => e === undefined)) return undefined;
  return {
    title: `Move ${item.name} to the secret "${name}" (${file.slice(2)}, read through ${fileVar})`,
    safe: false,
    edits: edits as TextEdit[],
    otherFiles: [
      { path: `secrets/${name}.txt`, create: leak.secret + '\n' },
      { path: '.gitignore', appendLines: ['secrets/'] },
    ],
  };
}

function message(service: ComposeService, item: KeyValueItem, leak: Leak): string {
  const what = leak.inUrl ? `"${item.name}" carries a password in its URL` : `"${item.name}" is a credential`;
  if (leak.severity === 'error') {
    return (
      `${what} written into the Compose file for service "${service.name}": it ends up in version control, in \`docker inspect\` and in the environment of every process in the container. ` +
      (leak.inUrl ? `Build the URL from a variable (\${DB_PASSWORD}) set outside the file.` : `Pass it as a Compose secret (read from /run/secrets through ${item.name}_FILE) or take it from outside with \${${item.name}:?}.`)
    );
  }
  return (
    `${what} with a hard-coded fallback in service "${service.name}": when the variable is unset, the service silently runs with a secret written in the file. ` +
    `Fail instead (\${VAR:?message}) or pass it as a Compose secret.`
  );
}

export default composeRule(
  { id: 'compose-secret-in-environment', title: 'Keep credentials out of environment', severity: 'error', plan: '§3.3', fix: 'unsafe' },
  (ctx) => {
    // An entry in an anchor is shared by the services that merge it: report it once.
    const reported = new Set<number>();
    for (const service of ctx.model.services) {
      const env = service.get('environment');
      if (!env) continue;
      const items = keyValueItems(env.value, ctx.model.text);
      for (const item of items) {
        const leak = leakOf(ctx.model.text, item);
        if (!leak || reported.has(leak.start)) continue;
        reported.add(leak.start);
        const fix = secretFix(ctx.model, service, env, items, item, leak);
        ctx.report({ start: leak.start, end: leak.end, severity: leak.severity, message: message(service, item, leak), fixes: fix ? [fix] : [] });
      }
    }
  },
);
