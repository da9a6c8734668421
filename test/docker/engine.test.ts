/**
 * Smoke test of the real test engine (scripts/docker/engine.sh): BuildKit builds with a cache
 * mount, layer sizes from `docker history`, a fully cached rebuild, and the .dockerignore
 * semantics table replayed against the engine. Skipped, with the reason, when no engine is
 * configured. Run:
 *   bash scripts/docker/engine.sh setup && eval "$(bash scripts/docker/engine.sh start)"
 *   node --import tsx --test test/docker/engine.test.ts
 *   bash scripts/docker/engine.sh stop
 * Sizes differ between image stores: the assertions are relations, not constants.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOCKERIGNORE_SEMANTICS } from '../fixtures/dockerignoreSemantics';
import { build, docker, dockerEngine, ensureBusyboxImage, instructionSteps, mapLimit, replayDockerignoreRow, tempDir, writeFiles, type DockerEngine } from './dockerEngine';

const found = dockerEngine();
const skip = 'skip' in found ? found.skip : false;
if (skip) console.log(`docker engine tests skipped: ${skip}`);
const engine = found as DockerEngine;

/** Rows of the .dockerignore table to replay (all by default; LAYERWISE_DOCKERIGNORE_ROWS=n for the first n, at least 10). */
const ROWS = Math.max(10, Number(process.env.LAYERWISE_DOCKERIGNORE_ROWS) || DOCKERIGNORE_SEMANTICS.length);

interface HistoryRow {
  CreatedBy: string;
  Size: string;
  ID: string;
}

const BIG = 600_000;

test('the engine answers and has buildx with the containerd image store', { skip }, async () => {
  const v = await docker(engine, ['version', '--format', '{{.Server.Version}}']);
  assert.equal(v.code, 0, v.stderr);
  const bx = await docker(engine, ['buildx', 'version']);
  assert.equal(bx.code, 0, `docker buildx is missing (DOCKER_CONFIG/cli-plugins/docker-buildx?): ${bx.stderr}`);
  const info = await docker(engine, ['info', '--format', '{{json .DriverStatus}}']);
  assert.equal(info.code, 0, info.stderr);
  assert.match(info.stdout, /io\.containerd\.snapshotter/, 'the containerd image store is off: local cache export will not work');
});

