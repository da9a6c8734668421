/**
 * Helpers for tests that run a real Docker engine, the one `scripts/docker/engine.sh start`
 * brings up (see that script). The tests read only these variables, which
 * `eval "$(bash scripts/docker/engine.sh env)"` exports:
 *   LAYERWISE_DOCKER_HOST    the engine's socket (unix://…); the tests skip without it, so a
 *                            developer's own DOCKER_HOST is never used by accident;
 *   LAYERWISE_DOCKER_CLI     the docker CLI matching the engine (default: `docker` on PATH);
 *   DOCKER_CONFIG            a folder whose cli-plugins/ holds docker-buildx;
 *   LAYERWISE_DOCKER_BUSYBOX Debian's static busybox, the only userland test images get
 *                            (no registry is reachable).
 * Every program runs through execFile with an argument array.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SemanticsRow } from '../fixtures/dockerignoreSemantics';

export interface DockerEngine {
  host: string;
  cli: string;
  busybox: string;
  env: NodeJS.ProcessEnv;
}

const START_HINT = 'eval "$(bash scripts/docker/engine.sh setup >&2 && bash scripts/docker/engine.sh start)"';

/** The engine from the environment, or why the engine tests are skipped. */
export function dockerEngine(): DockerEngine | { skip: string } {
  const host = process.env.LAYERWISE_DOCKER_HOST;
  if (!host) return { skip: `LAYERWISE_DOCKER_HOST is not set: no test engine (start one with ${START_HINT})` };
  const busybox = process.env.LAYERWISE_DOCKER_BUSYBOX ?? '';
  if (!busybox || !fs.existsSync(busybox)) {
    return { skip: `LAYERWISE_DOCKER_BUSYBOX (${busybox || 'unset'}) is not a file: the test images need Debian's static busybox` };
  }
  return {
    host,
    cli: process.env.LAYERWISE_DOCKER_CLI || 'docker',
    busybox,
    env: { ...process.env, DOCKER_HOST: host, DOCKER_CONTEXT: undefined, BUILDX_BUILDER: undefined },
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the docker CLI against the test engine; never throws on a non-zero exit. */
export function docker(engine: DockerEngine, args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      engine.cli,
      args,
      { env: engine.env, cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: error && code === 1 && !stderr ? String(error.message) : stderr });
      },
    );
  });
}

// ------------------------------------------------------------------ rawjson progress
/** One BuildKit SolveStatus as `--progress=rawjson` prints it (only the fields used here). */
export interface SolveStatus {
  vertexes?: { digest: string; name?: string; started?: string; completed?: string; cached?: boolean; error?: string }[];
  logs?: { vertex: string; stream: number; data: string }[];
}

/**
 * Splits the rawjson stream, a sequence of pretty-printed JSON objects (not one per line),
 * into objects: a brace counter that skips strings. Text outside objects (buildx's own
 * messages) is ignored.
 */
export function parseRawJson(text: string): SolveStatus[] {
  const out: SolveStatus[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"' && depth > 0) inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && depth > 0 && --depth === 0) {
      out.push(JSON.parse(text.slice(start, i + 1)) as SolveStatus);
    }
  }
  return out;
}

export interface BuildStep {
  digest: string;
  name: string;
  cached: boolean;
  completed: boolean;
  error?: string;
  /** stdout + stderr of the step (RUN output). */
  log: string;
}

/** The build's vertexes in first-seen order, merged across status updates, with their logs. */
export function buildSteps(statuses: SolveStatus[]): BuildStep[] {
  const steps = new Map<string, BuildStep>();
  for (const s of statuses) {
    for (const v of s.vertexes ?? []) {
      const step = steps.get(v.digest) ?? { digest: v.digest, name: '', cached: false, completed: false, log: '' };
      if (v.name) step.name = v.name;
      if (v.cached) step.cached = true;
      if (v.completed) step.completed = true;
      if (v.error) step.error = v.error;
      steps.set(v.digest, step);
    }
    for (const l of s.logs ?? []) {
      const step = steps.get(l.vertex);
      if (step) step.log += Buffer.from(l.data, 'base64').toString('utf8');
    }
  }
  return [...steps.values()];
}

/**
 * The Dockerfile's own steps (`[stage-0 1/3] RUN …`) in Dockerfile order, without the
 * `[internal] …` ones. BuildKit announces vertexes last step first, so they are sorted by
 * stage label, then by step number.
 */
