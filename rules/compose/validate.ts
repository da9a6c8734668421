/**
 * Validates a Compose file against the Compose Specification JSON schema (schema/compose-spec.json)
 * and turns ajv's errors into a few readable problems: one per real mistake, naming the key and
 * its service/network/volume..., suggesting the closest key or value, and never reporting the
 * "must match exactly one schema in oneOf" noise. Values Compose interpolates before validating
 * (`${PORT:-80}` where a number is expected) are not reported.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './schema/compose-spec.json';
import { hasInterpolation } from './interpolation';

export interface SchemaProblem {
  /**
   * Path into the value (keys and list indexes). With `at: 'key'` it ends at the key to point at
   * (an unknown key, or the mapping missing a required key; for a list item, the item itself).
   */
  path: (string | number)[];
  message: string;
  at: 'key' | 'value';
  /** A key the schema does not know: a typo, or a key newer than the schema Layerwise ships. */
  unknownKey?: boolean;
  /** The whole file is in the legacy v1 format: one problem stands for all. */
  legacy?: boolean;
}

type SchemaNode = Record<string, unknown>;

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  if (validator) return validator;
  // ajv only knows the draft-07 meta-schema under its http URL; the file says https.
  const copy: SchemaNode = { ...(schema as SchemaNode) };
  delete copy.$schema;
  // verbose: errors carry the failing data and schema, which the messages need.
  validator = new Ajv({ strict: false, allErrors: true, verbose: true, validateFormats: false }).compile(copy);
  return validator;
}

/** Top-level keys that may appear in a current Compose file without `services:`. */
const TOP_LEVEL_WITHOUT_SERVICES = new Set(['version', 'name', 'include', 'networks', 'volumes', 'secrets', 'configs', 'models']);

const OWNER_KIND: Record<string, string> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
  models: 'model',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function validateCompose(value: unknown): SchemaProblem[] {
  if (value === null || value === undefined) return [];
  if (!isObject(value)) {
    return [{ path: [], at: 'value', message: `A Compose file must be a mapping with a "services:" key, not ${describeValue(value)}.` }];
  }
  const legacy = legacyServices(value);
  if (legacy) {
    const names = legacy.slice(0, 3).map((n) => `"${n}"`).join(', ') + (legacy.length > 3 ? ', …' : '');
    return [
      {
        path: [],
        at: 'value',
        legacy: true,
        message:
          `This looks like the legacy Compose file format v1, with services at the top level (${names}). ` +
          'Current Docker Compose no longer reads it: put the services under "services:".',
      },
    ];
  }
  const validate = compile();
  if (validate(value)) return [];
  return toProblems(validate.errors ?? [], value);
}

/** The top-level keys that look like v1 services, when the file has no `services:`; else undefined. */
function legacyServices(value: Record<string, unknown>): string[] | undefined {
  if ('services' in value) return undefined;
  const unknown = Object.keys(value).filter((k) => !k.startsWith('x-') && !TOP_LEVEL_WITHOUT_SERVICES.has(k));
  if (unknown.length === 0) return undefined;
  // A misspelt `services:` or a stray scalar is an unknown key, not a v1 file.
  if (unknown.some((k) => !isObject(value[k]) || closeEnough(normalize(k), 'services'))) return undefined;
  return unknown;
}

// ---------------------------------------------------------------------------------------------
// ajv errors -> problems

interface Pending {
  error: ErrorObject;
  path: (string | number)[];
  /** Set when the problem replaces the ajv error (a oneOf summary). */
  message?: string;
}

function toProblems(errors: ErrorObject[], root: unknown): SchemaProblem[] {
  const pending: Pending[] = [];
  for (const error of errors) {
    const path = instancePath(error.instancePath, root);
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf') {
      collapseBranches(pending, error, path);
      continue;
    }
    pending.push({ error, path });
  }
  const misspelt = misspeltRequired(pending);
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const p of pending) {
    if (misspelt.size && p.message === undefined && p.error.keyword === 'required') {
      if (misspelt.has(JSON.stringify(p.path) + '\0' + String(p.error.params.missingProperty))) continue;
    }
    const problem = p.message !== undefined ? { path: p.path, at: 'value' as const, message: p.message } : describe(p.error, p.path);
    if (!problem) continue;
    const key = JSON.stringify(problem.path) + '\0' + problem.message;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}

