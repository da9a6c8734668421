import { test } from 'node:test';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('compose-version-obsolete');

test('flags the top-level version only', () => {
  t.catchesAt(lines("version: '3.8'", 'services:', '  a:', '    image: a:1'), [{ line: 0, character: 0, endCharacter: 14 }]);
  t.catchesNot(lines('services:', '  a:', '    image: a:1', '    labels:', '      version: "2"'));
  t.catchesNot(lines('x-version: "3"', 'services: {}'));
  t.catchesNot('version\n');
});

test('the fix removes the line and its comment, keeping the comments above', () => {
  t.fixes(lines('# Base file', 'version: "3.8"  # legacy', '', 'services:', '  a:', '    image: a:1'), lines('# Base file', '', 'services:', '  a:', '    image: a:1'));
  t.fixes('version: "3"\r\nservices:\r\n  a:\r\n    image: a:1\r\n', 'services:\r\n  a:\r\n    image: a:1\r\n');
  t.fixes('{version: "3", services: {a: {image: a}}}\n', '{services: {a: {image: a}}}\n');
});
