import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMatcher, isSent, matcherForText } from '../../../rules/dockerignore/matcher';

test('ignoresDir: the folder itself, or everything directly in it', () => {
  assert.equal(createMatcher(['**/node_modules']).ignoresDir('web/node_modules'), true);
  assert.equal(createMatcher(['node_modules/*']).ignoresDir('node_modules'), true);
  assert.equal(createMatcher(['node_modules/*.js']).ignoresDir('node_modules'), false);
  assert.equal(createMatcher(['node_modules']).ignoresDir('web/node_modules'), false);
});

test('paths are cleaned before matching; the context root is never ignored', () => {
  const m = createMatcher(['**']);
  assert.equal(m.ignores('.'), false);
  assert.equal(m.ignores(''), false);
  assert.equal(createMatcher(['a/b']).ignores('./a//b/'), true);
  assert.equal(createMatcher(['a/b']).ignores('/a/b'), true);
});

test('patterns Docker rejects are reported and match nothing', () => {
  const m = createMatcher(['[', '!', 'a\\', 'ok']);
  assert.deepEqual(m.invalid, ['[', '!', 'a\\']);
  assert.equal(m.ignores('['), false);
  assert.equal(m.ignores('ok'), true);
  assert.equal(m.hasExceptions, true);
});

test('isSent: no ignore file sends everything; matchers are cached by text', () => {
  assert.equal(isSent(undefined, '.git/config'), true);
  assert.equal(isSent('.git\n', '.git/config'), false);
  assert.equal(matcherForText('a\n'), matcherForText('a\n'));
});

test('deep listings stay fast (parent results are shared between files)', () => {
  const m = createMatcher(['**/__pycache__', '*.log', '!keep/**', 'docs/*/draft*', '**/*.tmp']);
  const started = Date.now();
  let n = 0;
  for (let i = 0; i < 200; i++) for (let j = 0; j < 100; j++) if (m.ignores(`pkg${i}/sub${j % 10}/deep/__pycache__/m${j}.pyc`)) n++;
  assert.equal(n, 20000);
  assert.ok(Date.now() - started < 2000);
});
