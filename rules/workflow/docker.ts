/**
 * Docker builds in a workflow, whichever way they are written: a
 * `docker/build-push-action` or `docker/bake-action` step, or `docker build` /
 * `docker buildx build` in a `run:` script. One view per build (caches, tags,
 * push/load, platforms, context/file) with file offsets, computed once per model.
 */
import { programArgs, programName, type ShellCommand, type Word } from '../dockerfile/shell';
import { BAKE, BUILD_PUSH, isAction, LIST_BY_LINE, scannerAction, SCANNER_COMMANDS, SETUP_BUILDX } from './knowledge/actions';
import type { StepInput, WorkflowJob, WorkflowModel, WorkflowStep } from './model';
import { isTrue } from '../yaml/nodes';

/** A piece of text with its file offsets (`exact` false: the offsets are those of its key or word). */
export interface Item {
  value: string;
  start: number;
  end: number;
  exact: boolean;
}

/** One `type=gha,scope=x` cache entry. */
export interface CacheEntry extends Item {
  direction: 'from' | 'to';
  type: string;
  attrs: Map<string, string>;
}

export interface DockerBuild {
  step: WorkflowStep;
  via: 'build-push' | 'bake' | 'run';
  /** The `docker` command of a run step. */
  command?: ShellCommand;
  /**
   * Which builder runs it: `docker buildx build` and the actions use the selected one
   * (a docker-container builder after setup-buildx); plain `docker build` always uses
   * the engine's default builder.
   */
  usesSelectedBuilder: boolean;
  /** An explicit builder (`builder:` input, `--builder`): not judged. */
  explicitBuilder: boolean;
  cacheFrom: CacheEntry[];
  cacheTo: CacheEntry[];
  tags: Item[];
  /** Whether it pushes: false when absent, undefined for an expression (`${{ … }}`). */
  push: boolean | undefined;
  pushWritten: boolean;
  load: boolean;
  outputs: boolean;
  platforms: Item[];
  context?: string;
  file?: string;
  target?: string;
  args: Record<string, string>;
  /** bake-action `set` entries. */
  set: Item[];
  /** Where findings about the build point: the `uses` value or the `docker` word. */
  anchor: { start: number; end: number };
}

/** Splits a list input as the Docker actions do: by lines, and by commas unless the input keeps them. */
export function inputItems(input: StepInput | undefined, byLineOnly = LIST_BY_LINE.has(input?.name ?? '')): Item[] {
  if (!input || input.value === undefined) return [];
  const src = input.source();
  const keyStart = input.key.range?.[0] ?? 0;
  const keyEnd = input.key.range?.[1] ?? keyStart;
  if (!src) return [];
  const out: Item[] = [];
  const text = src.text;
  let i = 0;
  while (i <= text.length) {
    let j = i;
    let quote = '';
    while (j < text.length && text[j] !== '\n' && (quote || byLineOnly || text[j] !== ',')) {
      if (text[j] === '"') quote = quote ? '' : '"';
      j++;
    }
    let a = i;
    let b = j;
    while (a < b && (text[a] === ' ' || text[a] === '\t' || text[a] === '\r')) a++;
    while (b > a && (text[b - 1] === ' ' || text[b - 1] === '\t' || text[b - 1] === '\r')) b--;
    if (text[a] === '"' && text[b - 1] === '"' && b - a >= 2) {
      a++;
      b--;
    }
    if (b > a && text[a] !== '#') {
      out.push(src.exact ? { value: text.slice(a, b), start: src.offsets[a], end: src.offsets[b - 1] + 1, exact: true } : { value: text.slice(a, b), start: keyStart, end: keyEnd, exact: false });
    }
    i = j + 1;
  }
  return out;
}

/** `type=gha,mode=max,scope=x` (a bare `user/app:cache` is a registry ref). */
export function cacheEntry(item: Item, direction: 'from' | 'to'): CacheEntry {
  const attrs = new Map<string, string>();
  for (const part of item.value.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) attrs.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const type = attrs.get('type') ?? (attrs.size === 0 ? 'registry' : '');
  return { ...item, direction, type, attrs };
}

