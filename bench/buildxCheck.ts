/**
 * Bench peer: `docker buildx build --call=check`, BuildKit's build checks, which Docker's own
 * VS Code extension runs through its language server. That server starts one
 * `docker buildx build --call=check,format=json -f- <workspace folder>` per lint, with the
 * editor's text on stdin and DOCKER_CLI_OTEL_EXPORTER_OTLP_ENDPOINT=dockerlsp://disabled (which
 * costs ~0.1 s per call here); this bench does the same, with an empty folder as the context (a
 * check sends only the Dockerfile and .dockerignore), and times each whole process: what that
 * user waits for.
 *
 * Needs a docker CLI (env LAYERWISE_DOCKER, else `docker` on PATH) with buildx >= 0.15 (the
 * first with `--call`) and an engine whose built-in Dockerfile frontend answers the lint
 * subrequest (a `# syntax=` frontend would need a registry). Debian sid's docker.io 28.5 +
 * docker-buildx 0.29 have both; trixie's (26.1 + 0.13) do not. Otherwise it returns { skip }.
 *
 * A check resolves every stage's base image (its config) before it lints: with no registry
 * reachable, `FROM python:3.12` ends in a buildError ("failed to resolve source metadata") and
 * no warnings at all. An image in the engine's own store is used instead of the registry, so in
 * an untimed first pass each base the check reports unresolved gets a stand-in: an empty image
 * imported under its name (labelled layerwise.bench.stub, removed again at the end; an image the
 * engine already has is never replaced). The figures are then those of a user whose base images
 * are already pulled: no registry round trip. A file counts as `failed` (the check could not run)
 * when there is no JSON answer or its buildError is a resolution one: digest-pinned bases
 * (`@sha256:`, no stand-in possible), and every file with a `# syntax=` line, whose frontend
 * image must come from a registry before any check (76 of the 1,067 corpus files). A file the
 * check ran on counts as run whether it found warnings or a parse error (`--call=check` exits 1
 * for both). Env LAYERWISE_BENCH_CHECK_STUB=0 turns the stand-ins off;
 * LAYERWISE_BENCH_CHECK_VERBOSE=1 lists each failed file with its reason on stderr.
 *
 * Each file costs a process, a gRPC session with the daemon and a frontend solve (~0.4-0.6 s),
 * so the whole corpus takes about ten minutes per run: env LAYERWISE_BENCH_CHECK_FILES=N checks
 * N files spread evenly over the sorted list (default: all), and callers pass runs = 1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { perItemAsync } from './measure';

export type BuildxCheckBench =
  | { p50: number; p99: number; max: number; filesPerSecond: number; files: number; failed: number; version: string; withFindings: number; stubbed: number }
  | { skip: string };

const START_HINT =
  'start an engine that has it: LAYERWISE_DOCKER_SUITE=sid LAYERWISE_DOCKER_CACHE=$HOME/.cache/layerwise-docker-sid bash scripts/docker/engine.sh setup, ' +
  'then eval "$(LAYERWISE_DOCKER_SUITE=sid LAYERWISE_DOCKER_CACHE=$HOME/.cache/layerwise-docker-sid bash scripts/docker/engine.sh start)"';
const CHECK_TIMEOUT_MS = 60_000;
const STUB_LABEL = 'layerwise.bench.stub=1';
// The check could not run: its base image (or the network) was not there; not a finding.
const COULD_NOT_RUN = /failed to resolve source metadata|failed to do request|network is unreachable|no such host|i\/o timeout|connection refused|pull access denied|failed to authorize|no match for platform/i;

interface Outcome {
  ran: boolean;
  findings: number;
  error?: string;
  /** The check's own JSON answer's buildError (a base it could not resolve, a parse error). */
  checkError?: string;
}

interface LintJson {
  warnings?: unknown[] | null;
  buildError?: { message?: string } | null;
}

function checkArgs(context: string): string[] {
  return ['buildx', 'build', '--call=check,format=json', '-f', '-', context];
}

const checkEnv = (): NodeJS.ProcessEnv => ({ ...process.env, DOCKER_CLI_OTEL_EXPORTER_OTLP_ENDPOINT: 'dockerlsp://disabled' });

/** One check, as the language server runs it: the text on stdin, stdout collected. */
function runCheck(cli: string, context: string, text: string): Promise<{ stdout: string; stderr: string; code: number | null; spawnError?: string }> {
  return new Promise((resolve) => {
    const child = spawn(cli, checkArgs(context), { env: checkEnv(), stdio: ['pipe', 'pipe', 'pipe'], timeout: CHECK_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: string | undefined;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => (spawnError = e.message));
    child.stdin.on('error', () => undefined); // the process may exit before reading all of it
    child.stdin.end(text);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code, spawnError }));
  });
}

function classify(r: { stdout: string; stderr: string; spawnError?: string }): Outcome {
  if (r.spawnError) return { ran: false, findings: 0, error: r.spawnError };
  let json: LintJson;
  try {
    json = JSON.parse(r.stdout) as LintJson;
  } catch {
    const last = r.stderr.trim().split('\n').pop() ?? '';
    return { ran: false, findings: 0, error: `no JSON answer: ${last}` };
  }
  const warnings = json.warnings?.length ?? 0;
  const message = json.buildError?.message;
  if (message && COULD_NOT_RUN.test(message)) return { ran: false, findings: 0, error: message, checkError: message };
  return { ran: true, findings: warnings + (message ? 1 : 0), error: message, checkError: message };
}

