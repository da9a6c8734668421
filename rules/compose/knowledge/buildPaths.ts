/**
 * Paths a Compose file names (build contexts, Dockerfiles, secret files), checked
 * through the file view: which part of a path is missing, what that folder holds
 * instead and the closest name, and the Dockerfile a service builds. Relative paths
 * are resolved against the Compose file's folder, as Compose does for a lone file.
 */
import { basename, dirname, isAbsolute, join, parse, relative, resolve, sep } from 'node:path';
import { isMap, isScalar, type Scalar } from 'yaml';
import type { FileView } from '../../core/types';
import type { ComposeModel, ComposeService } from '../model';
import type { DeclaredBuild } from '../../workspace/types';
import { resolveBuild } from '../../workspace/index';
import { parseDockerfile, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { shippedStages } from '../../dockerfile/query';
import { resolveDefaults } from './volumes';
import { entries, entry, scalarText, span, type YNode } from '../../yaml/nodes';

/** A path-valued scalar: as written, with `${VAR:-default}` resolved, and where its text is. */
export interface PathValue {
  node: YNode;
  raw: string;
  /** Undefined when a variable without a default is involved: nothing can be judged. */
  value: string | undefined;
  /** Offsets of the whole value (quotes included). */
  start: number;
  end: number;
  /** Offset of `value`'s first character in the document, when the source spells it out verbatim (fixes edit inside it). */
  textStart?: number;
}

export function pathValue(model: ComposeModel, node: YNode | null | undefined): PathValue | undefined {
  const raw = scalarText(node);
  const r = span(node);
  if (raw === undefined || !r || !node) return undefined;
  const value = resolveDefaults(raw);
  const source = model.text.slice(r[0], r[1]);
  const type = (node as Scalar).type;
  let textStart: number | undefined;
  if (value === raw) {
    if (type === 'PLAIN' && source === raw) textStart = r[0];
    else if ((type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') && source.slice(1, -1) === raw) textStart = r[0] + 1;
  }
  return { node, raw, value, start: r[0], end: r[1], textStart };
}

/** The part of a path that does not exist, and the folder that lacks it. */
export interface MissingPart {
  /** Offsets of the missing name within the path string. */
  start: number;
  end: number;
  name: string;
  /** The folder (absolute) that has no such name; for `notAFolder`, the path itself. */
  dir: string;
  /** The whole path exists but is a file where a folder is needed. */
  notAFolder?: boolean;
}

/**
 * The first name along `path` (relative to `base`, or absolute) that `dir` does not
 * hold; undefined when the path exists or when a folder cannot be listed (nothing
 * proves it is missing then). Names compare case-sensitively: `dockerfile` is not
 * `Dockerfile` on Linux, whatever a macOS disk says.
 */
export function missingPart(files: FileView, base: string, path: string, want: 'file' | 'folder'): MissingPart | undefined {
  let dir = isAbsolute(path) ? parse(path).root : base;
  for (const m of path.matchAll(/[^/\\]+/g)) {
    const name = m[0];
    if (name === '.') continue;
    if (name === '..') {
      dir = dirname(dir);
      continue;
    }
    const names = files.list(dir);
    if (!names) return undefined;
    if (!names.includes(name)) return { start: m.index, end: m.index + name.length, name, dir };
    dir = join(dir, name);
  }
  if (want === 'folder' && files.list(dir) === undefined && files.list(dirname(dir))?.includes(basename(dir))) {
    return { start: 0, end: path.length, name: basename(dir), dir, notAFolder: true };
  }
  return undefined;
}

/** What a folder holds, split into folders and files (only when a finding is made: it lists each name). */
export function folderContents(files: FileView, dir: string): { folders: string[]; files: string[] } {
  const out = { folders: [] as string[], files: [] as string[] };
  for (const name of (files.list(dir) ?? []).slice(0, 200)) (files.list(join(dir, name)) ? out.folders : out.files).push(name);
  return out;
}

/** A path for messages: quoted, relative to the Compose file's folder, `/`-separated. */
export function shownPath(base: string, path: string): string {
  const rel = relative(base, path).split(sep).join('/');
  return rel === '' ? "the Compose file's folder" : `"${rel}"`;
}

/** Up to `max` names, then how many more. */
export function nameList(names: string[], max = 8): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, … (${names.length - max} more)` : shown;
}

/** A service's `build:` as written: short form (the context) or long form. */
export interface ServiceBuildFields {
  build: YNode;
  context?: YNode;
  dockerfile?: YNode;
  target?: YNode;
  /** `dockerfile_inline`: no Dockerfile on disk. */
  inline: boolean;
}

export function serviceBuildFields(service: ComposeService): ServiceBuildFields | undefined {
  const build = service.get('build');
  if (!build?.value) return undefined;
  if (isScalar(build.value)) return { build: build.value, context: build.value, inline: false };
  if (!isMap(build.value)) return undefined;
  const value = (key: string) => entry(build.value, key)?.value ?? undefined;
  return { build: build.value, context: value('context'), dockerfile: value('dockerfile'), target: value('target'), inline: entry(build.value, 'dockerfile_inline') !== undefined };
}

/** The declared build of a Compose service, in the workspace model's terms. */
export function declaredBuild(model: ComposeModel, service: ComposeService, context: string, dockerfile?: string): DeclaredBuild {
  return { origin: 'compose', file: model.path, baseDir: dirname(model.path), context, dockerfile, dockerfileRelativeTo: 'context', args: {}, name: service.name };
}

/** Parsed Dockerfiles by path and text: ten services building one Dockerfile parse it once per change. */
const parsed = new Map<string, { text: string; model: DockerfileModel }>();
export function dockerfileAt(files: FileView, path: string): DockerfileModel | undefined {
  const text = files.read(path);
  if (text === undefined) return undefined;
  const cached = parsed.get(path);
  if (cached && cached.text === text) return cached.model;
  if (parsed.size > 32) parsed.clear();
  const model = parseDockerfile(text, path);
  parsed.set(path, { text, model });
  return model;
}

/**
 * The Dockerfile a service builds and the stage that ships (its `target`, else the
 * last); undefined when it cannot be told (no `build:`, inline, remote, variables
 * without defaults, an unreadable Dockerfile, a target that names no stage).
 */
export function builtImage(files: FileView, model: ComposeModel, service: ComposeService): { dockerfile: DockerfileModel; stage: Stage } | undefined {
  const fields = serviceBuildFields(service);
  if (!fields || fields.inline || !isAbsolute(model.path)) return undefined;
  const context = fields.context ? scalarText(fields.context) : '.';
  const dockerfileText = fields.dockerfile ? scalarText(fields.dockerfile) : undefined;
  if (context === undefined || (fields.dockerfile && dockerfileText === undefined)) return undefined;
  const build = resolveBuild(declaredBuild(model, service, context, dockerfileText));
  const dockerfile = build && dockerfileAt(files, build.dockerfile);
  if (!dockerfile) return undefined;
  let target: string | undefined;
  if (fields.target) {
    target = resolveDefaults(scalarText(fields.target) ?? '')?.toLowerCase();
    if (!target || !dockerfile.stages.some((s) => s.name === target)) return undefined;
  }
  const [stage] = shippedStages(dockerfile, target ? [target] : undefined);
  return stage ? { dockerfile, stage } : undefined;
}

/** A top-level secret read from a file (`secrets: {name: {file: ./x}}`), with the file's absolute path. */
export interface SecretFile {
  name: string;
  value: PathValue;
  /** Absolute. */
  path: string;
}

/**
 * Secrets whose `file:` is a relative path the workspace can judge. Absolute and `~`
 * paths are machine-specific (a host's `/run/secrets`), outside what git tracks here.
 */
export function secretFiles(model: ComposeModel): SecretFile[] {
  if (!isAbsolute(model.path)) return [];
  const out: SecretFile[] = [];
  for (const secret of entries(entry(model.root, 'secrets')?.value)) {
    const value = pathValue(model, entry(secret.value, 'file')?.value);
    if (value?.value === undefined || value.value === '' || isAbsolute(value.value) || value.value.startsWith('~')) continue;
    out.push({ name: secret.name, value, path: resolve(dirname(model.path), value.value) });
  }
  return out;
}

/** Whether a file exists, by listing its folder (no read of a secret's content). */
export function fileExists(files: FileView, path: string): boolean {
  return files.list(dirname(path))?.includes(basename(path)) ?? false;
}