test('BuildKit build from scratch with busybox and a cache mount; layer sizes; fully cached rebuild', { skip }, async (t) => {
  const dir = tempDir('build');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const tag = `layerwise-test/smoke:${process.pid}`;
  t.after(() => docker(engine, ['image', 'rm', '--force', tag]));
  fs.copyFileSync(engine.busybox, path.join(dir, 'busybox'));
  fs.chmodSync(path.join(dir, 'busybox'), 0o755);
  writeFiles(dir, {
    // A fresh nonce: the first build cannot be served from an earlier run's cache.
    nonce: crypto.randomUUID(),
    Dockerfile: [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'COPY nonce /nonce',
      'RUN ["/bin/busybox", "sh", "-c", "echo hi > /hello"]',
      // The cache mount outlives the build: its counter file grows by one line per real run.
      `RUN --mount=type=cache,target=/cache ["/bin/busybox", "sh", "-c", "echo run >> /cache/runs; /bin/busybox wc -l < /cache/runs; /bin/busybox head -c ${BIG} /dev/urandom > /big"]`,
      '',
    ].join('\n'),
  });

  const first = await build(engine, { context: dir, tag });
  assert.equal(first.code, 0, first.stderr.slice(-3000));
  const steps1 = instructionSteps(first.steps);
  const text = steps1.map((s) => s.name.replace(/^\[[^\]]*\] /, ''));
  assert.deepEqual(text.slice(0, 3), ['COPY busybox /bin/busybox', 'COPY nonce /nonce', 'RUN ["/bin/busybox", "sh", "-c", "echo hi > /hello"]']);
  assert.equal(text.length, 4);
  assert.match(text[3], /^RUN --mount=type=cache,target=\/cache /);
  assert.ok(steps1.every((s) => s.completed && !s.error));
  assert.equal(steps1[1].cached, false, 'the nonce COPY ran');
  assert.equal(steps1[3].cached, false, 'the cache-mount RUN ran');
  const runs1 = Number(steps1[3].log.trim());
  assert.ok(runs1 >= 1, `RUN output read from the rawjson logs: ${JSON.stringify(steps1[3].log)}`);

  // docker history: one row per instruction, newest first, exact byte sizes.
  const h = await docker(engine, ['history', '--no-trunc', '--human=false', '--format', '{{json .}}', tag]);
  assert.equal(h.code, 0, h.stderr);
  const history = h.stdout.trim().split('\n').map((l) => JSON.parse(l) as HistoryRow);
  assert.equal(history.length, 4, h.stdout);
  const size = (re: RegExp) => {
    const row = history.find((r) => re.test(r.CreatedBy));
    assert.ok(row, `no history row matches ${re}: ${h.stdout}`);
    assert.match(row.Size, /^\d+$/, 'exact bytes with --human=false');
    return Number(row.Size);
  };
  const busyboxBytes = fs.statSync(engine.busybox).size;
  const sBusybox = size(/^COPY busybox \/bin\/busybox/);
  const sHello = size(/echo hi > \/hello/);
  const sBig = size(/head -c \d+ \/dev\/urandom/);
  assert.ok(sBig >= BIG, `the random-data RUN layer holds ${BIG} bytes, history says ${sBig}`);
  assert.ok(sBusybox >= busyboxBytes, `the busybox COPY layer holds the binary (${busyboxBytes}), history says ${sBusybox}`);
  assert.ok(sHello < sBusybox && sHello < sBig, 'the echo layer is the smallest of the three');

  // docker image inspect: one diff ID per layer-making instruction.
  const i = await docker(engine, ['image', 'inspect', tag]);
  assert.equal(i.code, 0, i.stderr);
  const [image] = JSON.parse(i.stdout) as { Size: number; RootFS: { Layers: string[] } }[];
  assert.equal(image.RootFS.Layers.length, 4);
  assert.ok(image.RootFS.Layers.every((d) => /^sha256:[0-9a-f]{64}$/.test(d)));
  assert.ok(image.Size > 0);

  // Same context again: every instruction comes from the cache.
  const second = await build(engine, { context: dir, tag });
  assert.equal(second.code, 0, second.stderr.slice(-3000));
  const steps2 = instructionSteps(second.steps);
  assert.equal(steps2.length, 4);
  assert.deepEqual(steps2.filter((s) => !s.cached).map((s) => s.name), [], 'all steps cached');

  // A new nonce re-runs the tail; the cache mount kept the previous run's file.
  fs.writeFileSync(path.join(dir, 'nonce'), crypto.randomUUID());
  const third = await build(engine, { context: dir, tag });
  assert.equal(third.code, 0, third.stderr.slice(-3000));
  const steps3 = instructionSteps(third.steps);
  assert.deepEqual(steps3.map((s) => s.cached), [true, false, false, false]);
  assert.equal(Number(steps3[3].log.trim()), runs1 + 1, 'the cache mount persisted between builds');
});

test('.dockerignore semantics table replayed against the engine', { skip, timeout: 600_000 }, async (t) => {
  const base = await ensureBusyboxImage(engine);
  const rows = DOCKERIGNORE_SEMANTICS.slice(0, ROWS);
  const verdicts = await mapLimit(rows, 4, (row) => replayDockerignoreRow(engine, row, base));
  const disagreements = rows
    .map((row, k) => ({ row, got: verdicts[k] }))
    .filter(({ row, got }) => got.ignored !== row.ignored)
    .map(({ row, got }) => `${JSON.stringify(row.lines)} ${row.path}: table says ${row.ignored ? 'ignored' : 'sent'}, engine ${got.ignored ? 'ignored' : 'sent'} (${row.source})`);
  t.diagnostic(`${rows.length} of ${DOCKERIGNORE_SEMANTICS.length} rows replayed, ${disagreements.length} disagree`);
  assert.deepEqual(disagreements, [], `${disagreements.length} of ${rows.length} rows disagree with the engine`);
  // The probe really sees sent files: some rows keep their path in the context.
  assert.ok(verdicts.some((v) => !v.ignored) && verdicts.some((v) => v.ignored));
});