/**
 * `path + "\0" + key` for each required key that is there but misspelt: its "missing" error is a
 * consequence of the unknown-key one, which already suggests the right name.
 */
function misspeltRequired(pending: Pending[]): Set<string> {
  const out = new Set<string>();
  if (!pending.some((p) => p.error.keyword === 'required')) return out;
  for (const p of pending) {
    if (p.message !== undefined || p.error.keyword !== 'additionalProperties') continue;
    const hint = suggestion(String(p.error.params.additionalProperty), propertyNames((p.error.parentSchema ?? {}) as SchemaNode));
    if (hint) out.add(JSON.stringify(p.path) + '\0' + hint);
  }
  return out;
}

function propertyNames(node: SchemaNode): string[] {
  return isObject(node.properties) ? Object.keys(node.properties) : [];
}

/**
 * ajv reports every oneOf branch's errors just before the oneOf error itself. Keep the errors of
 * the branch whose type matches the value (the one the author meant); when no branch's type
 * matches, replace them all with one "must be a X, a Y or a Z" problem.
 */
function collapseBranches(pending: Pending[], error: ErrorObject, path: (string | number)[]): void {
  let first = pending.length;
  while (first > 0 && isWithin(pending[first - 1].path, path)) first--;
  const block = pending.splice(first);
  const data: unknown = error.data;
  const branches = Array.isArray(error.schema) ? (error.schema as SchemaNode[]) : [];
  const types = branches.map(branchTypes);
  const matching = types.filter((t) => t === undefined || t.some((name) => hasType(data, name)));
  if (matching.length > 0) {
    // Drop the other branches' "must be <type>" errors at this very path.
    const kept = block.filter((p) => !(p.error.keyword === 'type' && p.path.length === path.length && p.message === undefined));
    if (kept.length > 0) {
      pending.push(...kept);
      return;
    }
    if ((error.params as { passingSchemas?: unknown }).passingSchemas) {
      pending.push({ error, path, message: `${subject(path, true)} matches more than one of the allowed forms; make it unambiguous.` });
      return;
    }
  }
  if (typeof data === 'string' && hasInterpolation(data)) return;
  const allowed = unique(types.flatMap((t, i) => (t ?? []).map((name) => typeName(name, branches[i]))));
  const message = allowed.length
    ? `${subject(path, true)} must be ${orList(allowed)}, not ${describeValue(data)}.`
    : `${subject(path, true)} is not valid here.`;
  pending.push({ error, path, message });
}

function isWithin(p: (string | number)[], prefix: (string | number)[]): boolean {
  if (p.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (p[i] !== prefix[i]) return false;
  return true;
}

/** JSON types a oneOf branch accepts (following local $refs and nested oneOfs); undefined = any. */
function branchTypes(node: SchemaNode, depth = 0): string[] | undefined {
  if (depth > 8) return undefined;
  if (typeof node.$ref === 'string') {
    const target = resolveRef(node.$ref);
    return target ? branchTypes(target, depth + 1) : undefined;
  }
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return node.type as string[];
  const alternatives = (node.oneOf ?? node.anyOf) as SchemaNode[] | undefined;
  if (Array.isArray(alternatives)) {
    const all: string[] = [];
    for (const a of alternatives) {
      const t = branchTypes(a, depth + 1);
      if (!t) return undefined;
      all.push(...t);
    }
    return all;
  }
  return undefined;
}

function resolveRef(ref: string): SchemaNode | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = schema;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return isObject(node) ? node : undefined;
}

function hasType(data: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return data === null;
    case 'array':
      return Array.isArray(data);
    case 'object':
      return isObject(data);
    case 'integer':
      return Number.isInteger(data);
    default:
      return typeof data === type;
  }
}