function actionBuild(step: WorkflowStep, via: 'build-push' | 'bake'): DockerBuild {
  const input = (n: string) => step.input(n);
  const push = input('push');
  const pushValue = push?.value?.trim();
  const args: Record<string, string> = {};
  for (const a of inputItems(input('build-args'))) {
    const eq = a.value.indexOf('=');
    if (eq > 0) args[a.value.slice(0, eq)] = a.value.slice(eq + 1);
  }
  const u = step.uses!;
  return {
    step,
    via,
    usesSelectedBuilder: true,
    explicitBuilder: !!input('builder')?.value,
    cacheFrom: inputItems(input('cache-from')).map((i) => cacheEntry(i, 'from')),
    cacheTo: inputItems(input('cache-to')).map((i) => cacheEntry(i, 'to')),
    tags: inputItems(input('tags'), false),
    push: pushValue === undefined ? false : pushValue.includes('${{') ? undefined : isTrue(push?.node),
    pushWritten: push !== undefined,
    load: isTrue(input('load')?.node),
    outputs: inputItems(input('outputs')).length > 0,
    platforms: inputItems(input('platforms'), false),
    context: input('context')?.value,
    file: input('file')?.value,
    target: input('target')?.value,
    args,
    set: inputItems(input('set')),
    anchor: { start: u.start, end: u.end },
  };
}

/** Options of `docker build` / `docker buildx build` that take a value. */
const VALUE_FLAGS = new Set([
  '-t', '--tag', '-f', '--file', '--target', '--build-arg', '--cache-from', '--cache-to', '--platform', '-o', '--output', '--builder', '--label',
  '--secret', '--ssh', '--network', '--progress', '--iidfile', '--metadata-file', '--build-context', '--add-host', '--allow', '--annotation',
  '--attest', '--cgroup-parent', '--shm-size', '--ulimit', '--call', '--no-cache-filter', '-m', '--memory', '--isolation', '--security-opt',
]);
/** Global `docker` options that take a value (before the subcommand). */
const GLOBAL_VALUE_FLAGS = new Set(['-c', '--context', '-H', '--host', '--config', '-l', '--log-level']);

export interface DockerCli {
  /** Words after the program, global options skipped: `['buildx', 'build', …]`. */
  words: Word[];
}

/** The words of a `docker` command after its global options. */
export function dockerWords(cmd: ShellCommand): Word[] | undefined {
  if (programName(cmd) !== 'docker') return undefined;
  const args = programArgs(cmd);
  let i = 0;
  while (i < args.length && args[i].value.startsWith('-')) i += GLOBAL_VALUE_FLAGS.has(args[i].value) ? 2 : 1;
  return args.slice(i);
}

/** A word's text as an Item, exact when the word is written without quotes or escapes. */
function wordItem(w: Word, skip = 0, text?: string): Item {
  const exact = !w.quoted && text !== undefined && text.slice(w.start, w.end) === w.value;
  return exact ? { value: w.value.slice(skip), start: w.start + skip, end: w.end, exact } : { value: w.value.slice(skip), start: w.start, end: w.end, exact: false };
}

function runBuild(model: WorkflowModel, step: WorkflowStep, cmd: ShellCommand): DockerBuild | undefined {
  const words = dockerWords(cmd);
  if (!words?.length) return undefined;
  let rest: Word[];
  let buildx: boolean;
  if (words[0].value === 'build') [rest, buildx] = [words.slice(1), false];
  else if (words[0].value === 'image' && words[1]?.value === 'build') [rest, buildx] = [words.slice(2), false];
  else if (words[0].value === 'buildx' && (words[1]?.value === 'build' || words[1]?.value === 'b')) [rest, buildx] = [words.slice(2), true];
  else return undefined;
  const exact = step.run?.source.exact === true;
  const text = exact ? model.text : undefined;
  const flags: { name: string; value: Item }[] = [];
  const bools = new Set<string>();
  let context: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    const v = w.value;
    if (v.startsWith('-') && v !== '-') {
      const eq = v.indexOf('=');
      if (v.startsWith('--') && eq > 0) flags.push({ name: v.slice(0, eq), value: wordItem(w, eq + 1, text) });
      else if (VALUE_FLAGS.has(v) && i + 1 < rest.length) flags.push({ name: v, value: wordItem(rest[++i], 0, text) });
      else bools.add(v);
      continue;
    }
    context ??= v;
  }
  const all = (...names: string[]) => flags.filter((f) => names.includes(f.name)).map((f) => f.value);
  const one = (...names: string[]) => all(...names).pop()?.value;
  const args: Record<string, string> = {};
  for (const a of all('--build-arg')) {
    const eq = a.value.indexOf('=');
    if (eq > 0) args[a.value.slice(0, eq)] = a.value.slice(eq + 1);
  }
  const docker = cmd.argv[cmd.programIndex];
  const flagOn = (name: string) => bools.has(name) || all(name).some((v) => v.value === 'true');
  return {
    step,
    via: 'run',
    command: cmd,
    usesSelectedBuilder: buildx || step.job.steps.some((s) => s.index < step.index && isAction(s, SETUP_BUILDX) && isTrue(s.input('install')?.node)),
    explicitBuilder: all('--builder').length > 0,
    cacheFrom: all('--cache-from').map((i) => cacheEntry(i, 'from')),
    cacheTo: all('--cache-to').map((i) => cacheEntry(i, 'to')),
    tags: all('-t', '--tag'),
    push: flagOn('--push'),
    pushWritten: true,
    load: flagOn('--load'),
    outputs: all('-o', '--output').length > 0,
    platforms: all('--platform').flatMap((p) => splitComma(p)),
    context,
    file: one('-f', '--file'),
    target: one('--target'),
    args,
    set: [],
    anchor: { start: docker.start, end: docker.end },
  };
}

