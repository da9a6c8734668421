/**
 * Layer mapping, Trivy report mapping, build history and humanSize. HISTORY and LAYERS are real
 * `docker history --no-trunc --human=false --format '{{json .}}'` and RootFS.Layers output of
 * DOCKERFILE built on the test engine (base: a local busybox image, two layers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanSize, mapLayers, parseHistory } from '../../../client/docker/layers';
import { mapVulnerabilities, trivyArgs, vulnMessage } from '../../../client/docker/trivy';
import { addRecord, historyTable, trend, type BuildRecord } from '../../../client/docker/buildHistory';
import { parseDockerfile } from '../../../rules/dockerfile/model';

const DOCKERFILE = 'FROM layerwise-test/busybox:1 AS build\nWORKDIR /app\nCOPY a.txt ./\nRUN echo built; head -c 300000 /dev/urandom > /big\n\nFROM build\nENV X=1\nRUN echo done > /done\n';
const HISTORY = "{\"Comment\":\"buildkit.dockerfile.v0\",\"CreatedAt\":\"2026-11-27T13:50:07Z\",\"CreatedBy\":\"RUN /bin/sh -c echo done \\u003e /done # buildkit\",\"CreatedSince\":\"2026-11-27T13:50:07Z\",\"ID\":\"sha256:5ee6769ccf7cbf2fcc42d30bcd10db1aca6e2db52b1150d33075b395b9726aa9\",\"Size\":\"8192\"}\n{\"Comment\":\"buildkit.dockerfile.v0\",\"CreatedAt\":\"2026-11-27T13:50:07Z\",\"CreatedBy\":\"ENV X=1\",\"CreatedSince\":\"2026-11-27T13:50:07Z\",\"ID\":\"\\u003cmissing\\u003e\",\"Size\":\"0\"}\n{\"Comment\":\"buildkit.dockerfile.v0\",\"CreatedAt\":\"2026-11-27T13:50:06Z\",\"CreatedBy\":\"RUN /bin/sh -c echo built; head -c 300000 /dev/urandom \\u003e /big # buildkit\",\"CreatedSince\":\"2026-11-27T13:50:06Z\",\"ID\":\"\\u003cmissing\\u003e\",\"Size\":\"307200\"}\n{\"Comment\":\"buildkit.dockerfile.v0\",\"CreatedAt\":\"2026-11-27T13:50:06Z\",\"CreatedBy\":\"COPY a.txt ./ # buildkit\",\"CreatedSince\":\"2026-11-27T13:50:06Z\",\"ID\":\"\\u003cmissing\\u003e\",\"Size\":\"12288\"}\n{\"Comment\":\"buildkit.dockerfile.v0\",\"CreatedAt\":\"2026-11-27T13:47:07Z\",\"CreatedBy\":\"WORKDIR /app\",\"CreatedSince\":\"2026-11-27T13:47:07Z\",\"ID\":\"\\u003cmissing\\u003e\",\"Size\":\"8192\"}\n{\"Comment\":\"buildkit.dockerfile.v0\",\"CreatedAt\":\"2026-11-27T13:47:06Z\",\"CreatedBy\":\"RUN /bin/busybox --install -s /bin # buildkit\",\"CreatedSince\":\"2026-11-27T13:47:06Z\",\"ID\":\"\\u003cmissing\\u003e\",\"Size\":\"20480\"}\n{\"Comment\":\"buildkit.dockerfile.v0\",\"CreatedAt\":\"2026-11-27T13:47:06Z\",\"CreatedBy\":\"COPY busybox /bin/busybox # buildkit\",\"CreatedSince\":\"2026-11-27T13:47:06Z\",\"ID\":\"\\u003cmissing\\u003e\",\"Size\":\"2035712\"}\n";
const LAYERS = ["sha256:f6880b7905ceeb701064ed8dff903d17c47089193af08256c9c162091302053c","sha256:31e874e22661a484705ffdd5f6011bd9827ec5da2d4cf98375b9ba67dc72f613","sha256:98343eb98c7d29cff9623636e01e0d9f10f24bfcc8dfa6d946379d4848a697fa","sha256:4f68dbeef815b022341bf936c8257660fd35204494e90a20d91243cc669a43b4","sha256:85641898f5704f2e29631ca45ace3da9fcb72fd08ce2611b824630956b6bc8f6","sha256:d5d1aabc8cb38cfd43bf6c5c56852b916d31c7af9d8e566e573296806633062b"];

test('parseHistory: JSON lines, junk skipped', () => {
  const h = parseHistory(HISTORY + 'WARNING: x\n{bad\n');
  assert.equal(h.length, 7);
  assert.equal(h[0].CreatedBy, 'RUN /bin/sh -c echo done > /done # buildkit');
});

test('mapLayers on real history: base grouped on FROM, each layer on its instruction, diff IDs in order', () => {
  const rows = mapLayers(parseHistory(HISTORY), { RootFS: { Layers: LAYERS } }, parseDockerfile(DOCKERFILE));
  assert.deepEqual(
    rows.map((r) => [r.line, r.stage, r.base, r.emptyLayer, r.createdBy]),
    [
      [0, 'build', true, false, 'FROM layerwise-test/busybox:1'],
      [1, 'build', false, false, 'WORKDIR /app'],
      [2, 'build', false, false, 'COPY a.txt ./'],
      [3, 'build', false, false, 'RUN /bin/sh -c echo built; head -c 300000 /dev/urandom > /big'],
      [6, 'stage-1', false, true, 'ENV X=1'],
      [7, 'stage-1', false, false, 'RUN /bin/sh -c echo done > /done'],
    ],
  );
  assert.deepEqual(rows[0].diffIds, LAYERS.slice(0, 2));
  assert.deepEqual(rows.filter((r) => !r.base).map((r) => r.diffId), [LAYERS[2], LAYERS[3], LAYERS[4], undefined, LAYERS[5]]);
  const big = rows.reduce((a, b) => (b.bytes > a.bytes && !b.base ? b : a), rows[1]);
  assert.equal(big.line, 3, 'the big layer is on its RUN');
  assert.ok(big.bytes >= 300_000);
  // Building the first stage only: its rows, no stage-1.
  const buildOnly = mapLayers(parseHistory(HISTORY).slice(2), { RootFS: { Layers: LAYERS.slice(0, 5) } }, parseDockerfile(DOCKERFILE), 'build');
  assert.deepEqual(buildOnly.map((r) => r.line), [0, 1, 2, 3]);
});

test('mapLayers: FROM scratch has no base row; classic builder texts; fewer layers than rows aligns from the newest', () => {
  const model = parseDockerfile('FROM scratch\nCOPY a /a\nENV A=1\nRUN make\n');
  const history = [
    { CreatedBy: '/bin/sh -c make', Size: 5000 },
    { CreatedBy: '/bin/sh -c #(nop)  ENV A=1', Size: 0 },
    { CreatedBy: '/bin/sh -c #(nop) COPY file:abc in /a ', Size: '42' },
  ];
  const rows = mapLayers(history, { RootFS: { Layers: ['sha256:a', 'sha256:b'] } }, model);
  assert.deepEqual(rows.map((r) => [r.line, r.base, r.diffId, r.bytes]), [[1, false, 'sha256:a', 42], [2, false, undefined, 0], [3, false, 'sha256:b', 5000]]);
  const short = mapLayers(history, { RootFS: { Layers: ['sha256:b'] } }, model);
  assert.deepEqual(short.map((r) => r.diffId), [undefined, undefined, 'sha256:b']);
  // Nothing to go on: no throw.
  assert.deepEqual(mapLayers([], {}, parseDockerfile('')), []);
});

test('humanSize', () => {
  assert.equal(humanSize(0), '0 B');
  assert.equal(humanSize(1023), '1023 B');
  assert.equal(humanSize(1536), '1.5 KiB');
  assert.equal(humanSize(307200), '300 KiB');
  assert.equal(humanSize(2035712), '1.94 MiB');
  assert.equal(humanSize(5 * 1024 ** 3), '5 GiB');
  assert.equal(humanSize(-1), '?');
});

/** A report in Trivy's JSON shape (schema 2). */
function report(vulns: { id: string; diffId?: string; fixed?: string }[]) {
  return {
    SchemaVersion: 2,
    ArtifactName: 'lwcap:1',
    Results: [
      {
        Target: 'lwcap:1 (debian 12.5)',
        Class: 'os-pkgs',
        Vulnerabilities: vulns.map((v) => ({
          VulnerabilityID: v.id,
          PkgName: 'libfoo',
          InstalledVersion: '1.0',
          ...(v.fixed ? { FixedVersion: v.fixed } : {}),
          Severity: 'HIGH',
          Title: 'foo overflow',
          Layer: v.diffId ? { DiffID: v.diffId } : {},
        })),
      },
      { Target: 'app/package-lock.json', Class: 'lang-pkgs' },
    ],
  };
}