/** Turns "/services/web/ports/0" into ['services', 'web', 'ports', 0], numbers only for list indexes. */
function instancePath(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.includes('~') ? raw.replaceAll('~1', '/').replaceAll('~0', '~') : raw;
    if (Array.isArray(node)) {
      const index = Number(key);
      out.push(index);
      node = node[index];
    } else {
      out.push(key);
      node = isObject(node) ? node[key] : undefined;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Messages

/** Where a path is, for messages: `"ports[0]"` plus its owner (`service "web"`), or the top level. */
function location(path: (string | number)[]): { rel: string; owner: string } {
  let start = 0;
  let owner = '';
  const kind = typeof path[0] === 'string' ? OWNER_KIND[path[0]] : undefined;
  if (kind && path.length >= 2) {
    owner = `${kind} "${path[1]}"`;
    start = 2;
  }
  let rel = '';
  for (let i = start; i < path.length; i++) {
    const seg = path[i];
    rel += typeof seg === 'number' ? `[${seg}]` : rel === '' ? seg : `.${seg}`;
  }
  return { rel, owner };
}

/** `"ports[0]"` (optionally `"ports[0]" of service "web"`), `service "web"`, or `the file`. */
function subject(path: (string | number)[], capital = false, withOwner = false): string {
  const { rel, owner } = location(path);
  let s: string;
  if (rel) s = withOwner && owner ? `"${rel}" of ${owner}` : `"${rel}"`;
  else if (owner) s = owner;
  else s = 'the file';
  return capital ? s[0].toUpperCase() + s.slice(1) : s;
}

/** `in service "web"`, `in "deploy.resources" of service "web"`, `at the top level`. */
function container(path: (string | number)[]): string {
  if (path.length === 0) return 'at the top level';
  return `in ${subject(path, false, true)}`;
}

function typeName(type: string, branch?: SchemaNode): string {
  switch (type) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'integer':
      return 'an integer';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'empty';
    case 'array':
      return 'a list';
    case 'object': {
      const required = branch && Array.isArray(branch.required) ? (branch.required as string[]) : [];
      return required.length ? `a mapping with ${required.map((k) => `"${k}"`).join(', ')}` : 'a mapping';
    }
    default:
      return type;
  }
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (isObject(v)) return 'a mapping';
  if (typeof v === 'string') return `the string "${truncate(v)}"`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  return `the ${typeof v} ${String(v)}`;
}

function truncate(s: string, max = 40): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return items.slice(0, -1).join(', ') + ' or ' + items[items.length - 1];
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Problems about a value that Compose interpolates first are unknowable here. */
function interpolated(error: ErrorObject): boolean {
  return typeof error.data === 'string' && hasInterpolation(error.data);
}

function describe(error: ErrorObject, path: (string | number)[]): SchemaProblem | undefined {
  const params = error.params as Record<string, unknown>;
  const value = (message: string): SchemaProblem => ({ path, at: 'value', message });
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(String(params.additionalProperty), path, (error.parentSchema ?? {}) as SchemaNode);
    case 'type': {
      if (interpolated(error)) return undefined;
      const types = Array.isArray(params.type) ? (params.type as string[]) : String(params.type).split(',');
      return value(`${subject(path, true)} must be ${orList(unique(types.map((t) => typeName(t))))}, not ${describeValue(error.data)}.`);
    }
    case 'enum': {
      if (interpolated(error)) return undefined;
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const hint = typeof error.data === 'string' ? suggestion(error.data, (params.allowedValues as unknown[]).map(String)) : undefined;
      return value(
        `${subject(path, true)} must be one of ${orList(allowed)}, not ${describeValue(error.data)}.` + (hint ? ` Did you mean "${hint}"?` : ''),
      );
    }
    case 'const':
      if (interpolated(error)) return undefined;
      return value(`${subject(path, true)} must be ${JSON.stringify(params.allowedValue)}.`);
    case 'required':
      return { path, at: 'key', message: `Missing required key "${String(params.missingProperty)}" ${container(path)}.` };
    case 'uniqueItems': {
      const i = Number(params.i);
      const j = Number(params.j);
      const later = Math.max(i, j);
      const list = Array.isArray(error.data) ? error.data : [];
      const item = list[later];
      const shown = typeof item === 'string' || typeof item === 'number' ? `"${truncate(String(item))}"` : 'the same item';
      return {
        path: [...path, later],
        at: 'value',
        message: `${subject(path, true)} lists ${shown} twice (items ${Math.min(i, j)} and ${later}); remove the duplicate.`,
      };
    }
    case 'pattern': {
      if (interpolated(error)) return undefined;
      const pattern = String(params.pattern);
      const words = alternatives(pattern);
      return value(
        words
          ? `${subject(path, true)} must be one of ${orList(words)}, not ${describeValue(error.data)}.`
          : `${subject(path, true)} is not valid: ${describeValue(error.data)} does not match ${pattern}.`,
      );
    }
    case 'propertyNames':
      return undefined; // reported through its inner error
    default:
      if (interpolated(error)) return undefined;
      return value(`${subject(path, true)} ${error.message ?? 'is not valid'}.`);
  }
}

