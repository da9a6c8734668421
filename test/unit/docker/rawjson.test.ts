/**
 * rawjson progress: the splitter over every chunk boundary, step merging, and the mapping of
 * step names to Dockerfile lines. CAPTURE is a real `docker buildx build --progress=rawjson`
 * stream of DOCKERFILE from the test engine (BuildKit 0.13, docker 26.1), its `statuses`
 * (transfer counters) and `inputs` dropped to keep it short.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuildProgress, RawJsonParser, instructionTimings, stepLabel, type SolveStatus } from '../../../client/docker/rawjson';
import { parseDockerfile } from '../../../rules/dockerfile/model';

const DOCKERFILE = 'FROM layerwise-test/busybox:1 AS build\nWORKDIR /app\nCOPY a.txt ./\nRUN echo built; head -c 300000 /dev/urandom > /big\n\nFROM build\nENV X=1\nRUN echo done > /done\n';
const CAPTURE: SolveStatus[] = [{"vertexes":[{"digest":"sha256:3d86f88ddc4bbbd9fb05654089011dcdc7f9cfc20e26bc2c1d5e38e68c96a1da","name":"[internal] load build definition from Dockerfile"}]},{"vertexes":[{"digest":"sha256:3d86f88ddc4bbbd9fb05654089011dcdc7f9cfc20e26bc2c1d5e38e68c96a1da","name":"[internal] load build definition from Dockerfile","started":"2026-11-27T13:50:06.46379473Z","completed":"2026-11-27T13:50:06.464303971Z"},{"digest":"sha256:3d86f88ddc4bbbd9fb05654089011dcdc7f9cfc20e26bc2c1d5e38e68c96a1da","name":"[internal] load build definition from Dockerfile","started":"2026-11-27T13:50:06.464912516Z"}]},{"vertexes":[{"digest":"sha256:3d86f88ddc4bbbd9fb05654089011dcdc7f9cfc20e26bc2c1d5e38e68c96a1da","name":"[internal] load build definition from Dockerfile","started":"2026-11-27T13:50:06.464912516Z","completed":"2026-11-27T13:50:06.471054854Z"}]},{"vertexes":[{"digest":"sha256:2f079c2501447b51b8e57729a8150ec90e57244aab393e580ea153c319fced76","name":"[internal] load metadata for docker.io/layerwise-test/busybox:1","started":"2026-11-27T13:50:06.474773421Z"}]},{"vertexes":[{"digest":"sha256:5deb6189b33bf120ff39b548909b188afdb87eaf25e883ed880701117a8ca196","name":"[internal] load .dockerignore"},{"digest":"sha256:2f079c2501447b51b8e57729a8150ec90e57244aab393e580ea153c319fced76","name":"[internal] load metadata for docker.io/layerwise-test/busybox:1","started":"2026-11-27T13:50:06.474773421Z","completed":"2026-11-27T13:50:06.497422314Z"}]},{"vertexes":[{"digest":"sha256:5deb6189b33bf120ff39b548909b188afdb87eaf25e883ed880701117a8ca196","name":"[internal] load .dockerignore","started":"2026-11-27T13:50:06.498183133Z","completed":"2026-11-27T13:50:06.498217888Z"},{"digest":"sha256:5deb6189b33bf120ff39b548909b188afdb87eaf25e883ed880701117a8ca196","name":"[internal] load .dockerignore","started":"2026-11-27T13:50:06.498330398Z"}]},{"vertexes":[{"digest":"sha256:5deb6189b33bf120ff39b548909b188afdb87eaf25e883ed880701117a8ca196","name":"[internal] load .dockerignore","started":"2026-11-27T13:50:06.498330398Z","completed":"2026-11-27T13:50:06.502570168Z"}]},{"vertexes":[{"digest":"sha256:6b3f396f6d96230efbad4c913c681987089e26c16755a2631017b61bb1f6b674","name":"[stage-1 1/1] RUN echo done > /done"},{"digest":"sha256:65eeee6cbfb724eac7b9b93c357d4c6b5ac5e35150452f0c27a41360eb125ebd","name":"[build 4/4] RUN echo built; head -c 300000 /dev/urandom > /big"},{"digest":"sha256:9de0638a045d9b594f0c2ea60f6c97c82e1ca3ef1bb24b5e8b985a18236b7843","name":"[build 3/4] COPY a.txt ./"},{"digest":"sha256:9d5782cb3930ba85971655af21e06a93d8526582acf53f3e7b4f7e97aad429e0","name":"[internal] load build context"},{"digest":"sha256:e61dcca153fb75ed64a63a889cea20d578758fc06025085cc5377aa009f9c7dc","name":"[build 2/4] WORKDIR /app"},{"digest":"sha256:36361a704315a288f6e08632b5e684476cb20b5c034738216a1b33f474f6785e","name":"[build 1/4] FROM docker.io/layerwise-test/busybox:1@sha256:0e26738354ea0587a139c8dd948d146c8d86be1eee35f7195eef051f55fbc3f6"}]},{"vertexes":[{"digest":"sha256:36361a704315a288f6e08632b5e684476cb20b5c034738216a1b33f474f6785e","name":"[build 1/4] FROM docker.io/layerwise-test/busybox:1@sha256:0e26738354ea0587a139c8dd948d146c8d86be1eee35f7195eef051f55fbc3f6","started":"2026-11-27T13:50:06.507134974Z"},{"digest":"sha256:9d5782cb3930ba85971655af21e06a93d8526582acf53f3e7b4f7e97aad429e0","name":"[internal] load build context","started":"2026-11-27T13:50:06.507709205Z","completed":"2026-11-27T13:50:06.507746625Z"}]},{"vertexes":[{"digest":"sha256:36361a704315a288f6e08632b5e684476cb20b5c034738216a1b33f474f6785e","name":"[build 1/4] FROM docker.io/layerwise-test/busybox:1@sha256:0e26738354ea0587a139c8dd948d146c8d86be1eee35f7195eef051f55fbc3f6","started":"2026-11-27T13:50:06.507134974Z","completed":"2026-11-27T13:50:06.53388032Z"}]},{"vertexes":[{"digest":"sha256:9d5782cb3930ba85971655af21e06a93d8526582acf53f3e7b4f7e97aad429e0","name":"[internal] load build context","started":"2026-11-27T13:50:06.534251422Z"}]},{"vertexes":[{"digest":"sha256:9d5782cb3930ba85971655af21e06a93d8526582acf53f3e7b4f7e97aad429e0","name":"[internal] load build context","started":"2026-11-27T13:50:06.534251422Z","completed":"2026-11-27T13:50:06.542206723Z"}]},{"vertexes":[{"digest":"sha256:e61dcca153fb75ed64a63a889cea20d578758fc06025085cc5377aa009f9c7dc","name":"[build 2/4] WORKDIR /app","started":"2026-11-27T13:50:06.543913678Z","completed":"2026-11-27T13:50:06.5439736Z","cached":true},{"digest":"sha256:9de0638a045d9b594f0c2ea60f6c97c82e1ca3ef1bb24b5e8b985a18236b7843","name":"[build 3/4] COPY a.txt ./","started":"2026-11-27T13:50:06.544103071Z"}]},{"vertexes":[{"digest":"sha256:9de0638a045d9b594f0c2ea60f6c97c82e1ca3ef1bb24b5e8b985a18236b7843","name":"[build 3/4] COPY a.txt ./","started":"2026-11-27T13:50:06.544103071Z","completed":"2026-11-27T13:50:06.573713902Z"}]},{"vertexes":[{"digest":"sha256:65eeee6cbfb724eac7b9b93c357d4c6b5ac5e35150452f0c27a41360eb125ebd","name":"[build 4/4] RUN echo built; head -c 300000 /dev/urandom > /big","started":"2026-11-27T13:50:06.575826603Z"}]},{"logs":[{"vertex":"sha256:65eeee6cbfb724eac7b9b93c357d4c6b5ac5e35150452f0c27a41360eb125ebd","stream":1,"data":"YnVpbHQK"}]},{"vertexes":[{"digest":"sha256:65eeee6cbfb724eac7b9b93c357d4c6b5ac5e35150452f0c27a41360eb125ebd","name":"[build 4/4] RUN echo built; head -c 300000 /dev/urandom > /big","started":"2026-11-27T13:50:06.575826603Z","completed":"2026-11-27T13:50:06.83003491Z"}]},{"vertexes":[{"digest":"sha256:6b3f396f6d96230efbad4c913c681987089e26c16755a2631017b61bb1f6b674","name":"[stage-1 1/1] RUN echo done > /done","started":"2026-11-27T13:50:06.832171826Z"}]},{"vertexes":[{"digest":"sha256:6b3f396f6d96230efbad4c913c681987089e26c16755a2631017b61bb1f6b674","name":"[stage-1 1/1] RUN echo done > /done","started":"2026-11-27T13:50:06.832171826Z","completed":"2026-11-27T13:50:07.119435315Z"}]},{"vertexes":[{"digest":"sha256:3ff52d14a5478d58e3fe25cd28015848b95067be56c21deddb83cfe55ae81601","name":"exporting to image","started":"2026-11-27T13:50:07.125025654Z"}]},{"vertexes":[{"digest":"sha256:3ff52d14a5478d58e3fe25cd28015848b95067be56c21deddb83cfe55ae81601","name":"exporting to image","started":"2026-11-27T13:50:07.125025654Z","completed":"2026-11-27T13:50:07.406164854Z"}]}];

/** As buildx prints it: pretty-printed objects, with some text of its own between them. */
const STREAM = 'WARNING: some buildx message {not json}\n' + CAPTURE.map((s) => JSON.stringify(s, null, 2)).join('\n') + '\n';

