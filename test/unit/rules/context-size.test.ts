import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';
import { inWorkspace } from '../../helpers/workspace';
import { describeSent, humanBytes } from '../../../rules/workspace/context';

const t = ruleTester('context-size');
const DOCKERFILE = '/repo/api/Dockerfile';
const big = 'x'.repeat(600_000);
const files = (ignore?: string) => ({
  '/repo/compose.yaml': lines('services:', '  api:', '    build: api'),
  [DOCKERFILE]: 'FROM alpine:3.20\n',
  '/repo/api/data/a.bin': big,
  '/repo/api/data/b.bin': big,
  '/repo/api/node_modules/x/index.js': 'x',
  ...(ignore === undefined ? {} : { '/repo/api/.dockerignore': ignore }),
});
const config = (maxMB: number) => ({ rules: { 'context-size': { severity: 'info' as const, options: { maxMB } } } });

test('over the limit: an info on the first FROM with files, bytes and the folders not counted', () => {
  const [f] = t.catchesAt('FROM alpine:3.20\n', [{ line: 0, character: 5, endCharacter: 16 }], { ...inWorkspace(files(), DOCKERFILE), config: config(1) });
  assert.match(f.message, /^The compose build "api" in compose\.yaml sends 3 files, 1\.2 MB, plus node_modules \(not counted\) from its context "api" .*over 1 MB/);
});

test('what .dockerignore leaves out is not counted; under the default 100 MB nothing is said', () => {
  t.catchesNot('FROM alpine:3.20\n', { ...inWorkspace(files('data\nnode_modules\n'), DOCKERFILE), config: config(1) });
  t.catchesNot('FROM alpine:3.20\n', inWorkspace(files(), DOCKERFILE));
  t.catchesNot('FROM alpine:3.20\n');
});

test('human units as docker build prints them', () => {
  assert.deepEqual([humanBytes(999), humanBytes(1000), humanBytes(12_345_678), humanBytes(150_000_000)], ['999 B', '1 kB', '12.3 MB', '150 MB']);
  assert.equal(describeSent({ files: 1204, bytes: 12_300_000, uncounted: [], truncated: true }), 'at least 1,204 files, 12.3 MB');
});
