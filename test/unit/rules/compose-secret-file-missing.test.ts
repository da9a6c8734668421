import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, memoryFiles, ruleTester, type TesterOptions } from '../../helpers/ruleTester';
import { WorkspaceIndex } from '../../../rules/workspace/index';
import { BUILD_EXTRACTORS } from '../../../rules/workspace/extractors';
import { memoryDisk } from '../../helpers/memoryDisk';

const t = ruleTester('compose-secret-file-missing');
const COMPOSE = '/repo/compose.yaml';

/** The compose text in a real workspace holding `repo` (absolute paths → texts). */
function inRepo(compose: string, repo: Record<string, string> = {}, path = COMPOSE): TesterOptions {
  const texts = { ...repo, [path]: compose };
  return { path, files: memoryFiles(texts), workspace: new WorkspaceIndex(memoryDisk(texts), ['/repo'], { extractors: BUILD_EXTRACTORS }).scan() };
}

const SECRETS = lines(
  'services:',
  '  api:',
  '    image: api:1',
  '    secrets: [db_password, api_key]',
  'secrets:',
  '  db_password:',
  '    file: ./secrets/db_password.txt',
  '  api_key:',
  '    file: "./config/api-key.txt"',
);

test('a missing secret file that git does not ignore: a warning on the file value, no fix', () => {
  const f = t.catchesAt(SECRETS, [{ line: 6, character: 10, endCharacter: 35 }, { line: 8, character: 10, endCharacter: 32 }], inRepo(SECRETS, { '/repo/config/api_key.txt': 'k\n' }));
  assert.equal(f[0].severity, 'warning');
  assert.deepEqual(f[0].fixes, []);
  assert.match(f[0].message, /Secret "db_password" reads "\.\/secrets\/db_password\.txt", which does not exist \(the Compose file's folder has no "secrets"\), and git does not ignore that path/);
  // A near miss in the folder is named.
  assert.match(f[1].message, /\("config" has no "api-key\.txt"; did you mean "api_key\.txt"\?\)/);
});

test('quiet when the missing file is git-ignored (a fresh clone lacks it on purpose), or exists', () => {
  t.catchesNot(SECRETS, inRepo(SECRETS, { '/repo/.gitignore': 'secrets/\nconfig/api-key.txt\n' }));
  // A .gitignore in a subfolder, and a pattern ignoring the folder from the root.
  t.catchesNot(SECRETS, inRepo(SECRETS, { '/repo/.gitignore': '/secrets\n', '/repo/config/.gitignore': '*.txt\n' }));
  t.catchesNot(SECRETS, inRepo(SECRETS, { '/repo/secrets/db_password.txt': 'pw\n', '/repo/config/api-key.txt': 'k\n' }));
  // The Compose file in a subfolder: paths are relative to it.
  const nested = lines('secrets:', '  token:', '    file: ../secrets/token.txt');
  t.catchesNot(nested, inRepo(nested, { '/repo/.gitignore': 'secrets/\n' }, '/repo/deploy/compose.yaml'));
  t.catchesAt(nested, [{ line: 2, character: 10, endCharacter: 30 }], inRepo(nested, {}, '/repo/deploy/compose.yaml'));
});

test('quiet for external, environment and absolute or variable secrets, and without the workspace', () => {
  const other = lines(
    'secrets:',
    '  a: {external: true}',
    '  b:',
    '    environment: TOKEN',
    '  c:',
    '    file: /run/secrets/c',
    '  d:',
    '    file: ${SECRETS_DIR}/d.txt',
    '  e:',
    '    file: ~/e.txt',
  );
  t.catchesNot(other, inRepo(other));
  t.catchesNot(SECRETS, { path: COMPOSE, files: memoryFiles({}) });
  t.catchesNot(SECRETS);
  // A default is what runs when nobody sets the variable: judged.
  const withDefault = lines('secrets:', '  d:', '    file: ${SECRETS_DIR:-./secrets}/d.txt');
  t.catchesAt(withDefault, [{ line: 2, character: 10, endCharacter: 41 }], inRepo(withDefault));
});

test('the plan example (§3.3) is quiet once secrets/ is git-ignored beside it', () => {
  const plan = lines('secrets:', '  influxdb_token:', '    file: ./secrets/influxdb_token.txt', '  home_assistant_token:', '    file: ./secrets/home_assistant_token.txt');
  t.catchesNot(plan, inRepo(plan, { '/repo/.gitignore': 'secrets/\n' }, '/repo/docker-compose.prod.yml'));
  t.catchesAt(plan, [{ line: 2, character: 10, endCharacter: 38 }, { line: 4, character: 10, endCharacter: 44 }], inRepo(plan, {}, '/repo/docker-compose.prod.yml'));
});

test('bad input does not throw', () => {
  for (const text of [lines('secrets:', '  - a'), lines('secrets: nope'), lines('secrets:', '  a:', '  b: x', '  c:', '    file: [1]', '  d:', '    file:'), '']) t.findings(text, inRepo(text));
});