test('RawJsonParser: the whole stream at once gives every object', () => {
  const got = new RawJsonParser().push(STREAM);
  assert.deepEqual(got, CAPTURE);
});

test('RawJsonParser: same objects whatever the chunk boundaries (every split point, and 1-char chunks)', () => {
  const sample = 'buildx says {hi}\n' + CAPTURE.slice(0, 4).map((s) => JSON.stringify(s, null, 2)).join('\n');
  const whole = new RawJsonParser().push(sample);
  assert.deepEqual(whole, CAPTURE.slice(0, 4));
  for (let cut = 0; cut <= sample.length; cut++) {
    const p = new RawJsonParser();
    assert.deepEqual([...p.push(sample.slice(0, cut)), ...p.push(sample.slice(cut))], whole, `cut at ${cut}`);
  }
  const p = new RawJsonParser();
  const byChar = [...STREAM].flatMap((c) => p.push(c));
  assert.deepEqual(byChar, CAPTURE);
});

test('RawJsonParser: braces and escaped quotes inside strings, split right after a backslash', () => {
  const obj = { logs: [{ vertex: 'v', data: 'x' }], vertexes: [{ digest: 'd', name: 'RUN echo "}{" \\" { \\\\' }] };
  const text = JSON.stringify(obj, null, 2);
  const backslash = text.indexOf('\\');
  for (const cut of [backslash, backslash + 1, text.indexOf('}{')]) {
    const p = new RawJsonParser();
    assert.deepEqual([...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))], [obj]);
  }
  // Not JSON after all: dropped, the next object still parsed.
  assert.deepEqual(new RawJsonParser().push('{ broken ] }\n{"vertexes":[]}'), [{ vertexes: [] }]);
});