export function instructionSteps(steps: BuildStep[]): BuildStep[] {
  const keyed = steps.flatMap((s) => {
    const m = /^\[(?:(\S+) )?(\d+)\/\d+\] /.exec(s.name);
    return m ? [{ s, stage: m[1] ?? '', n: Number(m[2]) }] : [];
  });
  keyed.sort((a, b) => (a.stage === b.stage ? a.n - b.n : a.stage < b.stage ? -1 : 1));
  return keyed.map((k) => k.s);
}

export interface BuildOptions {
  context: string;
  /** A Dockerfile path (may lie outside the context). */
  file?: string;
  tag?: string;
  /** `load` (default) or `cacheonly` (nothing exported; the result stays in the build cache). */
  output?: 'load' | 'cacheonly';
  noCache?: boolean;
  buildArgs?: Record<string, string>;
}

export interface BuildResult extends RunResult {
  steps: BuildStep[];
}

/** `docker buildx build --progress=rawjson …` (the default `docker` driver of the test engine). */
export async function build(engine: DockerEngine, o: BuildOptions): Promise<BuildResult> {
  const args = ['buildx', 'build', '--progress=rawjson'];
  args.push(...(o.output === 'cacheonly' ? ['--output', 'type=cacheonly'] : ['--load']));
  if (o.file) args.push('--file', o.file);
  if (o.tag) args.push('--tag', o.tag);
  if (o.noCache) args.push('--no-cache');
  for (const [k, v] of Object.entries(o.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  args.push(o.context);
  const r = await docker(engine, args);
  return { ...r, steps: buildSteps(parseRawJson(r.stderr)) };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `layerwise-${prefix}-`));
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

// ------------------------------------------------------------------ busybox base image
export const BUSYBOX_IMAGE = 'layerwise-test/busybox:1';

/**
 * A local base image with Debian's static busybox installed as /bin/sh, find, …; built once
 * per engine (later calls hit the build cache). `FROM` resolves it from the local image store.
 */
export async function ensureBusyboxImage(engine: DockerEngine): Promise<string> {
  const dir = tempDir('busybox');
  try {
    fs.copyFileSync(engine.busybox, path.join(dir, 'busybox'));
    fs.chmodSync(path.join(dir, 'busybox'), 0o755);
    writeFiles(dir, { Dockerfile: ['FROM scratch', 'COPY busybox /bin/busybox', 'RUN ["/bin/busybox", "--install", "-s", "/bin"]', ''].join('\n') });
    const r = await build(engine, { context: dir, tag: BUSYBOX_IMAGE });
    if (r.code !== 0) throw new Error(`building ${BUSYBOX_IMAGE} failed:\n${r.stderr.slice(-2000)}`);
    return BUSYBOX_IMAGE;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ .dockerignore replay
export interface DockerignoreVerdict {
  /** True when the engine left `row.path` out of the build context. */
  ignored: boolean;
  /** Every path that reached the build, relative to the context (from `find`). */
  sent: string[];
}

/**
 * Asks the engine whether a `.dockerignore` (row.lines) keeps row.path out of the context:
 * a context holding just that file and the .dockerignore, built with
 * `FROM <busybox image>` + `COPY . /ctx/` + `RUN find /ctx`, the listing read from the RUN
 * step's log. The Dockerfile lives outside the context so no pattern can exclude it, and
 * --no-cache makes the RUN step (and its log) happen every time.
 */
export async function replayDockerignoreRow(engine: DockerEngine, row: Pick<SemanticsRow, 'lines' | 'path'>, base = BUSYBOX_IMAGE): Promise<DockerignoreVerdict> {
  const dir = tempDir('dockerignore');
  try {
    const context = path.join(dir, 'context');
    writeFiles(context, { [row.path]: 'x\n', '.dockerignore': row.lines.join('\n') + '\n' });
    const file = path.join(dir, 'probe.Dockerfile');
    writeFiles(dir, { 'probe.Dockerfile': [`FROM ${base}`, 'COPY . /ctx/', 'RUN find /ctx -type f', ''].join('\n') });
    const r = await build(engine, { context, file, output: 'cacheonly', noCache: true });
    const run = r.steps.find((s) => / RUN find \/ctx/.test(s.name));
    if (r.code !== 0 || !run) throw new Error(`probe build failed for ${JSON.stringify(row)}:\n${r.stderr.slice(-2000)}`);
    const sent = run.log
      .split('\n')
      .filter((l) => l.startsWith('/ctx/'))
      .map((l) => l.slice('/ctx/'.length));
    return { ignored: !sent.includes(row.path), sent };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `fn` over `items` with at most `limit` at a time, results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
