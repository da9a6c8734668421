/**
 * The command logic of issue #6 (client/docker/*) against the real test engine
 * (scripts/docker/engine.sh): a build with a local cache export, the builder pruned, a rebuild
 * that imports the cache, per-instruction timing after a change, layer mapping, cancelling a
 * build, a missing daemon, and a Trivy scan replayed by a fake `trivy` from the image's real
 * diff IDs. Skipped, with the reason, when no engine is configured.
 * Sizes differ between image stores: relations and mappings are asserted, not constants.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildArgs, commitLocalCache, discardLocalCache, localCache, type CacheSetting } from '../../client/docker/buildArgs';
import { dockerProblem, runTool, type ToolRun } from '../../client/docker/exec';
import { mapLayers, parseHistory, type LayerRow } from '../../client/docker/layers';
import { BuildProgress, RawJsonParser, instructionTimings, stepLabel } from '../../client/docker/rawjson';
import { mapVulnerabilities, trivyArgs } from '../../client/docker/trivy';
import { parseDockerfile } from '../../rules/dockerfile/model';
import { docker, dockerEngine, ensureBusyboxImage, tempDir, writeFiles, type DockerEngine } from './dockerEngine';

const found = dockerEngine();
const skip = 'skip' in found ? found.skip : false;
if (skip) console.log(`docker command tests skipped: ${skip}`);
const engine = found as DockerEngine;

const BIG = 600_000;

interface Built {
  run: ToolRun;
  progress: BuildProgress;
}

/** A build as the command runs it: buildArgs + runTool, the rawjson stream parsed as it arrives. */
async function buildWith(o: { dir: string; tag: string; cache: CacheSetting; signal?: AbortSignal; onProgress?(p: BuildProgress): void; onSpawn?(pid: number): void }): Promise<Built> {
  const progress = new BuildProgress();
  const parser = new RawJsonParser();
  const args = buildArgs({ dockerfile: path.join(o.dir, 'Dockerfile'), context: o.dir, tag: o.tag, cache: o.cache });
  const run = await runTool(engine.cli, args, {
    env: engine.env,
    signal: o.signal,
    onSpawn: o.onSpawn,
    onStderr: (chunk) => {
      for (const s of parser.push(chunk)) progress.update(s);
      o.onProgress?.(progress);
    },
  });
  return { run, progress };
}

const tail = (r: ToolRun) => r.stderr.slice(-3000);

