import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { applyEdits } from '../../../rules';
import { fakeWorkspace } from '../dockerignore/fakeWorkspace';

const t = ruleTester('dockerignore-not-applied', { path: '/repo/services/api/.dockerignore' });

const ignoreText = lines('# caches', '__pycache__/', '*.pyc', '!keep.pyc', '**/.env', '/tests', '.');
const repo = {
  '/repo/compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: services/api/Dockerfile\n',
  '/repo/services/api/Dockerfile': 'FROM python:3.12-slim\nCOPY services/api /app\n',
  '/repo/services/api/.dockerignore': ignoreText,
  '/repo/services/api/app.py': 1,
};
const rootBuild = [{ dockerfile: '/repo/services/api/Dockerfile', context: '/repo', name: 'api', file: '/repo/compose.yaml' }];

test('fires when every build of the Dockerfile beside it uses another context', () => {
  const ws = fakeWorkspace(repo, rootBuild);
  const [f] = t.catchesAt(ignoreText, [{ line: 1, character: 0, endCharacter: 12 }], ws);
  assert.equal(
    f.message,
    "No build uses this .dockerignore: Docker reads only the one at the build context's root or `<Dockerfile>.dockerignore` beside the Dockerfile, and api (../../compose.yaml) uses the context `../..`. Rename it to Dockerfile.dockerignore with its patterns relative to the context.",
  );
});

test('fix renames it to Dockerfile.dockerignore with patterns relative to the context', () => {
  const ws = fakeWorkspace(repo, rootBuild);
  const [f] = t.findings(ignoreText, ws);
  const fix = f.fixes[0];
  assert.equal(fix.safe, false);
  assert.deepEqual(fix.otherFiles, [{ path: '.dockerignore', renameTo: 'Dockerfile.dockerignore' }]);
  assert.equal(
    applyEdits(ignoreText, fix.edits).text,
    lines('# caches', 'services/api/__pycache__/', 'services/api/*.pyc', '!services/api/keep.pyc', '**/.env', 'services/api/tests', 'services/api'),
  );
});

test('fix keeps the context root .dockerignore patterns first (the new file replaces it for this Dockerfile), CRLF kept', () => {
  const crlf = ignoreText.replace(/\n/g, '\r\n');
  const ws = fakeWorkspace({ ...repo, '/repo/services/api/.dockerignore': crlf, '/repo/.dockerignore': '.git\nnode_modules\n' }, rootBuild);
  const [f] = t.findings(crlf, ws);
  assert.equal(
    applyEdits(crlf, f.fixes[0].edits).text,
    [
      '# From ../../.dockerignore (this file now replaces it for Dockerfile)',
      '.git',
      'node_modules',
      '',
      '# From .dockerignore, relative to the build context',
      '# caches',
      'services/api/__pycache__/',
      'services/api/*.pyc',
      '!services/api/keep.pyc',
      '**/.env',
      'services/api/tests',
      'services/api',
      '',
    ].join('\r\n'),
  );
});

test('no fix when the Dockerfile already has its own Dockerfile.dockerignore', () => {
  const ws = fakeWorkspace({ ...repo, '/repo/services/api/Dockerfile.dockerignore': '.git\n' }, rootBuild);
  const [f] = t.catches(ignoreText, ws);
  assert.deepEqual(f.fixes, []);
});

test('silent when a build uses it, when builds are guessed, or without the workspace', () => {
  t.catchesNot(ignoreText, fakeWorkspace(repo, [{ dockerfile: '/repo/services/api/Dockerfile', context: '/repo/services/api' }]));
  t.catchesNot(ignoreText, fakeWorkspace(repo)); // guessed: the Dockerfile's own folder
  t.catchesNot(ignoreText);
  // No Dockerfile beside it: some undeclared `docker build .` may use the folder.
  t.catchesNot(ignoreText, { ...fakeWorkspace(repo, rootBuild), path: '/repo/docs/.dockerignore' });
  // Another Dockerfile beside it has only a guessed build.
  t.catchesNot(ignoreText, fakeWorkspace({ ...repo, '/repo/services/api/Dockerfile.dev': 'FROM x\n' }, rootBuild));
});

test('a <Dockerfile>.dockerignore whose Dockerfile is not beside it', () => {
  const ws = fakeWorkspace({ ...repo, '/repo/services/api/Dockerfile.prod.dockerignore': '.git\n' }, rootBuild);
  const o = { ...ws, path: '/repo/services/api/Dockerfile.prod.dockerignore' };
  const [f] = t.catchesAt(lines('.git'), [{ line: 0, character: 0, endCharacter: 4 }], o);
  assert.match(f.message, /there is no Dockerfile\.prod in this folder \(renamed\?\)/);
  t.catchesNot(lines('.git'), { ...fakeWorkspace({ ...repo, '/repo/services/api/Dockerfile.prod': 'FROM x\n', '/repo/services/api/Dockerfile.prod.dockerignore': '' }, rootBuild), path: '/repo/services/api/Dockerfile.prod.dockerignore' });
});
