import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { fakeWorkspace } from '../dockerignore/fakeWorkspace';

const t = ruleTester('dockerignore-dead-pattern', { path: '/repo/.dockerignore' });

const repo = {
  '/repo/Dockerfile': 'FROM python:3.12\nCOPY . /app\n',
  '/repo/app/main.py': 1,
  '/repo/docs/README.md': 1,
  '/repo/docs/guide.md': 1,
  '/repo/.git/': 0,
  '/repo/.dockerignore': '',
};
const ws = fakeWorkspace(repo);
const text = lines('docs', '!docs/READ.md', 'services/old-api/tests', '*.tmp', '.git', 'node_modules/left-pad', '!docs/README.md', '.DS_Store', '!.env.example', 'app/main.py');

test('fires on exceptions and explicit paths that match nothing in the context', () => {
  const f = t.catchesAt(text, [
    { line: 1, character: 0, endCharacter: 13 },
    { line: 2, character: 0, endCharacter: 22 },
  ], ws);
  assert.equal(f[0].message, '`!docs/READ.md` brings back nothing: no path in the build context matches `docs/READ.md` (renamed or removed?).');
  assert.equal(f[1].message, '`services/old-api/tests` matches nothing in the build context (renamed or removed?), so it excludes nothing.');
  assert.equal(f[0].severity, 'info');
});

test('an exception with wildcards that matches nothing is dead too', () => {
  t.catchesAt(lines('docs', '!docs/*.rst'), [{ line: 1, character: 0, endCharacter: 11 }], ws);
});

test('says nothing without the workspace, on a truncated listing, or when no build uses the file', () => {
  t.catchesNot(text);
  t.catchesNot(text, fakeWorkspace(repo, [], { truncated: true }));
  t.catchesNot(text, { ...ws, path: '/repo/other/.dockerignore' });
});

test('looks across every context the file serves (a <Dockerfile>.dockerignore built with two contexts)', () => {
  const two = fakeWorkspace(
    { '/repo/svc/Dockerfile': 'FROM x\nCOPY . /app\n', '/repo/svc/Dockerfile.dockerignore': '', '/repo/svc/tests/t.py': 1, '/repo/svc/main.py': 1 },
    [
      { dockerfile: '/repo/svc/Dockerfile', context: '/repo', name: 'root' },
      { dockerfile: '/repo/svc/Dockerfile', context: '/repo/svc', name: 'own' },
    ],
  );
  const o = { ...two, path: '/repo/svc/Dockerfile.dockerignore' };
  // `svc/tests` exists in the /repo context, `tests` in /repo/svc: neither is dead.
  const [f] = t.catchesAt(lines('svc/tests', 'tests', 'old'), [{ line: 2, character: 0, endCharacter: 3 }], o);
  assert.match(f.message, /in any of the 2 build contexts that use this file/);
});

test('fix (unsafe) removes the line', () => {
  t.fixes(lines('docs', '!docs/READ.md', '*.tmp'), lines('docs', '*.tmp'), ws);
  t.fixes('docs\r\nold/path', 'docs\r\n', ws);
  const [f] = t.findings(lines('old/path'), ws);
  assert.equal(f.fixes[0].safe, false);
});
