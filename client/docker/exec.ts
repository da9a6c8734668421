/**
 * Running docker, buildx and trivy: always `spawn` with an argument array (never a shell), in
 * a process group of its own so that cancelling kills the CLI and everything it started.
 * No `vscode` import: the commands in client/commands wrap these.
 */
import { spawn } from 'node:child_process';

export interface ToolRun {
  /** Exit code; null when the program did not start or was killed by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Stopped by the abort signal or the timeout. */
  cancelled: boolean;
  /** Why the program did not start (ENOENT, EACCES), or ETIMEDOUT when the timeout stopped it. */
  error?: NodeJS.ErrnoException;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onStdout?(chunk: string): void;
  onStderr?(chunk: string): void;
  timeoutMs?: number;
  /** The child's pid, which is also its process group id. */
  onSpawn?(pid: number): void;
}

/** After SIGTERM, how long the group gets before SIGKILL. */
const KILL_GRACE_MS = 3000;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Runs `cmd args` (no shell); resolves when the program and its output streams are done. Never rejects. */
export function runTool(cmd: string, args: readonly string[], o: RunOptions = {}): Promise<ToolRun> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    let error: NodeJS.ErrnoException | undefined;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    if (o.signal?.aborted) {
      resolve({ code: null, stdout, stderr, cancelled: true });
      return;
    }
    const child = spawn(cmd, [...args], {
      cwd: o.cwd,
      env: o.env ?? process.env,
      detached: true,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    if (child.pid !== undefined) o.onSpawn?.(child.pid);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (c: string) => {
      stdout += c;
      o.onStdout?.(c);
    });
    child.stderr.on('data', (c: string) => {
      stderr += c;
      o.onStderr?.(c);
    });

    const stop = (why: 'abort' | 'timeout') => {
      if (settled || cancelled || child.pid === undefined) return;
      cancelled = true;
      if (why === 'timeout') {
        error = Object.assign(new Error(`${cmd} timed out after ${o.timeoutMs} ms`), { code: 'ETIMEDOUT' });
      }
      const pid = child.pid;
      killGroup(pid, 'SIGTERM');
      const t = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
      t.unref();
      timers.push(t);
    };
    const onAbort = () => stop('abort');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    if (o.timeoutMs !== undefined && o.timeoutMs > 0) timers.push(setTimeout(() => stop('timeout'), o.timeoutMs));

    const finish = (code: number | null) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', onAbort);
      // The CLI exited, but what it started in its group may linger (a killed CLI's helpers).
      if (cancelled && child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      for (const t of timers) clearTimeout(t);
      resolve({ code, stdout, stderr, cancelled, ...(error ? { error } : {}) });
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      error = e;
      // A spawn failure emits no 'close' when the process never existed.
      if (child.pid === undefined) finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}

// ------------------------------------------------------------------ problems
export type DockerProblemKind = 'docker-missing' | 'daemon-down' | 'buildx-missing' | 'cache-export-unsupported' | 'trivy-missing' | 'failed';

export interface DockerProblem {
  kind: DockerProblemKind;
  message: string;
}

const INSTALL_DOCKER = 'Install Docker (https://docs.docker.com/get-docker/) or set `layerwise.docker.path` to the docker CLI.';
const INSTALL_BUILDX =
  'Docker Buildx is not installed: without it Docker falls back to the legacy builder, which rejects `RUN --mount`. ' +
  'Install the buildx plugin (Docker Desktop ships it; on Debian/Ubuntu `apt-get install docker-buildx` or `docker-buildx-plugin`; ' +
  'or place the `docker-buildx` binary from https://github.com/docker/buildx/releases in ~/.docker/cli-plugins/).';
const CACHE_EXPORT =
  "The current builder cannot export a local build cache: the default `docker` driver does so only when the engine uses the containerd image store " +
  '(Docker Desktop: Settings › General › "Use containerd for pulling and storing images"; dockerd: `"features": {"containerd-snapshotter": true}`). ' +
  'Alternatively create a `docker-container` builder (`docker buildx create --use --driver docker-container`), which pulls the BuildKit image ' +
  'from a registry, or set `layerwise.build.cache` to `inline` or `none`.';
const INSTALL_TRIVY =
  'Trivy is not installed: see https://trivy.dev/latest/getting-started/installation/ (e.g. `brew install trivy`, the apt/rpm repositories, ' +
  'or the release binary), or set `layerwise.trivy.path` to it.';

/** The most telling line of a failed run's stderr: the last `ERROR:`/`error:` line, else the last non-empty one. */
function lastError(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('{') && !l.startsWith('}') && !l.startsWith('"') && !l.startsWith(']'));
  for (let i = lines.length - 1; i >= 0; i--) if (/^(ERROR|error|Error)\b/.test(lines[i])) return lines[i];
  return lines[lines.length - 1] ?? '';
}

/**
 * What went wrong with a run, as something the user can act on; undefined when it succeeded
 * or was cancelled (a cancellation is the user's own doing, not a problem).
 */
export function dockerProblem(run: ToolRun, tool: 'docker' | 'trivy' = 'docker'): DockerProblem | undefined {
  if (run.cancelled && run.error?.code !== 'ETIMEDOUT') return undefined;
  if (run.error && (run.error.code === 'ENOENT' || run.error.code === 'EACCES')) {
    const what = run.error.code === 'ENOENT' ? 'was not found' : 'is not executable';
    return tool === 'trivy'
      ? { kind: 'trivy-missing', message: `The trivy program ${what} (${run.error.path ?? 'trivy'}). ${INSTALL_TRIVY}` }
      : { kind: 'docker-missing', message: `The docker CLI ${what} (${run.error.path ?? 'docker'}). ${INSTALL_DOCKER}` };
  }
  if (run.error?.code === 'ETIMEDOUT') return { kind: 'failed', message: `${run.error.message}; it was stopped.` };
  if (run.code === 0 && !run.error) return undefined;
  const err = run.stderr;
  if (tool === 'docker') {
    if (/Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|connect: (?:no such file or directory|connection refused|permission denied)/i.test(err)) {
      const perm = /permission denied/i.test(err);
      return {
        kind: 'daemon-down',
        message: perm
          ? `The Docker daemon refused the connection (permission denied): add your user to the \`docker\` group or use a rootless engine. (${lastError(err)})`
          : `The Docker daemon is not running or not reachable (${lastError(err)}). Start Docker (Docker Desktop, or \`sudo systemctl start docker\`) and check DOCKER_HOST / the docker context.`,
      };
    }
    if (/'buildx' is not a docker command|unknown command "?buildx|docker: 'buildx'|unknown flag: --progress=rawjson|BuildKit is enabled but the buildx component is missing/i.test(err)) {
      return { kind: 'buildx-missing', message: INSTALL_BUILDX };
    }
    if (/cache export (?:feature )?is (?:currently )?not supported/i.test(err)) {
      return { kind: 'cache-export-unsupported', message: CACHE_EXPORT };
    }
  }
  const line = lastError(err) || (run.code === null ? 'killed by a signal' : `exit code ${run.code}`);
  return { kind: 'failed', message: `${tool} failed: ${line}` };
}