test('stepLabel: stage, padded numbers, platform prefix', () => {
  assert.deepEqual(stepLabel('[build 2/4] WORKDIR /app'), { stage: 'build', platform: undefined, n: 2, total: 4, text: 'WORKDIR /app' });
  assert.deepEqual(stepLabel('[stage-1  3/12] RUN x'), { stage: 'stage-1', platform: undefined, n: 3, total: 12, text: 'RUN x' });
  assert.deepEqual(stepLabel('[linux/arm64 build 1/2] COPY . .'), { stage: 'build', platform: 'linux/arm64', n: 1, total: 2, text: 'COPY . .' });
  assert.equal(stepLabel('[internal] load build context'), undefined);
  assert.equal(stepLabel('exporting to image'), undefined);
});

test('BuildProgress over the captured build: steps, logs, summary', () => {
  const progress = new BuildProgress();
  for (const s of new RawJsonParser().push(STREAM)) progress.update(s);
  const names = progress.instructionSteps().map((s) => s.name);
  assert.deepEqual(names.sort(), [
    '[build 1/4] FROM docker.io/layerwise-test/busybox:1@sha256:0e26738354ea0587a139c8dd948d146c8d86be1eee35f7195eef051f55fbc3f6',
    '[build 2/4] WORKDIR /app',
    '[build 3/4] COPY a.txt ./',
    '[build 4/4] RUN echo built; head -c 300000 /dev/urandom > /big',
    '[stage-1 1/1] RUN echo done > /done',
  ]);
  const run = progress.steps().find((s) => s.name.includes('echo built'));
  assert.ok(run && run.started !== undefined && run.completed !== undefined && run.completed >= run.started);
  assert.equal(run.logs, 'built\n');
  assert.equal(run.cached, false);
  assert.equal(progress.steps().find((s) => s.name.includes('WORKDIR'))?.cached, true);
  // FROM is not counted; WORKDIR came from the cache.
  assert.deepEqual(progress.summary(), { total: 4, done: 4, cached: 1 });
  assert.ok(progress.steps().some((s) => s.name === 'exporting to image'));
});