test('mapVulnerabilities: own layer → its line, base layer → FROM, unknown layer → FROM (not base)', () => {
  const inspect = { RootFS: { Layers: LAYERS } };
  const rows = mapLayers(parseHistory(HISTORY), inspect, parseDockerfile(DOCKERFILE));
  const f = mapVulnerabilities(report([{ id: 'CVE-1', diffId: LAYERS[4], fixed: '1.1' }, { id: 'CVE-2', diffId: LAYERS[1] }, { id: 'CVE-3' }, { id: 'CVE-4', diffId: LAYERS[5] }]), inspect, rows);
  assert.deepEqual(f.map((x) => [x.id, x.line, x.base]), [['CVE-1', 3, false], ['CVE-2', 0, true], ['CVE-3', 0, false], ['CVE-4', 7, false]]);
  assert.equal(vulnMessage(f[0]), 'CVE-1 (HIGH) in libfoo 1.0: fixed in 1.1. foo overflow');
  assert.equal(vulnMessage(f[1]), 'CVE-2 (HIGH) in libfoo 1.0 (from the base image): no fix released yet. foo overflow');
  // Without the base row in the list, layers below the first own one are still the base image's.
  assert.equal(mapVulnerabilities(report([{ id: 'CVE-2', diffId: LAYERS[0] }]), inspect, rows.slice(1))[0].base, true);
  for (const junk of [null, 42, {}, { Results: 'x' }, { Results: [null, { Vulnerabilities: [{}] }] }]) assert.deepEqual(mapVulnerabilities(junk, inspect, rows), []);
});

