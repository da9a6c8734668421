/** The pure helpers behind the Docker commands (client/commands/plan.ts, client/views/shares.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  cacheSetting,
  composeBuildFor,
  defaultTag,
  historyMarkdown,
  imageChoices,
  plainLines,
  timingLabel,
  withSubcommand,
} from '../../../client/commands/plan';
import { escapeXml, layersSvg, percent, shareBucket } from '../../../client/views/shares';
import { validateRef } from '../../../client/docker/buildArgs';
import { seconds, type BuildRecord } from '../../../client/docker/buildHistory';

const root = join('/', 'ws');

test('composeBuildFor finds the service whose build uses the Dockerfile, with its image, context, target and args', () => {
  const compose = [
    'services:',
    '  db:',
    '    image: postgres:16',
    '  api:',
    '    image: example/api:dev',
    '    build:',
    '      context: ./api',
    '      dockerfile: docker/Dockerfile.prod',
    '      target: runtime',
    '      args:',
    '        NODE_ENV: production',
    '  web:',
    '    build: ./web',
  ].join('\n');
  const files = [{ path: join(root, 'compose.yaml'), text: compose }];
  const api = composeBuildFor(join(root, 'api', 'docker', 'Dockerfile.prod'), files);
  assert.equal(api?.build.name, 'api');
  assert.equal(api?.build.context, join(root, 'api'));
  assert.equal(api?.build.target, 'runtime');
  assert.deepEqual(api?.build.args, { NODE_ENV: 'production' });
  assert.equal(api?.image, 'example/api:dev');
  const web = composeBuildFor(join(root, 'web', 'Dockerfile'), files);
  assert.equal(web?.build.name, 'web');
  assert.equal(web?.image, undefined);
  assert.equal(composeBuildFor(join(root, 'other', 'Dockerfile'), files), undefined);
});

test('composeBuildFor ignores an interpolated image and survives a broken Compose file', () => {
  const files = [
    { path: join(root, 'bad', 'compose.yaml'), text: 'services: [\n' },
    { path: join(root, 'compose.yaml'), text: 'services:\n  app:\n    image: ${REGISTRY}/app\n    build: .\n' },
  ];
  const m = composeBuildFor(join(root, 'Dockerfile'), files);
  assert.equal(m?.build.name, 'app');
  assert.equal(m?.image, undefined);
});

test('defaultTag is <folder>:dev, cleaned to a valid repository name', () => {
  assert.equal(defaultTag(join(root, 'api', 'Dockerfile')), 'api:dev');
  assert.equal(defaultTag(join(root, 'My App!', 'Dockerfile')), 'my-app:dev');
  assert.equal(defaultTag(join(root, '__', 'Dockerfile')), 'image:dev');
  for (const folder of ['api', 'My App!', '__', 'Ünïcode', '.hidden']) assert.equal(validateRef(defaultTag(join(root, folder, 'Dockerfile'))), undefined, folder);
});

test('cacheSetting: local is a folder per Dockerfile with a fresh export folder; registry needs a ref', () => {
  const a = cacheSetting('local', { storageDir: '/s', dockerfile: '/ws/a/Dockerfile' });
  const a2 = cacheSetting(undefined, { storageDir: '/s', dockerfile: '/ws/a/Dockerfile' });
  const b = cacheSetting('local', { storageDir: '/s', dockerfile: '/ws/b/Dockerfile' });
  assert.ok('kind' in a && a.kind === 'local' && 'kind' in a2 && a2.kind === 'local' && 'kind' in b && b.kind === 'local');
  assert.equal(a.dir, a2.dir);
  assert.notEqual(a.dir, b.dir);
  assert.ok(a.dir.startsWith('/s/'));
  assert.notEqual(a.newDir, a.dir);
  assert.deepEqual(cacheSetting('registry', { storageDir: '/s', dockerfile: 'D', ref: 'r.io/app:cache' }), { kind: 'registry', ref: 'r.io/app:cache' });
  assert.ok('error' in cacheSetting('registry', { storageDir: '/s', dockerfile: 'D' }));
  assert.deepEqual(cacheSetting('inline', { storageDir: '/s', dockerfile: 'D' }), { kind: 'inline' });
  assert.deepEqual(cacheSetting('none', { storageDir: '/s', dockerfile: 'D' }), { kind: 'none' });
  assert.ok('error' in cacheSetting('gha', { storageDir: '/s', dockerfile: 'D' }));
});

test('timingLabel and plainLines', () => {
  assert.equal(timingLabel({ cached: true, ms: 5 }), 'cached');
  assert.equal(timingLabel({ cached: false, ms: 1234 }), seconds(1234));
  assert.match(timingLabel({ cached: false, ms: 1234 }), /^1\.2 s$/);
  assert.equal(timingLabel({ cached: false }), '');
  const stream = '{\n  "vertexes": [\n    {\n      "digest": "sha256:1"\n    }\n  ]\n}\nWARNING: local cache import at /x not found\nERROR: failed to solve: boom\n';
  assert.deepEqual(plainLines(stream), ['WARNING: local cache import at /x not found', 'ERROR: failed to solve: boom']);
});

test('withSubcommand adds buildx and the subcommand only when missing', () => {
  assert.deepEqual(withSubcommand(['buildx', 'build', '.'], 'build'), ['buildx', 'build', '.']);
  assert.deepEqual(withSubcommand(['bake', '-f', 'x'], 'bake'), ['buildx', 'bake', '-f', 'x']);
  assert.deepEqual(withSubcommand(['--load', '.'], 'build'), ['buildx', 'build', '--load', '.']);
});

test('imageChoices reads `docker image ls --format {{json .}}` rows, dangling images by ID', () => {
  const out = [
    JSON.stringify({ Repository: 'api', Tag: 'dev', ID: 'abc', Size: '12MB', CreatedSince: '2 minutes ago' }),
    JSON.stringify({ Repository: '<none>', Tag: '<none>', ID: 'def', Size: '1MB' }),
    'not json',
    '',
  ].join('\n');
  assert.deepEqual(imageChoices(out), [
    { label: 'api:dev', description: '12MB, 2 minutes ago', ref: 'api:dev' },
    { label: 'def', description: '1MB', ref: 'def' },
  ]);
});

test('historyMarkdown has a section per Dockerfile with its trend', () => {
  const r = (dockerfile: string, startedAt: string, ms: number): BuildRecord => ({ dockerfile, tag: 'a:dev', startedAt, ms, steps: 4, cached: 2, ok: true });
  const md = historyMarkdown([r('/ws/b/Dockerfile', '2024-01-01T00:00:00Z', 1000), r('/ws/a/Dockerfile', '2024-01-01T00:00:00Z', 10_000), r('/ws/a/Dockerfile', '2024-01-02T00:00:00Z', 5000)], (p) => p.replace('/ws/', ''));
  assert.ok(md.indexOf('## a/Dockerfile') < md.indexOf('## b/Dockerfile'));
  assert.match(md, /Trend: \S+ s → \S+ s \(-50 %\)/);
  assert.equal(md.match(/\| a:dev \|/g)?.length, 3);
});

test('shareBucket and percent', () => {
  assert.equal(shareBucket(1, 100), 'tiny');
  assert.equal(shareBucket(10, 100), 'small');
  assert.equal(shareBucket(30, 100), 'large');
  assert.equal(shareBucket(60, 100), 'huge');
  assert.equal(shareBucket(5, 0), 'tiny');
  assert.equal(percent(1, 3), '33 %');
  assert.equal(percent(1, 200), '0.5 %');
  assert.equal(percent(1, 0), '0 %');
});

test('layersSvg draws the largest layer first, escapes labels and has no script', () => {
  const svg = layersSvg([
    { label: 'COPY small', bytes: 10, size: '10 B' },
    { label: 'RUN echo "<script>alert(1)</script>" & more', bytes: 1000, size: '1000 B' },
  ]);
  assert.ok(svg.indexOf('RUN echo') < svg.indexOf('COPY small'));
  assert.doesNotMatch(svg, /<script/);
  assert.match(svg, /&lt;script&gt;/);
  assert.match(svg, /width="320"/);
  assert.equal(escapeXml(`a&'"`), 'a&amp;&#39;&quot;');
  assert.match(layersSvg([]), /^<svg /);
});