function splitComma(item: Item): Item[] {
  if (!item.exact) return item.value.split(',').filter(Boolean).map((value) => ({ ...item, value }));
  const out: Item[] = [];
  let from = 0;
  for (const part of item.value.split(',')) {
    if (part) out.push({ value: part, start: item.start + from, end: item.start + from + part.length, exact: true });
    from += part.length + 1;
  }
  return out;
}

const cache = new WeakMap<WorkflowModel, DockerBuild[]>();

/** Every Docker build of the workflow, in document order. */
export function dockerBuilds(model: WorkflowModel): DockerBuild[] {
  const hit = cache.get(model);
  if (hit) return hit;
  const out: DockerBuild[] = [];
  for (const job of model.jobs) {
    for (const step of job.steps) {
      if (isAction(step, BUILD_PUSH)) out.push(actionBuild(step, 'build-push'));
      else if (isAction(step, BAKE)) out.push(actionBuild(step, 'bake'));
      else if (step.run) {
        for (const cmd of step.run.commands) {
          const b = runBuild(model, step, cmd);
          if (b) out.push(b);
        }
      }
    }
  }
  cache.set(model, out);
  return out;
}

/** A prior step of the job (before `step`) that satisfies `test`. */
export function priorStep(job: WorkflowJob, step: WorkflowStep, test: (s: WorkflowStep) => boolean): WorkflowStep | undefined {
  return job.steps.find((s) => s.index < step.index && test(s));
}

/** The docker-container builder setup that precedes a step, if any (`driver: docker` or `use: false` does not count). */
export function buildxSetupBefore(step: WorkflowStep): WorkflowStep | undefined {
  return priorStep(step.job, step, (s) => {
    if (!isAction(s, SETUP_BUILDX)) return false;
    const driver = s.input('driver')?.value?.trim();
    const use = s.input('use')?.value?.trim();
    return driver !== 'docker' && use !== 'false';
  });
}

/** `user/app` → `docker.io/library/…`-free form with a tag: `user/app:latest`, for comparing references. */
export function normalizeImage(ref: string): string {
  let r = ref.trim().replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  if (r.startsWith('library/')) r = r.slice('library/'.length);
  const slash = r.lastIndexOf('/');
  const hasTag = r.indexOf(':', slash + 1) >= 0 || r.includes('@');
  return hasTag ? r : `${r}:latest`;
}

/** Docker subcommands that need an image in the local store. */
const USES_IMAGE = new Set(['run', 'create', 'push', 'tag', 'save', 'inspect', 'history', 'image', 'scout']);

/**
 * Steps after `build.step` in its job that use one of the given image references
 * (a `docker run`/`push`/`tag`…, a shell scanner, a scanner action's image input).
 * Returns the tags used, by normalized reference.
 */