test('build with a local cache export, prune, rebuild from the cache, timings after a change, layer mapping, trivy replay', { skip, timeout: 600_000 }, async (t) => {
  const base = await ensureBusyboxImage(engine);
  const root = tempDir('commands');
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const dir = path.join(root, 'ctx');
  const tag = `layerwise-test/commands:${process.pid}`;
  t.after(() => docker(engine, ['image', 'rm', '--force', tag]));
  const dockerfile = [
    `FROM ${base}`,
    'COPY nonce /nonce',
    `RUN head -c ${BIG} /dev/urandom > /big`,
    'ENV MODE=test',
    'COPY app.txt /app/app.txt',
    'RUN cat /app/app.txt /nonce > /app/copy',
    '',
  ].join('\n');
  // A fresh nonce: no earlier run's cache can serve the first build.
  writeFiles(dir, { Dockerfile: dockerfile, nonce: crypto.randomUUID(), 'app.txt': 'one\n' });
  const model = parseDockerfile(dockerfile);
  const cacheDir = path.join(root, 'cache');

  // 1. First build: nothing cached; the cache goes to a fresh folder, swapped in afterwards.
  const c1 = localCache(cacheDir);
  const first = await buildWith({ dir, tag, cache: c1 });
  assert.equal(first.run.code, 0, tail(first.run));
  assert.equal(dockerProblem(first.run), undefined);
  assert.ok(fs.existsSync(path.join(c1.newDir, 'index.json')), 'the cache was exported to the fresh folder');
  commitLocalCache(c1);
  assert.ok(fs.existsSync(path.join(cacheDir, 'index.json')) && !fs.existsSync(c1.newDir));
  const s1 = first.progress.summary();
  assert.equal(s1.total, 4, JSON.stringify(first.progress.instructionSteps().map((s) => s.name)));
  assert.equal(s1.done, 4);
  assert.equal(s1.cached, 0);

  // 2. The builder's cache pruned: only the exported folder can make the next build fast.
  const prune = await runTool(engine.cli, ['buildx', 'prune', '-af'], { env: engine.env });
  assert.equal(prune.code, 0, prune.stderr);
  const c2 = localCache(cacheDir);
  const second = await buildWith({ dir, tag, cache: c2 });
  assert.equal(second.run.code, 0, tail(second.run));
  commitLocalCache(c2);
  assert.deepEqual(second.progress.summary(), { total: 4, done: 4, cached: 4 }, 'every step from the imported cache');
  assert.deepEqual(
    instructionTimings(second.progress.steps(), model).map((x) => [x.line, x.cached]),
    [[0, false], [1, true], [2, true], [4, true], [5, true]],
    'FROM resolves the base image (never "cached"); every other step is',
  );

  // 3. One COPY'd file changes: its step and the ones after it run, the ones before come from the cache.
  fs.writeFileSync(path.join(dir, 'app.txt'), 'two\n');
  const c3 = localCache(cacheDir);
  const third = await buildWith({ dir, tag, cache: c3 });
  assert.equal(third.run.code, 0, tail(third.run));
  commitLocalCache(c3);
  const timings = instructionTimings(third.progress.steps(), model);
  const byLine = new Map(timings.map((x) => [x.line, x]));
  assert.deepEqual([1, 2, 4, 5].map((l) => byLine.get(l)?.cached), [true, true, false, false], JSON.stringify(timings));
  assert.equal(byLine.has(3), false, 'ENV makes no step');
  assert.equal(typeof byLine.get(4)?.ms, 'number');
  assert.deepEqual(third.progress.summary(), { total: 4, done: 4, cached: 2 });
  assert.deepEqual(fs.readdirSync(root).sort(), ['cache', 'ctx'], 'old cache folders do not pile up');

  // 4. Layer sizes: each layer on the instruction that made it, the big one on its RUN; the base grouped on FROM.
  const h = await runTool(engine.cli, ['history', '--no-trunc', '--human=false', '--format', '{{json .}}', tag], { env: engine.env });
  assert.equal(h.code, 0, h.stderr);
  const i = await runTool(engine.cli, ['image', 'inspect', tag], { env: engine.env });
  assert.equal(i.code, 0, i.stderr);
  const [inspect] = JSON.parse(i.stdout) as { RootFS: { Layers: string[] } }[];
  const rows = mapLayers(parseHistory(h.stdout), inspect, model);
  assert.deepEqual(rows.map((r) => [r.line, r.base]), [[0, true], [1, false], [2, false], [3, false], [4, false], [5, false]]);
  const own = rows.filter((r) => !r.base);
  const biggest = own.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  assert.equal(biggest.line, 2, `the big layer lands on its RUN: ${JSON.stringify(rows)}`);
  assert.ok(biggest.bytes >= BIG);
  assert.equal(rows[0].diffIds?.length, 2, 'busybox base: two layers grouped');
  assert.ok(rows[0].bytes > 1_000_000, 'the base row holds the busybox binary');
  assert.equal(rows[3].emptyLayer, true);
  const layerOf = (line: number): LayerRow => rows.find((r) => r.line === line && !r.base)!;
  assert.deepEqual([...rows[0].diffIds!, ...[1, 2, 4, 5].map((l) => layerOf(l).diffId)], inspect.RootFS.Layers);

  // 5. A scan: a fake trivy on PATH replays a report built from the image's real diff IDs.
  const bin = path.join(root, 'bin');
  const report = {
    SchemaVersion: 2,
    ArtifactName: tag,
    Results: [
      {
        Target: `${tag} (busybox)`,
        Class: 'os-pkgs',
        Vulnerabilities: [
          { VulnerabilityID: 'CVE-2099-0001', PkgName: 'bigdata', InstalledVersion: '1.0', FixedVersion: '1.1', Severity: 'HIGH', Title: 'big', Layer: { DiffID: layerOf(2).diffId } },
          { VulnerabilityID: 'CVE-2099-0002', PkgName: 'busybox', InstalledVersion: '1.37.0', Severity: 'CRITICAL', Layer: { DiffID: inspect.RootFS.Layers[0] } },
        ],
      },
    ],
  };
  writeFiles(bin, { 'report.json': JSON.stringify(report) });
  fs.writeFileSync(path.join(bin, 'trivy'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${bin}/args"\ncat "${bin}/report.json"\n`, { mode: 0o755 });
  const scan = await runTool('trivy', trivyArgs(tag, ['HIGH', 'CRITICAL']), { env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } });
  assert.equal(scan.code, 0, scan.stderr);
  assert.equal(dockerProblem(scan, 'trivy'), undefined);
  assert.deepEqual(fs.readFileSync(path.join(bin, 'args'), 'utf8').trim().split('\n'), ['image', '--format', 'json', '--quiet', '--severity', 'HIGH,CRITICAL', tag]);
  const findings = mapVulnerabilities(JSON.parse(scan.stdout), inspect, rows);
  assert.deepEqual(findings.map((f) => [f.id, f.line, f.base, f.fixed]), [['CVE-2099-0001', 2, false, '1.1'], ['CVE-2099-0002', 0, true, undefined]]);
});

test('real trivy, when installed, scans the busybox image', { skip: skip || (whichTrivy() ? false : 'trivy is not installed (and its database cannot be fetched offline)'), timeout: 300_000 }, async () => {
  const base = await ensureBusyboxImage(engine);
  const scan = await runTool(whichTrivy()!, trivyArgs(base, ['HIGH', 'CRITICAL']), { env: { ...engine.env, TRIVY_OFFLINE_SCAN: 'true' } });
  const problem = dockerProblem(scan, 'trivy');
  assert.equal(problem, undefined, problem?.message);
  const i = await docker(engine, ['image', 'inspect', base]);
  const h = await docker(engine, ['history', '--no-trunc', '--human=false', '--format', '{{json .}}', base]);
  const rows = mapLayers(parseHistory(h.stdout), JSON.parse(i.stdout)[0], parseDockerfile('FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\n'));
  assert.ok(Array.isArray(mapVulnerabilities(JSON.parse(scan.stdout), JSON.parse(i.stdout)[0], rows)));
});

function whichTrivy(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, 'trivy');
    if (dir && fs.existsSync(p)) return p;
  }
  return undefined;
}

