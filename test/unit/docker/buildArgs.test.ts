import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bakeArgs, buildArgs, commitLocalCache, discardLocalCache, localCache, validateRef } from '../../../client/docker/buildArgs';

test('validateRef accepts image references', () => {
  for (const ok of ['app', 'app:dev', 'my-app_1:1.2.3-rc.1', 'ghcr.io/o/app:latest', 'localhost:5000/app', 'registry.example.com:443/team/app__x:v1', `app@sha256:${'a'.repeat(64)}`, `a/b:c@sha256:${'0'.repeat(64)}`]) {
    assert.equal(validateRef(ok), undefined, ok);
  }
});

test('validateRef rejects options, blanks, shell characters and bad grammar', () => {
  for (const bad of ['', '-o', '--output=type=local,dest=/', 'app:-x', 'a b', 'app\n', 'app;rm', 'app$(x)', 'a`b`', "a'b", 'a|b', 'a&b', 'a>b', 'App', 'app:', 'app:.x', 'a//b', 'app@sha256:zz', 'a'.repeat(256), 'app:' + 'x'.repeat(129), '-', 'bad_host:5000x/app']) {
    assert.equal(typeof validateRef(bad), 'string', JSON.stringify(bad));
  }
  assert.match(validateRef('--output=x')!, /option/);
  assert.match(validateRef('a b')!, /blank or a shell character/);
});

test('buildArgs: build with target, args, no cache', () => {
  assert.deepEqual(buildArgs({ dockerfile: '/w/Dockerfile', context: '/w', tag: 'app:dev', target: 'build', buildArgs: { NODE: '20', X: 'a b;c' }, cache: { kind: 'none' } }), [
    'buildx', 'build', '--progress=rawjson', '--load', '--file', '/w/Dockerfile', '--tag', 'app:dev', '--target', 'build', '--build-arg', 'NODE=20', '--build-arg', 'X=a b;c', '/w',
  ]);
});

test('buildArgs: invalid tag, target, arg name or registry ref throw; paths never read as options', () => {
  const base = { dockerfile: 'Dockerfile', context: '.', tag: 'app', cache: { kind: 'none' as const } };
  assert.throws(() => buildArgs({ ...base, tag: '--push' }), /option/);
  assert.throws(() => buildArgs({ ...base, target: '-x' }), /target stage/);
  assert.throws(() => buildArgs({ ...base, buildArgs: { 'A=B': '1' } }), /build argument name/);
  assert.throws(() => buildArgs({ ...base, cache: { kind: 'registry', ref: 'r --x' } }), /shell character/);
  const a = buildArgs({ ...base, dockerfile: '-', context: '-ctx' });
  assert.equal(a[a.indexOf('--file') + 1], `.${path.sep}-`);
  assert.equal(a[a.length - 1], `.${path.sep}-ctx`);
});

test('buildArgs: local cache imports only an existing folder and exports to the fresh one', (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cache-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const dir = path.join(root, 'cache');
  const c = localCache(dir);
  assert.notEqual(c.newDir, dir);
  const first = buildArgs({ dockerfile: 'D', context: '.', tag: 'app', cache: c });
  assert.ok(!first.includes('--cache-from'));
  assert.deepEqual(first.slice(first.indexOf('--cache-to'), first.indexOf('--cache-to') + 2), ['--cache-to', `type=local,dest=${c.newDir},mode=max`]);
  // The build exported; the caller swaps the fresh folder in.
  fs.mkdirSync(c.newDir);
  fs.writeFileSync(path.join(c.newDir, 'index.json'), 'new');
  commitLocalCache(c);
  assert.equal(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'), 'new');
  assert.equal(fs.existsSync(c.newDir), false);
  const c2 = localCache(dir);
  const second = buildArgs({ dockerfile: 'D', context: '.', tag: 'app', cache: c2 });
  assert.deepEqual(second.slice(second.indexOf('--cache-from'), second.indexOf('--cache-from') + 2), ['--cache-from', `type=local,src=${dir}`]);
  // A second swap replaces the old folder, leaving nothing behind.
  fs.mkdirSync(c2.newDir);
  fs.writeFileSync(path.join(c2.newDir, 'index.json'), 'newer');
  commitLocalCache(c2);
  assert.equal(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'), 'newer');
  assert.deepEqual(fs.readdirSync(root), ['cache']);
  // A failed build: the partial export goes, the cache stays.
  const c3 = localCache(dir);
  fs.mkdirSync(c3.newDir);
  discardLocalCache(c3);
  assert.deepEqual(fs.readdirSync(root), ['cache']);
  // A comma in the folder is quoted for buildx's CSV reader.
  const comma = buildArgs({ dockerfile: 'D', context: '.', tag: 'app', cache: { kind: 'local', dir: '/no/such', newDir: '/t/a,b' } });
  assert.ok(comma.includes('type=local,"dest=/t/a,b",mode=max'));
});

test('buildArgs: registry and inline cache', () => {
  const reg = buildArgs({ dockerfile: 'D', context: '.', tag: 'app', cache: { kind: 'registry', ref: 'ghcr.io/o/app:cache' } });
  assert.deepEqual(reg.slice(8, 12), ['--cache-from', 'type=registry,ref=ghcr.io/o/app:cache', '--cache-to', 'type=registry,ref=ghcr.io/o/app:cache,mode=max']);
  const inline = buildArgs({ dockerfile: 'D', context: '.', tag: 'app:1', cache: { kind: 'inline' } });
  assert.deepEqual(inline.slice(8, 12), ['--cache-from', 'type=registry,ref=app:1', '--cache-to', 'type=inline']);
});

test('bakeArgs', () => {
  assert.deepEqual(bakeArgs({ file: '/w/docker-bake.hcl' }), ['buildx', 'bake', '--progress=rawjson', '--load', '--file', '/w/docker-bake.hcl']);
  assert.deepEqual(bakeArgs({ file: 'b.hcl', targets: ['web', 'api_1'] }).slice(-2), ['web', 'api_1']);
  assert.throws(() => bakeArgs({ file: 'b.hcl', targets: ['--set=*.output=type=local'] }), /bake target/);
});
