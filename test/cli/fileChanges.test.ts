/** rules/node/fileChanges: a fix's otherFiles applied to disk, never clobbering what exists. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFileChanges } from '../../rules/node/fileChanges';
import { project, read } from './harness';

const at = (line: number, character: number) => ({ line, character });

test('create writes a new file relative to the base folder, creating parent folders', (t) => {
  const dir = project(t, {});
  const out = applyFileChanges(path.join(dir, 'app'), [{ path: '.dockerignore', create: 'node_modules\n' }, { path: '../ci/x.txt', create: 'x' }]);
  assert.deepEqual(
    out.map((o) => [path.relative(dir, o.path), o.status]),
    [
      ['app/.dockerignore', 'created'],
      ['ci/x.txt', 'created'],
    ],
  );
  assert.equal(read(dir, 'app/.dockerignore'), 'node_modules\n');
  assert.equal(read(dir, 'ci/x.txt'), 'x');
});

test('create never overwrites an existing file unless overwrite is set', (t) => {
  const dir = project(t, { '.dockerignore': 'mine\n' });
  const [skipped] = applyFileChanges(dir, [{ path: '.dockerignore', create: 'theirs\n' }]);
  assert.equal(skipped.status, 'skipped');
  assert.equal(read(dir, '.dockerignore'), 'mine\n');
  const [done] = applyFileChanges(dir, [{ path: path.join(dir, '.dockerignore'), create: 'theirs\n', overwrite: true }]);
  assert.equal(done.status, 'created');
  assert.equal(read(dir, '.dockerignore'), 'theirs\n');
});

test('edits apply to the existing text; a missing file fails softly and later changes still run', (t) => {
  const dir = project(t, { '.dockerignore': 'node_modules\r\n.git\r\n' });
  const out = applyFileChanges(dir, [
    { path: 'missing.txt', edits: [{ range: { start: at(0, 0), end: at(0, 0) }, newText: 'x' }] },
    { path: '.dockerignore', edits: [{ range: { start: at(2, 0), end: at(2, 0) }, newText: 'dist\r\n' }, { range: { start: at(1, 0), end: at(1, 4) }, newText: '**/.git' }] },
  ]);
  assert.deepEqual(
    out.map((o) => o.status),
    ['failed', 'edited'],
  );
  assert.equal(read(dir, '.dockerignore'), 'node_modules\r\n**/.git\r\ndist\r\n');
});

test('rename moves a file, but not onto an existing one unless overwrite is set', (t) => {
  const dir = project(t, { 'Dockerfile.dockerignore': 'a\n', 'other.dockerignore': 'b\n', taken: 'c\n' });
  const [moved] = applyFileChanges(dir, [{ path: 'Dockerfile.dockerignore', renameTo: '.dockerignore' }]);
  assert.equal(moved.status, 'renamed');
  assert.equal(read(dir, '.dockerignore'), 'a\n');
  assert.ok(!fs.existsSync(path.join(dir, 'Dockerfile.dockerignore')));
  const [kept] = applyFileChanges(dir, [{ path: 'other.dockerignore', renameTo: 'taken' }]);
  assert.equal(kept.status, 'skipped');
  assert.equal(read(dir, 'taken'), 'c\n');
  assert.equal(read(dir, 'other.dockerignore'), 'b\n');
  const [missing] = applyFileChanges(dir, [{ path: 'gone', renameTo: 'elsewhere' }]);
  assert.equal(missing.status, 'failed');
});

test('a create that is skipped does not go on to rename the existing file', (t) => {
  const dir = project(t, { 'x.txt': 'mine' });
  const out = applyFileChanges(dir, [{ path: 'x.txt', create: 'new', renameTo: 'y.txt' }]);
  assert.deepEqual(
    out.map((o) => o.status),
    ['skipped'],
  );
  assert.equal(read(dir, 'x.txt'), 'mine');
  assert.ok(!fs.existsSync(path.join(dir, 'y.txt')));
});

test('appendLines adds only the missing lines in the file line breaks, or creates the file', (t) => {
  const dir = project(t, { '.gitignore': 'node_modules/\r\n*.log' });
  const [edited] = applyFileChanges(dir, [{ path: '.gitignore', appendLines: ['secrets/', '*.log'] }]);
  assert.equal(edited.status, 'edited');
  assert.equal(read(dir, '.gitignore'), 'node_modules/\r\n*.log\r\nsecrets/\r\n');
  const [again] = applyFileChanges(dir, [{ path: '.gitignore', appendLines: ['secrets/'] }]);
  assert.equal(again.status, 'skipped');
  const [created] = applyFileChanges(dir, [{ path: 'sub/.gitignore', appendLines: ['secrets/'] }]);
  assert.equal(created.status, 'created');
  assert.equal(read(dir, 'sub/.gitignore'), 'secrets/\n');
});
