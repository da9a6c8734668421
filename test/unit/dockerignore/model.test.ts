import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanPath, parseDockerignore, readPatterns } from '../../../rules/dockerignore/model';

test('readPatterns equals moby ignorefile.ReadAll on its own test input', () => {
  // moby/patternmatcher ignorefile/ignorefile_test.go TestReadAll (the two lone `!` lines
  // are kept by ReadAll and rejected later by patternmatcher.New).
  const content = 'test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! ';
  assert.deepEqual(readPatterns(content), ['test1', 'test2', 'a/file/here', 'lastfile', '!inverted/abs/path', '!', '!']);
});

test('cleanPath is Go path.Clean', () => {
  const cases: [string, string][] = [
    ['', '.'], ['.', '.'], ['a/', 'a'], ['./a/./b', 'a/b'], ['a//b', 'a/b'], ['a/../b', 'b'], ['a/..', '.'],
    ['../a', '../a'], ['../../a/../b', '../../b'], ['/..', '/'], ['/a/../../b', '/b'], ['/', '/'], ['**/', '**'],
  ];
  for (const [input, want] of cases) assert.equal(cleanPath(input), want, input);
});

test('entries keep exact offsets, negation, anchoring and the trailing slash', () => {
  const text = '# head\r\n  !  /docs/ \r\n*.pyc\r\n\r\n  # not a comment\r\nmodels/  # keep';
  const m = parseDockerignore(text, '/p/.dockerignore');
  assert.deepEqual(m.comments, [{ line: 0, text: ' head' }]);
  assert.deepEqual(
    m.entries.map((e) => [e.line, text.slice(e.start, e.end), e.negated, text.slice(e.bodyStart, e.end), e.pattern, e.anchored, e.trailingSlash]),
    [
      [1, '!  /docs/', true, '/docs/', 'docs', true, true],
      [2, '*.pyc', false, '*.pyc', '*.pyc', false, false],
      [4, '# not a comment', false, '# not a comment', '# not a comment', false, false],
      [5, 'models/  # keep', false, 'models/  # keep', 'models/  # keep', false, false],
    ],
  );
});

test('a BOM (or the space the engine puts in its place) does not hide a first-line comment', () => {
  assert.deepEqual(parseDockerignore('\ufeff# c\nx\n', '').entries.map((e) => e.pattern), ['x']);
  assert.deepEqual(parseDockerignore(' # c\nx\n', '').entries.map((e) => e.pattern), ['x']);
  assert.deepEqual(parseDockerignore('x\n # c\n', '').entries.map((e) => e.pattern), ['x', '# c']);
});

test('bad input never throws', () => {
  for (const t of ['', '\n\n', '!', '! ', '[', '\\', '**/', '/', '..', '\r', '\u0000']) assert.doesNotThrow(() => parseDockerignore(t, '/x/.dockerignore'));
});