/** "…: failed to resolve source metadata for docker.io/library/python:3.12: …" → that reference. */
function unresolvedBase(message: string | undefined): string | undefined {
  const m = message && /failed to resolve source metadata for ([^\s:]+(?::\d+)?\/[^\s:@]+(?::[\w][\w.-]*)?)(?::|$)/.exec(message);
  return m ? m[1] : undefined;
}

function docker(cli: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cli, args, { encoding: 'utf8', timeout: 30_000, env: checkEnv() });
  return { ok: !r.error && r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`.trim() };
}

function sample(files: readonly string[]): string[] {
  const n = Number(process.env.LAYERWISE_BENCH_CHECK_FILES);
  if (!Number.isInteger(n) || n <= 0 || n >= files.length) return [...files];
  // Evenly spread: the sorted corpus groups files by repository.
  return Array.from({ length: n }, (_, i) => files[Math.floor((i * files.length) / n)]);
}

export async function benchBuildxCheck(files: string[], runs: number): Promise<BuildxCheckBench> {
  const cli = process.env.LAYERWISE_DOCKER || 'docker';
  const buildx = docker(cli, ['buildx', 'version']);
  if (!buildx.ok) return { skip: `no docker buildx (${cli} buildx version: ${buildx.out.split('\n')[0] || 'failed'}); ${START_HINT}` };
  const v = /buildx\s+v?(\d+)\.(\d+)(?:\.(\d+))?(\S*)/.exec(buildx.out);
  if (!v) return { skip: `cannot read the buildx version from "${buildx.out}"; ${START_HINT}` };
  const buildxVersion = `${v[1]}.${v[2]}${v[3] !== undefined ? `.${v[3]}` : ''}${v[4]}`;
  if (Number(v[1]) === 0 && Number(v[2]) < 15) return { skip: `docker buildx ${buildxVersion} has no --call=check (needs >= 0.15); ${START_HINT}` };
  const server = docker(cli, ['version', '--format', '{{.Server.Version}}']);
  if (!server.ok) return { skip: `the Docker daemon does not answer (${server.out.split('\n').pop()}); ${START_HINT}` };
  const version = `buildx ${buildxVersion}, engine ${server.out}`;

  const work = mkdtempSync(join(tmpdir(), 'layerwise-buildx-check-'));
  const context = join(work, 'context');
  const emptyTar = join(work, 'empty.tar');
  const stubs: string[] = [];
  try {
    mkdirSync(context);
    // Two zero blocks: an empty tar archive, for `docker import`.
    writeFileSync(emptyTar, Buffer.alloc(1024));

    const probe = classify(await runCheck(cli, context, 'FROM scratch\n'));
    if (!probe.ran || probe.error) {
      return { skip: `${version}: a check of "FROM scratch" did not run (${probe.error}); the engine's built-in Dockerfile frontend must answer the lint subrequest (BuildKit >= 0.15); ${START_HINT}` };
    }

    const chosen = sample(files);
    const texts = new Map(chosen.map((f) => [f, readFileSync(f, 'utf8')]));
    // Untimed pass: stand-ins for the bases the check cannot resolve; also warms the daemon.
    const stubOn = process.env.LAYERWISE_BENCH_CHECK_STUB !== '0';
    const tried = new Set<string>();
    for (const f of chosen) {
      for (let attempt = 0; attempt < 16; attempt++) {
        const outcome = classify(await runCheck(cli, context, texts.get(f)!));
        // Only a base the check itself reported: a `# syntax=` frontend image that cannot be
        // pulled fails before the check (no JSON), and an empty image is no frontend.
        const base = stubOn && !outcome.ran ? unresolvedBase(outcome.checkError) : undefined;
        if (!base || tried.has(base)) break;
        tried.add(base);
        if (docker(cli, ['image', 'inspect', '--format', '{{.Id}}', base]).ok) break; // there, for another platform
        if (docker(cli, ['import', '--change', `LABEL ${STUB_LABEL}`, emptyTar, base]).ok) stubs.push(base);
      }
    }

    const outcomes = new Map<string, Outcome>();
    const stats = await perItemAsync(
      chosen,
      async (f) => {
        outcomes.set(f, classify(await runCheck(cli, context, texts.get(f)!)));
      },
      runs,
    );
    if (process.env.LAYERWISE_BENCH_CHECK_VERBOSE === '1') {
      for (const [f, o] of outcomes) if (!o.ran) process.stderr.write(`buildx check could not run on ${f}: ${o.error}\n`);
    }
    const results = [...outcomes.values()];
    return {
      ...stats,
      files: chosen.length,
      failed: results.filter((o) => !o.ran).length,
      withFindings: results.filter((o) => o.ran && o.findings > 0).length,
      stubbed: stubs.length,
      version,
    };
  } finally {
    // Only the stand-ins made here; an image the engine already had was never replaced.
    for (let i = 0; i < stubs.length; i += 50) docker(cli, ['rmi', ...stubs.slice(i, i + 50)]);
    rmSync(work, { recursive: true, force: true });
  }
}

// `node --import tsx bench/buildxCheck.ts DIR [runs]`: this peer alone, over DIR's files.
if (process.argv[1] && /buildxCheck\.ts$/.test(process.argv[1])) {
  void (async () => {
    const dir = process.argv[2];
    if (!dir) throw new Error('usage: node --import tsx bench/buildxCheck.ts <dockerfiles dir> [runs]');
    const files = readdirSync(dir).sort().map((f) => join(dir, f));
    console.log(JSON.stringify(await benchBuildxCheck(files, Number(process.argv[3] ?? 1)), null, 2));
  })();
}