test('BuildProgress: progress mid-way, errors', () => {
  const p = new BuildProgress();
  p.update({ vertexes: [{ digest: 'a', name: '[1/2] COPY x /x' }, { digest: 'b', name: '[2/2] RUN false' }] });
  assert.deepEqual(p.summary(), { total: 2, done: 0, cached: 0 });
  p.update({ vertexes: [{ digest: 'a', started: '2024-01-01T00:00:00Z', completed: '2024-01-01T00:00:01Z', cached: true }] });
  p.update({ vertexes: [{ digest: 'b', started: '2024-01-01T00:00:01Z', completed: '2024-01-01T00:00:02Z', error: 'exit code: 1' }] });
  assert.deepEqual(p.summary(), { total: 2, done: 1, cached: 1 });
  assert.equal(p.steps()[1].error, 'exit code: 1');
  assert.equal(p.steps()[0].name, '[1/2] COPY x /x', 'a later update without a name keeps it');
});

test('instructionTimings: captured steps on their lines, cached or timed', () => {
  const progress = new BuildProgress();
  for (const s of new RawJsonParser().push(STREAM)) progress.update(s);
  const t = instructionTimings(progress.steps(), parseDockerfile(DOCKERFILE));
  assert.deepEqual(
    t.map((x) => [x.line, x.cached, typeof x.ms]),
    [
      [0, false, 'number'],
      [1, true, 'undefined'],
      [2, false, 'number'],
      [3, false, 'number'],
      [7, false, 'number'],
    ],
  );
});

test('instructionTimings: unnamed stages, stage-N for a named stage by index, scratch, no ENV/ARG steps', () => {
  const model = parseDockerfile(['FROM scratch AS Base', 'ARG A', 'COPY a /a', 'ENV B=1', 'RUN x', 'FROM alpine', 'COPY --from=base /a /a', ''].join('\n'));
  const step = (name: string, cached: boolean) => ({ digest: name, name, cached, logs: '', started: 0, completed: 5 });
  const t = instructionTimings([step('[base 1/2] COPY a /a', true), step('[base 2/2] RUN x', false), step('[stage-1 1/2] FROM docker.io/library/alpine:latest', false), step('[stage-1 2/2] COPY --from=base /a /a', false), step('[other 1/1] RUN y', false)], model);
  assert.deepEqual(t, [
    { line: 2, cached: true },
    { line: 4, cached: false, ms: 5 },
    { line: 5, cached: false, ms: 5 },
    { line: 6, cached: false, ms: 5 },
  ]);
});

test('instructionTimings: numbering that disagrees falls back to the k-th instruction with the keyword', () => {
  const model = parseDockerfile(['FROM scratch', 'COPY a /a', 'RUN x', 'RUN y', ''].join('\n'));
  const step = (name: string) => ({ digest: name, name, cached: true, logs: '' });
  // As if some other instruction were numbered too.
  const t = instructionTimings([step('[stage-0 2/4] COPY a /a'), step('[stage-0 3/4] RUN x'), step('[stage-0 4/4] RUN y')], model);
  assert.deepEqual(t.map((x) => x.line), [1, 2, 3]);
});

test('instructionTimings: a single unnamed stage has no label in its step names', () => {
  const model = parseDockerfile(['FROM busybox', 'COPY a /a', 'RUN x', ''].join('\n'));
  const step = (name: string, cached: boolean) => ({ digest: name, name, cached, logs: '', started: 10, completed: 12 });
  const t = instructionTimings([step('[1/3] FROM docker.io/library/busybox:latest', false), step('[2/3] COPY a /a', true), step('[3/3] RUN x', false)], model);
  assert.deepEqual(t, [{ line: 0, cached: false, ms: 2 }, { line: 1, cached: true }, { line: 2, cached: false, ms: 2 }]);
  // Two stages: an unlabeled step cannot be placed.
  assert.deepEqual(instructionTimings([step('[2/3] COPY a /a', true)], parseDockerfile('FROM a\nCOPY a /a\nFROM b\n')), []);
});