export function tagsUsedLater(build: DockerBuild, tags: readonly Item[]): Item[] {
  const wanted = new Map(tags.filter((t) => t.value && !t.value.startsWith('${{ steps.')).map((t) => [normalizeImage(t.value), t] as const));
  if (!wanted.size) return [];
  const used = new Set<Item>();
  const check = (value: string | undefined) => {
    if (value === undefined) return;
    const t = wanted.get(normalizeImage(value));
    if (t) used.add(t);
  };
  for (const s of build.step.job.steps) {
    if (s.index < build.step.index) continue;
    const scanner = scannerAction(s);
    if (scanner && s.index > build.step.index) check(s.input(scanner.imageInput)?.value);
    for (const cmd of s.run?.commands ?? []) {
      if (cmd === build.command || (s.index === build.step.index && build.command && cmd.start <= build.command.start)) continue;
      const program = programName(cmd);
      const words = program === 'docker' ? dockerWords(cmd) : programArgs(cmd);
      if (!words?.length) continue;
      const relevant = program === 'docker' ? USES_IMAGE.has(words[0].value) : SCANNER_COMMANDS.some((c) => c.program === program);
      if (!relevant) continue;
      for (const w of words) if (!w.value.startsWith('-')) check(w.value);
    }
  }
  return tags.filter((t) => used.has(t));
}

/** Whether a step scans an image for vulnerabilities (an action, or a scanner in its script). */
export function scansImage(step: WorkflowStep): boolean {
  const scanner = scannerAction(step);
  if (scanner) return scanner.scansImage(step);
  for (const cmd of step.run?.commands ?? []) {
    const program = programName(cmd);
    const words = program === 'docker' ? dockerWords(cmd) : programArgs(cmd);
    for (const c of SCANNER_COMMANDS) {
      if (c.program !== program) continue;
      if (!c.subcommand) return true;
      if (words?.length && c.subcommand.includes(words[0].value)) {
        // `docker scout` scans with `cves` (and `quickview`, which lists them too).
        if (program === 'docker' && !words.some((w) => w.value === 'cves' || w.value === 'quickview')) continue;
        return true;
      }
    }
  }
  return false;
}

/** The job's matrix keys a step refers to (`${{ matrix.service }}` in its inputs or script). */
export function matrixKeysUsed(step: WorkflowStep): string[] {
  const keys = step.job.matrix?.keys ?? [];
  const texts = [...step.inputs.map((i) => i.value ?? ''), step.run?.text ?? ''].join('\n');
  return keys.filter((k) => new RegExp(`\\$\\{\\{\\s*matrix\\.${k.replace(/[^A-Za-z0-9_-]/g, '')}\\s*\\}\\}`).test(texts));
}

/** The image's name from a literal tag: `ghcr.io/acme/api:1.2` → `api`. */
export function imageName(tag: string): string | undefined {
  if (tag.includes('${{') || tag.includes('$')) return undefined;
  let r = tag.trim();
  const at = r.indexOf('@');
  if (at >= 0) r = r.slice(0, at);
  const slash = r.lastIndexOf('/');
  const colon = r.indexOf(':', slash + 1);
  if (colon >= 0) r = r.slice(0, colon);
  const name = r.slice(slash + 1);
  return /^[a-z0-9][a-z0-9._-]*$/.test(name) ? name : undefined;
}

/** `services/api/Dockerfile` → `api` (the folder names the image when nothing else does). */
function dockerfileFolder(file: string | undefined): string | undefined {
  if (!file || file.includes('$')) return undefined;
  const parts = file.trim().replace(/\\/g, '/').split('/').filter((p) => p && p !== '.');
  return parts.length >= 2 && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(parts[parts.length - 2]) ? parts[parts.length - 2].toLowerCase() : undefined;
}

/** A cache scope for a build: the matrix keys it uses, else its image name (tag, Dockerfile folder), else the step or job id. */
export function scopeFor(build: DockerBuild): string {
  const keys = matrixKeysUsed(build.step);
  const matrixKeys = keys.length ? keys : build.step.job.matrix?.keys.slice(0, 1) ?? [];
  const image = build.tags.map((t) => imageName(t.value)).find((n) => n !== undefined) ?? dockerfileFolder(build.file);
  if (matrixKeys.length) {
    const parts = matrixKeys.map((k) => `\${{ matrix.${k} }}`).join('-');
    return image && !keys.length ? `${image}-${parts}` : parts;
  }
  return image ?? build.step.id ?? build.step.job.id;
}
