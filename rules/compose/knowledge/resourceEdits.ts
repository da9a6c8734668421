/**
 * Writing resource settings into a Compose service in the form it (or the file)
 * already uses, never into a shared anchor: the fix of compose-resources-missing
 * and the limits the Suggest Resource Limits command measures.
 */
import { isAlias, isMap, type Scalar } from 'yaml';
import type { TextEdit } from '../../core/types';
import { insertEntry, scalarSource, type Plain } from '../../yaml/edit';
import { entry, isEmptyNode, writesKey, type YNode } from '../../yaml/nodes';
import { plainOf, type ComposeModel, type ComposeService } from '../model';
import { serviceResources, type ResourceForm, type ServiceResources } from './resources';

export type PlainMap = { [key: string]: Plain };

function isPlainMap(v: Plain): v is PlainMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `add` merged into a copy of `existing`; what is already set wins. */
function mergePlain(existing: Plain, add: Plain): Plain {
  if (!isPlainMap(existing) || !isPlainMap(add)) return existing ?? add;
  const out: PlainMap = { ...existing };
  for (const [k, v] of Object.entries(add)) out[k] = k in out ? mergePlain(out[k], v) : v;
  return out;
}

/**
 * Edits adding `additions` under a mapping the service owns: into existing own
 * sub-mappings (`deploy:` → `resources:` → `limits:`), as new keys where missing,
 * and as an own key repeating an inherited value (a merged anchor is never edited,
 * and an own key replaces, not extends, the merged one). Undefined when something
 * in the way (a scalar, an alias, an anchored mapping others share) makes it unclear.
 */
export function addUnder(model: ComposeModel, map: YNode | null, parentKey: Scalar | undefined, additions: PlainMap, after: readonly string[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const inserts: [string, Plain][] = [];
  for (const [key, value] of Object.entries(additions)) {
    const e = entry(map, key);
    if (!e && writesKey(map, key)) return undefined; // `key: !reset`
    if (!e) inserts.push([key, value]);
    else if (e.inherited) inserts.push([key, mergePlain(plainOf(e.value) ?? null, value)]);
    else if (!isPlainMap(value) || isAlias(e.pair.value) || e.value?.anchor) return undefined;
    else if (isMap(e.value)) {
      const sub = addUnder(model, e.value, e.key, value, []);
      if (!sub) return undefined;
      edits.push(...sub);
    } else if (isEmptyNode(e.value)) {
      const sub = addUnder(model, null, e.key, value, []);
      if (!sub) return undefined;
      edits.push(...sub);
    } else return undefined;
  }
  if (inserts.length > 1 && isMap(map) && map.flow && map.items.length === 0) return undefined;
  for (const [key, value] of inserts) {
    const edit = insertEntry(model, map, key, value, { after, parentKey });
    if (!edit) return undefined;
    // Several keys for the same spot: one insertion, in order.
    const same = edits.find((x) => x.range.start.line === edit.range.start.line && x.range.start.character === edit.range.start.character && x.range.end.line === edit.range.end.line && x.range.end.character === edit.range.end.character);
    if (same) same.newText += edit.newText;
    else edits.push(edit);
  }
  return edits;
}

/** The form a new setting should use: the service's own, else the file's, else `deploy.resources`. */
export function formFor(own: ServiceResources, fileForms: Set<ResourceForm>): ResourceForm {
  if (own.forms.has('deploy')) return 'deploy';
  if (own.forms.has('service')) return 'service';
  if (fileForms.has('deploy')) return 'deploy';
  return fileForms.has('service') ? 'service' : 'deploy';
}


/** A new value written as the one it replaces was: in its quotes, or plain (`0.5` and `'0.5'` both read as CPUs). */
function writtenLike(old: string, value: string): string {
  return old.startsWith("'") || old.startsWith('"') ? scalarSource(value, old[0] as "'" | '"', true) : value;
}

export interface ResourceValues {
  memory: string;
  memoryReservation: string;
  cpus: string;
}

/**
 * Edits giving the service these limits and memory reservation: values it already
 * sets in its own keys are replaced where they stand, missing ones are added in its
 * form (or the file's). No CPU reservation: outside Swarm it means nothing.
 */
export function setResources(model: ComposeModel, service: ComposeService, values: ResourceValues, fileForms: Set<ResourceForm>): TextEdit[] | undefined {
  const r: ServiceResources = serviceResources(service);
  const edits: TextEdit[] = [];
  const replace = (settings: ServiceResources['memoryLimits'], value: string): boolean => {
    const own = settings.filter((x) => !x.entry.inherited);
    for (const x of own) edits.push({ range: model.lines.range(x.start, x.end), newText: writtenLike(model.text.slice(x.start, x.end), value) });
    return own.length > 0;
  };
  const hasMemory = replace(r.memoryLimits, values.memory);
  const hasReservation = replace(r.memoryReservations, values.memoryReservation);
  const hasCpus = replace(r.cpuLimits, values.cpus);
  const form = formFor(r, fileForms);
  let added: TextEdit[] | undefined = [];
  if (form === 'deploy') {
    const limits: PlainMap = {};
    if (!hasMemory) limits.memory = values.memory;
    if (!hasCpus) limits.cpus = values.cpus;
    const resources: PlainMap = {};
    if (Object.keys(limits).length) resources.limits = limits;
    if (!hasReservation) resources.reservations = { memory: values.memoryReservation };
    if (Object.keys(resources).length) added = addUnder(model, service.node, service.key, { deploy: { resources } }, []);
  } else {
    const keys: PlainMap = {};
    if (!hasMemory) keys.mem_limit = values.memory;
    if (!hasReservation) keys.mem_reservation = values.memoryReservation;
    if (!hasCpus) keys.cpus = values.cpus;
    if (Object.keys(keys).length) added = addUnder(model, service.node, service.key, keys, ['cpus', 'mem_reservation', 'mem_limit']);
  }
  return added ? [...edits, ...added] : undefined;
}

/** The resource forms the file's services use. */
export function fileResourceForms(model: ComposeModel): Set<ResourceForm> {
  const forms = new Set<ResourceForm>();
  for (const s of model.services) for (const f of serviceResources(s).forms) forms.add(f);
  return forms;
}
