import { test } from 'node:test';
import { ruleTester, lines } from '../../helpers/ruleTester';

const t = ruleTester('dockerignore-inline-comment');

test('fires on the comment part of a pattern line, and on an indented comment', () => {
  t.catchesAt(lines('.git', 'models/  # keep local weights', '  # caches', '__pycache__/\t# py'), [
    { line: 1, character: 9, endCharacter: 29 },
    { line: 2, character: 0, endCharacter: 10 },
    { line: 3, character: 13, endCharacter: 17 },
  ]);
});

test('does not fire on real comments, # inside a name, or clean files', () => {
  t.catchesNot(lines('# comment', '#no space', 'file#1', 'issue#42/', '!README.md', '**/__pycache__'));
  t.catchesNot('');
  t.catchesNot('\r\n\r\n');
  t.catchesNot(lines('# Version control', '.git/', '', '# Python artifacts', '**/__pycache__', '**/*.py[cod]'));
});

test('fix moves the comment above the pattern (LF and CRLF, no final newline)', () => {
  t.fixes(lines('.git', 'models/  # keep', 'dist'), lines('.git', '# keep', 'models/', 'dist'));
  t.fixes('.git\r\n  models/ # keep\r\n', '.git\r\n# keep\r\nmodels/\r\n');
  t.fixes('!README.md # docs', '# docs\n!README.md');
});

test('fix moves an indented comment to the first column', () => {
  t.fixes(lines('.git', '   # caches', '**/__pycache__'), lines('.git', '# caches', '**/__pycache__'));
});

test('a lone `! # x` is reported without a fix', () => {
  const [f] = t.catches(lines('! # x'));
  if (f.fixes.length) throw new Error('no fix expected');
});