/** `always|never|build` -> [always, never, build]; undefined for a real regular expression. */
function alternatives(pattern: string): string[] | undefined {
  const parts = pattern.split('|');
  if (parts.length < 2) return undefined;
  const words: string[] = [];
  for (const p of parts) {
    if (p.length === 0) return undefined;
    let plain = true;
    for (const c of p) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '-')) {
        plain = false;
        break;
      }
    }
    words.push(plain ? p : p.startsWith('every_') ? 'every_<duration>' : p);
  }
  return words;
}

const NAME_PATTERN = '^[a-zA-Z0-9._-]+$';

function unknownKey(key: string, parent: (string | number)[], parentSchema: SchemaNode): SchemaProblem {
  const path = [...parent, key];
  const properties = propertyNames(parentSchema);
  const patterns = isObject(parentSchema.patternProperties) ? Object.keys(parentSchema.patternProperties) : [];
  const extensions = patterns.includes('^x-');
  const namePatterns = patterns.filter((p) => p !== '^x-');
  if (properties.length === 0 && namePatterns.length > 0) {
    const rule = namePatterns[0] === NAME_PATTERN ? 'names may only contain letters, digits, ".", "_" and "-"' : `names must match ${namePatterns[0]}`;
    return { path, at: 'key', message: `Invalid name "${truncate(key)}" ${container(parent)}: ${rule}.` };
  }
  let message = path.length === 1 ? `Unknown top-level key "${truncate(key)}".` : `Unknown key "${truncate(key)}" ${container(parent)}.`;
  const hint = suggestion(key, properties);
  if (hint) message += ` Did you mean "${hint}"?`;
  else if (properties.length > 0 && properties.length <= 12) message += ` Allowed keys: ${properties.join(', ')}.`;
  if (!hint && extensions) message += ' Custom keys must start with "x-".';
  return { path, at: 'key', message, unknownKey: true };
}

function normalize(s: string): string {
  return s.toLowerCase().replaceAll('-', '_');
}

/** Typos allowed for a word of this length: one, or two for long keys. */
function typoLimit(a: string, b: string): number {
  return Math.max(a.length, b.length) >= 10 ? 2 : 1;
}

function closeEnough(a: string, b: string): boolean {
  return editDistance(a, b, typoLimit(a, b)) <= typoLimit(a, b);
}

/** The allowed word closest to `word` (case and -/_ insensitive, a few typos, or a prefix), if any. */
export function suggestion(word: string, allowed: string[]): string | undefined {
  const w = normalize(word);
  if (w.length === 0) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const c = normalize(candidate);
    if (c === w) return candidate;
    const limit = typoLimit(w, c);
    const d = editDistance(w, c, limit);
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best) return best;
  if (w.length >= 4) {
    const prefixed = allowed.filter((c) => normalize(c).startsWith(w));
    if (prefixed.length === 1) return prefixed[0];
  }
  return undefined;
}

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment), giving
 * up (returning limit + 1) once it must exceed `limit`. O(a*b) on short keys.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, before[j - 2] + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length];
}
