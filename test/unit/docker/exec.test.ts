/**
 * runTool and dockerProblem with fake executables in a temp dir: output, exit codes, a missing
 * program, cancellation that kills the whole process group, timeouts, and the classification
 * of docker's error texts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dockerProblem, runTool, type ToolRun } from '../../../client/docker/exec';

function fakeBin(t: { after(fn: () => void): void }, scripts: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-exec-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, body] of Object.entries(scripts)) {
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
  return dir;
}

/** Running (a zombie waiting for a reaper that is not ours does not count). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

test('runTool: stdout, stderr, exit code, streamed chunks, arguments passed verbatim (no shell)', async (t) => {
  const dir = fakeBin(t, { tool: 'for a in "$@"; do echo "[$a]"; done; echo oops >&2; exit 3' });
  const chunks: string[] = [];
  const r = await runTool(path.join(dir, 'tool'), ['a b', '$(touch x)', '; rm -rf /', '*'], { cwd: dir, onStdout: (c) => chunks.push(c) });
  assert.equal(r.code, 3);
  assert.equal(r.stdout, '[a b]\n[$(touch x)]\n[; rm -rf /]\n[*]\n');
  assert.equal(r.stderr, 'oops\n');
  assert.equal(r.cancelled, false);
  assert.equal(chunks.join(''), r.stdout);
  assert.equal(fs.existsSync(path.join(dir, 'x')), false);
});

test('runTool: env and cwd reach the program', async (t) => {
  const dir = fakeBin(t, { tool: 'echo "$LW_TEST $(pwd)"' });
  const r = await runTool(path.join(dir, 'tool'), [], { cwd: dir, env: { ...process.env, LW_TEST: 'yes' } });
  assert.equal(r.stdout.trim(), `yes ${fs.realpathSync(dir)}`);
});

test('runTool: a missing executable resolves with ENOENT; dockerProblem says docker / trivy is missing', async () => {
  const r = await runTool('/nonexistent/layerwise/docker', ['version']);
  assert.equal(r.code, null);
  assert.equal(r.error?.code, 'ENOENT');
  assert.equal(r.cancelled, false);
  const p = dockerProblem(r);
  assert.equal(p?.kind, 'docker-missing');
  assert.match(p!.message, /docker CLI was not found.*Install Docker/s);
  const tr = dockerProblem(await runTool('layerwise-no-such-trivy', ['image']), 'trivy');
  assert.equal(tr?.kind, 'trivy-missing');
  assert.match(tr!.message, /trivy program was not found.*install/is);
});

test('runTool: abort kills the whole process group (children and grandchildren too)', async (t) => {
  const dir = fakeBin(t, {
    // A child in the background and one in the foreground; both print their pid.
    tool: 'sleep 300 & echo "bg $!"; sh -c \'echo "fg $$"; exec sleep 301\'',
  });
  const ac = new AbortController();
  const pids: number[] = [];
  const r = runTool(path.join(dir, 'tool'), [], {
    signal: ac.signal,
    onStdout: (c) => {
      for (const m of c.matchAll(/(?:bg|fg) (\d+)/g)) pids.push(Number(m[1]));
      if (pids.length === 2) ac.abort();
    },
  });
  const run = await r;
  assert.equal(run.cancelled, true);
  assert.equal(pids.length, 2);
  // SIGTERM is immediate; give the kernel a moment to reap.
  for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((res) => setTimeout(res, 20));
  assert.deepEqual(pids.filter(alive), [], 'no process of the group is left');
  assert.equal(dockerProblem(run), undefined, 'a cancellation is not a problem');
});

test('runTool: SIGTERM ignored → SIGKILL after the grace period; an already aborted signal does not start', async (t) => {
  const dir = fakeBin(t, { tool: 'trap "" TERM; echo ready; while :; do sleep 0.1; done' });
  const ac = new AbortController();
  const started = Date.now();
  const run = await runTool(path.join(dir, 'tool'), [], { signal: ac.signal, onStdout: () => ac.abort() });
  assert.equal(run.cancelled, true);
  assert.ok(Date.now() - started < 10_000);
  const pre = new AbortController();
  pre.abort();
  const none = await runTool(path.join(dir, 'tool'), [], { signal: pre.signal });
  assert.deepEqual(none, { code: null, stdout: '', stderr: '', cancelled: true });
});

test('runTool: timeout stops the program and reports ETIMEDOUT', async (t) => {
  const dir = fakeBin(t, { tool: 'exec sleep 30' });
  const run = await runTool(path.join(dir, 'tool'), [], { timeoutMs: 200 });
  assert.equal(run.cancelled, true);
  assert.equal(run.error?.code, 'ETIMEDOUT');
  assert.equal(dockerProblem(run)?.kind, 'failed');
  assert.match(dockerProblem(run)!.message, /timed out after 200 ms/);
});

const failed = (stderr: string, code = 1): ToolRun => ({ code, stdout: '', stderr, cancelled: false });

test('dockerProblem: classifies docker error texts', () => {
  assert.equal(dockerProblem({ code: 0, stdout: '', stderr: 'warnings', cancelled: false }), undefined);
  const down = dockerProblem(failed('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n'));
  assert.equal(down?.kind, 'daemon-down');
  assert.match(down!.message, /not running or not reachable.*unix:\/\/\/var\/run\/docker\.sock.*Start Docker/s);
  assert.equal(dockerProblem(failed('ERROR: error during connect: Get "http://%2Frun%2Fx.sock/_ping": dial unix /run/x.sock: connect: no such file or directory'))?.kind, 'daemon-down');
  assert.match(dockerProblem(failed('permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: ... connect: permission denied'))!.message, /docker` group/);
  for (const text of ["docker: 'buildx' is not a docker command.\nSee 'docker --help'", 'unknown flag: --progress=rawjson', 'ERROR: BuildKit is enabled but the buildx component is missing or broken.']) {
    const p = dockerProblem(failed(text));
    assert.equal(p?.kind, 'buildx-missing', text);
    assert.match(p!.message, /legacy builder.*RUN --mount.*docker-buildx/s);
  }
  for (const text of [
    'ERROR: Cache export is not supported for the docker driver.\nSwitch to a different driver, or turn on the containerd image store, and try again.',
    'ERROR: cache export feature is currently not supported for docker driver. Please switch to a different driver (eg. "docker buildx create --use")',
  ]) {
    const p = dockerProblem(failed(text));
    assert.equal(p?.kind, 'cache-export-unsupported', text);
    assert.match(p!.message, /containerd image store.*docker-container.*pulls the BuildKit image from a registry/s);
  }
  const build = dockerProblem(failed('{\n "vertexes": []\n}\n#5 ERROR: process "/bin/sh -c false" did not complete\nERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1\n'));
  assert.deepEqual(build, { kind: 'failed', message: 'docker failed: ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1' });
  assert.deepEqual(dockerProblem(failed('', 2)), { kind: 'failed', message: 'docker failed: exit code 2' });
  // Trivy's own failures are not read as docker's.
  assert.equal(dockerProblem(failed('FATAL Cannot connect to the Docker daemon'), 'trivy')?.kind, 'failed');
});