test('trivyArgs', () => {
  assert.deepEqual(trivyArgs('app:dev', ['high', 'CRITICAL', 'bogus']), ['image', '--format', 'json', '--quiet', '--severity', 'HIGH,CRITICAL', 'app:dev']);
  assert.equal(trivyArgs('app', [])[5], 'UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL');
  assert.throws(() => trivyArgs('--server=x', ['HIGH']), /option/);
});

const rec = (dockerfile: string, startedAt: string, ms: number, ok = true): BuildRecord => ({ dockerfile, tag: 'app:dev', startedAt, ms, steps: 5, cached: 2, ok });

test('build history: keeps the last N per Dockerfile, trend over the successful ones', () => {
  let list: BuildRecord[] = [];
  for (let i = 0; i < 5; i++) list = addRecord(list, rec('/a/Dockerfile', `2024-01-0${i + 1}T00:00:00Z`, 10_000 - i * 1000), 3);
  list = addRecord(list, rec('/b/Dockerfile', '2024-01-09T00:00:00Z', 500), 3);
  assert.deepEqual(list.filter((r) => r.dockerfile === '/a/Dockerfile').map((r) => r.ms), [8000, 7000, 6000]);
  assert.equal(list.length, 4);
  assert.equal(trend(list, '/a/Dockerfile'), '8.0 s → 6.0 s (-25 %)');
  assert.equal(trend(list, '/b/Dockerfile'), '0.5 s');
  assert.equal(trend(list, '/c/Dockerfile'), '');
  list = addRecord(list, rec('/a/Dockerfile', '2024-01-10T00:00:00Z', 99_000, false), 3);
  assert.equal(trend(list, '/a/Dockerfile'), '7.0 s → 6.0 s (-14 %)', 'the failed build is kept but not in the trend');
  assert.equal(trend([rec('x', '1', 12_100), rec('x', '2', 3_400)], 'x'), '12.1 s → 3.4 s (-72 %)');
  const table = historyTable(list, '/a/Dockerfile', humanSize).split('\n');
  assert.equal(table.length, 5);
  assert.match(table[2], /2024-01-10.*\| 99\.0 s \| 2\/5 \|.*failed/);
});

test('FROM scratch has no base row: a finding without a layer goes on the FROM line the caller names', () => {
  const rows = [{ line: 3, createdBy: 'COPY site/ /site/', bytes: 10, base: false, emptyLayer: false, diffId: 'sha256:a' }];
  const report = { Results: [{ Vulnerabilities: [{ VulnerabilityID: 'CVE-1', PkgName: 'p', InstalledVersion: '1', Severity: 'HIGH' }] }] };
  assert.equal(mapVulnerabilities(report, { RootFS: { Layers: ['sha256:a'] } }, rows, 2)[0].line, 2);
  assert.equal(mapVulnerabilities(report, { RootFS: { Layers: ['sha256:a'] } }, rows)[0].line, 3);
});
