import { test } from 'node:test';
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { lines, memoryFiles, ruleTester, type TesterOptions } from '../../helpers/ruleTester';
import { WorkspaceIndex } from '../../../rules/workspace/index';
import { BUILD_EXTRACTORS } from '../../../rules/workspace/extractors';
import { applyEdits, appendLinesEdit } from '../../../rules/core/text';
import type { Finding } from '../../../rules';
import { memoryDisk } from '../../helpers/memoryDisk';

const t = ruleTester('secret-file-tracked');
const COMPOSE = '/repo/compose.yaml';

function inRepo(compose: string, repo: Record<string, string> = {}, path = COMPOSE): TesterOptions {
  const texts = { ...repo, [path]: compose };
  return { path, files: memoryFiles(texts), workspace: new WorkspaceIndex(memoryDisk(texts), ['/repo'], { extractors: BUILD_EXTRACTORS }).scan() };
}

/** Applies a fix's `.gitignore` change to the repository, as the editor and the CLI do. */
function applyIgnoreFix(f: Finding, repo: Record<string, string>, composePath = COMPOSE): Record<string, string> {
  const out = { ...repo };
  for (const other of f.fixes[0].otherFiles ?? []) {
    const path = posix.resolve(posix.dirname(composePath), other.path);
    const before = out[path] ?? '';
    const edit = appendLinesEdit(before, other.appendLines ?? []);
    out[path] = edit ? applyEdits(before, [edit]).text : before;
  }
  return out;
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
  '    file: "config/api_key.txt"',
);
const REPO = { '/repo/secrets/db_password.txt': 'pw\n', '/repo/config/api_key.txt': 'k\n', '/repo/config/app.toml': 'x = 1\n', '/repo/.gitignore': 'node_modules/\n' };

test('a secret file git does not ignore is an error on the file value', () => {
  const f = t.catchesAt(SECRETS, [{ line: 6, character: 10, endCharacter: 35 }, { line: 8, character: 10, endCharacter: 30 }], inRepo(SECRETS, REPO));
  assert.equal(f[0].severity, 'error');
  assert.match(f[0].message, /Secret file "\.\/secrets\/db_password\.txt" \(secret "db_password"\) is not ignored by git, so `git add` would commit the secret/);
});

test('the fix appends the secrets folder (or, elsewhere, the file itself) to the .gitignore beside the Compose file; after it, quiet', () => {
  const f = t.findings(SECRETS, inRepo(SECRETS, REPO));
  assert.deepEqual(
    f.map((x) => x.fixes.map((fix) => [fix.title, fix.safe, fix.edits, fix.otherFiles])),
    [
      [['Add secrets/ to .gitignore', false, [], [{ path: '.gitignore', appendLines: ['secrets/'] }]]],
      // `config/` holds other files: only the secret is ignored.
      [['Add /config/api_key.txt to .gitignore', false, [], [{ path: '.gitignore', appendLines: ['/config/api_key.txt'] }]]],
    ],
  );
  let repo = applyIgnoreFix(f[0], REPO);
  assert.equal(repo['/repo/.gitignore'], 'node_modules/\nsecrets/\n');
  repo = applyIgnoreFix(f[1], repo);
  assert.equal(repo['/repo/.gitignore'], 'node_modules/\nsecrets/\n/config/api_key.txt\n');
  t.catchesNot(SECRETS, inRepo(SECRETS, repo));
  // Idempotent: the lines are there now.
  assert.equal(applyIgnoreFix(f[0], repo)['/repo/.gitignore'], repo['/repo/.gitignore']);
});

test('no .gitignore yet: the fix creates it; a secret above the Compose folder gets a .gitignore beside it', () => {
  const repo = { '/repo/secrets/db_password.txt': 'pw\n' };
  const text = lines('secrets:', '  db_password:', '    file: ./secrets/db_password.txt');
  const [f] = t.catches(text, inRepo(text, repo));
  assert.equal(applyIgnoreFix(f, repo)['/repo/.gitignore'], 'secrets/\n');
  const up = lines('secrets:', '  token:', '    file: ../shared/token.txt');
  const shared = { '/repo/shared/token.txt': 't\n', '/repo/shared/lib.py': '' };
  const [g] = t.catchesAt(up, [{ line: 2, character: 10, endCharacter: 29 }], inRepo(up, shared, '/repo/deploy/compose.yaml'));
  assert.deepEqual(g.fixes[0].otherFiles, [{ path: '../shared/.gitignore', appendLines: ['/token.txt'] }]);
  const fixed = applyIgnoreFix(g, shared, '/repo/deploy/compose.yaml');
  assert.equal(fixed['/repo/shared/.gitignore'], '/token.txt\n');
  t.catchesNot(up, inRepo(up, fixed, '/repo/deploy/compose.yaml'));
  // A secret next to the Compose file: the file, anchored.
  const beside = lines('secrets:', '  t:', '    file: token.txt');
  const [h] = t.catches(beside, inRepo(beside, { '/repo/token.txt': 't\n' }));
  assert.deepEqual(h.fixes[0].otherFiles, [{ path: '.gitignore', appendLines: ['/token.txt'] }]);
});

test('quiet when git ignores the file (root or nested .gitignore, folder or file pattern), or when it does not exist', () => {
  t.catchesNot(SECRETS, inRepo(SECRETS, { ...REPO, '/repo/.gitignore': 'secrets/\n*_key.txt\n' }));
  t.catchesNot(SECRETS, inRepo(SECRETS, { ...REPO, '/repo/secrets/.gitignore': '*\n!.gitignore\n', '/repo/config/.gitignore': 'api_key.txt\n' }));
  // Missing files are compose-secret-file-missing's business.
  t.catchesNot(SECRETS, inRepo(SECRETS, { '/repo/.gitignore': '' }));
});

test('quiet for external, environment, absolute and variable secrets, and without the workspace or file view', () => {
  const other = lines('secrets:', '  a: {external: true}', '  b:', '    environment: TOKEN', '  c:', '    file: /repo/secrets/db_password.txt', '  d:', '    file: ${DIR}/db_password.txt');
  t.catchesNot(other, inRepo(other, REPO));
  t.catchesNot(SECRETS, { path: COMPOSE, files: memoryFiles(REPO) });
  t.catchesNot(SECRETS);
});

test('bad input does not throw', () => {
  for (const text of [lines('secrets:', '  - a'), lines('secrets: nope'), lines('secrets:', '  a:', '  b: x', '  c:', '    file: [1]', '  d:', '    file:'), '']) t.findings(text, inRepo(text, REPO));
});