/** Pids in process group `pgid` (pgrep -g), or [] when none. */
function groupPids(pgid: number): number[] {
  try {
    return execFileSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Pids whose command line matches `pattern` (pgrep -f), or [] when none. */
function matchingPids(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

test('cancelling a build mid-way kills its process group, and BuildKit stops the RUN', { skip, timeout: 300_000 }, async (t) => {
  const base = await ensureBusyboxImage(engine);
  const dir = tempDir('cancel');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // A unique sleep to find the RUN's process by; the nonce keeps the step out of any cache.
  const secs = 900_000 + Math.floor(Math.random() * 90_000);
  writeFiles(dir, { Dockerfile: [`FROM ${base}`, 'COPY nonce /nonce', `RUN echo started; sleep ${secs}`, ''].join('\n'), nonce: crypto.randomUUID() });
  const cache = localCache(path.join(dir, 'cache'));
  const ac = new AbortController();
  let pgid = 0;
  let sawRun = false;
  const started = Date.now();
  const built = await buildWith({
    dir,
    tag: `layerwise-test/cancel:${process.pid}`,
    cache,
    signal: ac.signal,
    onSpawn: (pid) => (pgid = pid),
    onProgress: (p) => {
      const run = p.steps().find((s) => stepLabel(s.name)?.text.startsWith('RUN echo started'));
      // Abort once the RUN has started and printed, so the container really runs.
      if (run?.started !== undefined && run.logs.includes('started') && !ac.signal.aborted) {
        sawRun = true;
        ac.abort();
      }
    },
  });
  discardLocalCache(cache);
  assert.ok(sawRun, `the RUN step started before the abort: ${tail(built.run)}`);
  assert.equal(built.run.cancelled, true);
  assert.equal(dockerProblem(built.run), undefined);
  assert.ok(Date.now() - started < 120_000);
  assert.ok(pgid > 0);
  assert.deepEqual(groupPids(pgid), [], 'no process of the build CLI group is left');
  // BuildKit cancels the solve when its client goes: the RUN's process goes too.
  let left = matchingPids(`sleep ${secs}`);
  for (let k = 0; k < 100 && left.length; k++) {
    await new Promise((r) => setTimeout(r, 200));
    left = matchingPids(`sleep ${secs}`);
  }
  assert.deepEqual(left, [], 'the RUN step was stopped');
});

test('a missing daemon gives the daemon-down problem with a clear message', { skip, timeout: 60_000 }, async () => {
  const env = { ...engine.env, DOCKER_HOST: `unix:///tmp/layerwise-no-daemon-${process.pid}.sock` };
  const version = await runTool(engine.cli, ['version', '--format', '{{.Server.Version}}'], { env });
  const p = dockerProblem(version);
  assert.equal(p?.kind, 'daemon-down', version.stderr);
  assert.match(p!.message, /Docker daemon is not running or not reachable.*layerwise-no-daemon.*Start Docker/s);
  const dir = tempDir('nodaemon');
  try {
    writeFiles(dir, { Dockerfile: 'FROM scratch\n' });
    const build = await runTool(engine.cli, buildArgs({ dockerfile: path.join(dir, 'Dockerfile'), context: dir, tag: 'x:y', cache: { kind: 'none' } }), { env });
    assert.notEqual(build.code, 0);
    assert.equal(dockerProblem(build)?.kind, 'daemon-down', build.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The classic image store (what most engines still run): the default builder cannot export
// a local cache. run-tests.sh starts such an engine next to the main one.
const classicHost = process.env.LAYERWISE_DOCKER_HOST_CLASSIC;
const classicSkip = skip || (classicHost ? false : 'LAYERWISE_DOCKER_HOST_CLASSIC is not set: no classic-store engine (npm run test:docker starts one)');

test('on the classic image store a local cache export is refused, and the problem says what to do', { skip: classicSkip, timeout: 180_000 }, async () => {
  const env = { ...engine.env, DOCKER_HOST: classicHost };
  const dir = tempDir('classic');
  const cacheRoot = tempDir('classic-cache');
  try {
    writeFiles(dir, { Dockerfile: 'FROM scratch\nCOPY a.txt /a.txt\n', 'a.txt': 'a\n' });
    const args = (cache: CacheSetting) => buildArgs({ dockerfile: path.join(dir, 'Dockerfile'), context: dir, tag: 'layerwise-classic:test', cache });
    const cached = await runTool(engine.cli, args(localCache(path.join(cacheRoot, 'cache'))), { env });
    assert.notEqual(cached.code, 0, 'the default docker driver on the classic store should refuse a local cache export');
    const p = dockerProblem(cached);
    assert.equal(p?.kind, 'cache-export-unsupported', cached.stderr);
    assert.match(p!.message, /containerd image store.*docker-container.*pulls the BuildKit image from a registry/s);
    // The same build without the cache export works: it is the export, nothing else.
    const plain = await runTool(engine.cli, args({ kind: 'none' }), { env });
    assert.equal(plain.code, 0, plain.stderr.slice(-2000));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheRoot, { recursive: true, force: true });
  }
});
