/**
 * Argument arrays for `docker buildx build` and `docker buildx bake`. Every value that comes
 * from a setting, a path or a user's answer is validated here, so nothing can turn into an
 * option of its own (`--output=…`) and nothing needs a shell.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type CacheSetting = { kind: 'local'; dir: string; newDir: string } | { kind: 'registry'; ref: string } | { kind: 'inline' } | { kind: 'none' };

const MAX_REF = 255;
const DOMAIN_PART = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const PATH_PART = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Fa-f0-9]{32,}$/;
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

function validDomain(d: string): boolean {
  const colon = d.lastIndexOf(':');
  const host = colon >= 0 ? d.slice(0, colon) : d;
  if (colon >= 0 && !/^\d{1,5}$/.test(d.slice(colon + 1))) return false;
  return host.split('.').every((p) => DOMAIN_PART.test(p));
}

/**
 * Why `ref` is not a usable image reference (`[registry[:port]/]name[:tag][@digest]`, Docker's
 * grammar), or undefined when it is. Rejects anything that could read as an option, blanks and
 * shell characters.
 */
export function validateRef(ref: string): string | undefined {
  if (!ref) return 'The image reference is empty.';
  if (ref.length > MAX_REF) return `The image reference is longer than ${MAX_REF} characters.`;
  if (ref.startsWith('-')) return `"${ref}" starts with "-" and would be read as an option.`;
  if (/[\s'"`$\\;&|<>()*?!{}[\]#~]/.test(ref)) return `"${ref}" contains a blank or a shell character.`;
  let rest = ref;
  const at = rest.indexOf('@');
  if (at >= 0) {
    if (!DIGEST.test(rest.slice(at + 1))) return `"${ref}": the digest after "@" is not like sha256:<hex>.`;
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    if (!TAG.test(rest.slice(colon + 1))) return `"${ref}": the tag must be letters, digits, "_", "." or "-" (at most 128, not starting with "." or "-").`;
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  // The first part is a registry when it looks like a host (a dot, a port, or localhost).
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost' || /[A-Z]/.test(parts[0]))) {
    if (!validDomain(parts[0])) return `"${ref}": "${parts[0]}" is not a valid registry host.`;
    parts.shift();
  }
  for (const p of parts) {
    if (!PATH_PART.test(p)) return `"${ref}": "${p}" must be lowercase letters and digits, separated by ".", "_", "__" or "-".`;
  }
  return undefined;
}

function checkRef(ref: string): string {
  const problem = validateRef(ref);
  if (problem) throw new Error(problem);
  return ref;
}

function checkName(what: string, name: string): string {
  if (!NAME.test(name)) throw new Error(`${what} "${name}" must be letters, digits, "_", "." or "-" and not start with "-".`);
  return name;
}

/** A path as a positional argument or option value: never read as an option (`-` is stdin for -f). */
function safePath(p: string): string {
  return p.startsWith('-') ? `.${path.sep}${p}` : p;
}

/** One field of buildx's comma-separated `--cache-*` values, quoted when it holds a comma or quote (buildx reads them as CSV). */
function csvField(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function cacheArgs(cache: CacheSetting, tag?: string): string[] {
  switch (cache.kind) {
    case 'local': {
      const out: string[] = [];
      // Importing a folder that does not exist fails older buildx and warns in newer ones: first build has none.
      if (fs.existsSync(cache.dir)) out.push('--cache-from', `type=local,${csvField(`src=${cache.dir}`)}`);
      // A fresh folder, swapped in after a successful build: exporting over the old one lets it grow without bound.
      out.push('--cache-to', `type=local,${csvField(`dest=${cache.newDir}`)},mode=max`);
      return out;
    }
    case 'registry':
      checkRef(cache.ref);
      return ['--cache-from', `type=registry,ref=${cache.ref}`, '--cache-to', `type=registry,ref=${cache.ref},mode=max`];
    case 'inline':
      return tag ? ['--cache-from', `type=registry,ref=${tag}`, '--cache-to', 'type=inline'] : ['--cache-to', 'type=inline'];
    case 'none':
      return [];
  }
}

export interface BuildArgsOptions {
  dockerfile: string;
  context: string;
  target?: string;
  tag: string;
  buildArgs?: Record<string, string>;
  cache: CacheSetting;
}

/**
 * The arguments after `docker` for `docker buildx build --progress=rawjson --load …`.
 * Throws an Error (its message for the user) on an invalid tag, cache ref, target or build-arg name.
 */
export function buildArgs(o: BuildArgsOptions): string[] {
  const args = ['buildx', 'build', '--progress=rawjson', '--load', '--file', safePath(o.dockerfile), '--tag', checkRef(o.tag)];
  if (o.target) args.push('--target', checkName('The target stage', o.target));
  for (const [k, v] of Object.entries(o.buildArgs ?? {})) {
    if (!BUILD_ARG_NAME.test(k)) throw new Error(`The build argument name "${k}" is not a valid ARG name.`);
    args.push('--build-arg', `${k}=${v}`);
  }
  args.push(...cacheArgs(o.cache, o.tag));
  args.push(safePath(o.context));
  return args;
}

/** The arguments after `docker` for `docker buildx bake --progress=rawjson --load --file <file> [targets…]`. */
export function bakeArgs(o: { file: string; targets?: string[] }): string[] {
  return ['buildx', 'bake', '--progress=rawjson', '--load', '--file', safePath(o.file), ...(o.targets ?? []).map((t) => checkName('The bake target', t))];
}

// ------------------------------------------------------------------ local cache folders
/** A local cache setting for `dir`: export goes to a fresh sibling folder, swapped in by commitLocalCache. */
export function localCache(dir: string): CacheSetting & { kind: 'local' } {
  return { kind: 'local', dir, newDir: `${dir}.new-${process.pid}-${Date.now()}` };
}

/** After a successful build: the fresh export replaces the old cache folder. */
export function commitLocalCache(c: { dir: string; newDir: string }): void {
  if (!fs.existsSync(c.newDir)) return;
  const old = `${c.dir}.old-${process.pid}-${Date.now()}`;
  if (fs.existsSync(c.dir)) fs.renameSync(c.dir, old);
  fs.renameSync(c.newDir, c.dir);
  fs.rmSync(old, { recursive: true, force: true });
}

/** After a failed or cancelled build: drop the partial export, keep the old cache. */
export function discardLocalCache(c: { newDir: string }): void {
  fs.rmSync(c.newDir, { recursive: true, force: true });
}
