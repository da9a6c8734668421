/**
 * A service's `volumes` as Compose reads them: the short syntax `[SOURCE:]TARGET[:MODE]`
 * (split like compose-go's ParseVolume: a one-letter drive such as `C:` is not a
 * separator, and neither is a colon inside `${VAR:-default}`) and the long syntax
 * `{type, source, target, read_only}`. Sources that use variables are resolved with their
 * hard-coded defaults where they have one, since that is what runs when nobody sets them.
 */
import { isMap } from 'yaml';
import type { ComposeService } from '../model';
import { interpolations } from '../interpolation';
import { entry, isTrue, scalarText, seqItems, span, type Entry, type YNode } from '../../yaml/nodes';

export interface Mount {
  form: 'short' | 'long';
  /** As written (long syntax) or as Compose infers it (short syntax: a path is a bind, a name a volume). */
  type: string | undefined;
  /** The source as written, variables and all. */
  source: string | undefined;
  /** The source with `${VAR:-default}` replaced by its default; undefined when it depends on a variable with none. */
  resolvedSource: string | undefined;
  target: string | undefined;
  readOnly: boolean;
  node: YNode;
  /** Offsets of the whole item. */
  start: number;
  end: number;
  /** Offsets of the source's value (long syntax only: in the short syntax the item is the place to point at). */
  sourceStart?: number;
  sourceEnd?: number;
}

/**
 * `s` with every interpolation replaced by its `:-`/`-` default (`$$` read as `$`);
 * undefined when some part comes from a variable without a default (`${X}`, `${X:?err}`, `${X:+alt}`).
 */
export function resolveDefaults(s: string, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  let out = '';
  let at = 0;
  for (const p of interpolations(s)) {
    out += s.slice(at, p.start).replaceAll('$$', '$');
    if ((p.op !== ':-' && p.op !== '-') || p.arg === undefined) return undefined;
    const inner = resolveDefaults(p.arg, depth + 1);
    if (inner === undefined) return undefined;
    out += inner;
    at = p.end;
  }
  return out + s.slice(at).replaceAll('$$', '$');
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && c.toLowerCase() !== c.toUpperCase();
}

/**
 * `[SOURCE:]TARGET[:MODE]` split at its colons; undefined for an empty spec or too many
 * parts (Compose rejects those). `C:\data` stays one part; so does `${SOCK:-/run/docker.sock}`.
 */
export function splitShortVolume(spec: string): { source?: string; target: string; mode?: string } | undefined {
  if (spec.length === 0) return undefined;
  if (spec.length <= 2) return { target: spec };
  const skip = interpolations(spec);
  const parts: string[] = [];
  let buffer = '';
  let next = 0; // index into `skip`
  for (let i = 0; i < spec.length; i++) {
    while (next < skip.length && skip[next].end <= i) next++;
    if (next < skip.length && skip[next].start <= i) {
      // Inside `${...}`: copy it whole, its colons are operators, not separators.
      buffer += spec.slice(i, skip[next].end);
      i = skip[next].end - 1;
      continue;
    }
    const c = spec[i];
    if (c === ':' && !(buffer.length === 1 && isLetter(buffer))) {
      parts.push(buffer);
      buffer = '';
    } else buffer += c;
  }
  parts.push(buffer);
  if (parts.length > 3 || parts.includes('')) return undefined;
  if (parts.length === 1) return { target: parts[0] };
  return parts.length === 2 ? { source: parts[0], target: parts[1] } : { source: parts[0], target: parts[1], mode: parts[2] };
}

/** A host path (bind mount) as opposed to a volume name: what compose-go's isFilePath accepts, plus any `/`. */
export function isHostPath(source: string): boolean {
  const c = source[0];
  if (c === '.' || c === '/' || c === '~' || c === '\\') return true;
  if (isLetter(c) && source[1] === ':') return true;
  // Volume names never contain a slash, so `${DATA_DIR}/x` is a path whatever DATA_DIR is.
  return source.includes('/') || source.includes('\\');
}

/** `\\.\pipe\x` → `//./pipe/x`, `//var/run/x/` → `/var/run/x`: one spelling per host path. */
export function normalizeHostPath(path: string): string {
  const slashes = path.replaceAll('\\', '/');
  if (slashes.startsWith('//./')) return slashes; // a Windows named pipe
  const collapsed = slashes.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed;
}

function shortMount(node: YNode, text: string, r: [number, number]): Mount | undefined {
  const parts = splitShortVolume(text);
  if (!parts) return undefined;
  const resolvedSource = parts.source === undefined ? undefined : resolveDefaults(parts.source);
  const typeFrom = resolvedSource ?? parts.source;
  return {
    form: 'short',
    type: typeFrom !== undefined && isHostPath(typeFrom) ? 'bind' : 'volume',
    source: parts.source,
    resolvedSource,
    target: parts.target,
    readOnly: (parts.mode ?? '').split(',').includes('ro'),
    node,
    start: r[0],
    end: r[1],
  };
}

function longMount(node: YNode, r: [number, number]): Mount {
  const source = entry(node, 'source');
  const sourceText = scalarText(source?.value);
  const sourceSpan = span(source?.value);
  return {
    form: 'long',
    type: scalarText(entry(node, 'type')?.value),
    source: sourceText,
    resolvedSource: sourceText === undefined ? undefined : resolveDefaults(sourceText),
    target: scalarText(entry(node, 'target')?.value),
    readOnly: isTrue(entry(node, 'read_only')?.value),
    node,
    start: r[0],
    end: r[1],
    sourceStart: sourceSpan?.[0],
    sourceEnd: sourceSpan?.[1],
  };
}

/** The service's mounts in order; items that are neither a string nor a mapping are skipped. */
export function serviceMounts(service: ComposeService): { entry: Entry | undefined; mounts: Mount[] } {
  const volumes = service.get('volumes');
  const mounts: Mount[] = [];
  for (const node of seqItems(volumes?.value)) {
    const r = span(node);
    if (!r) continue;
    const text = scalarText(node);
    const mount = text !== undefined ? shortMount(node, text, r) : isMap(node) ? longMount(node, r) : undefined;
    if (mount) mounts.push(mount);
  }
  return { entry: volumes, mounts };
}
