import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { fakeWorkspace } from '../dockerignore/fakeWorkspace';

const t = ruleTester('dockerignore-incomplete', { path: '/repo/.dockerignore' });

const repo = {
  '/repo/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\n',
  '/repo/requirements.txt': 'flask\n',
  '/repo/app/main.py': 100,
  '/repo/app/__pycache__/main.cpython-312.pyc': 1000,
  '/repo/app/__pycache__/util.cpython-312.pyc': 1048,
  '/repo/.env': 120,
  '/repo/.env.example': 50,
  '/repo/web/package.json': '{}',
  '/repo/web/node_modules/left-pad/index.js': 10,
  '/repo/.git/config': 10,
  '/repo/.dockerignore': '',
};

test('counts what each sendable adds, names local secret files, and folders it did not walk', () => {
  const [f] = t.catchesAt(lines('*.md', 'tmp/'), [{ line: 0, character: 0, endCharacter: 4 }], fakeWorkspace(repo));
  assert.equal(
    f.message,
    'This .dockerignore lets through a .git folder; a node_modules folder; .env (a local file, 120 B); 2 files in __pycache__ (2 kB). That adds 3 files, 2.2 kB to the build context. Add `**/.git`, `**/node_modules`, `**/.env`, `**/__pycache__`.',
  );
});

test('fix (unsafe) appends the missing patterns in **/ form', () => {
  const ws = fakeWorkspace(repo);
  t.fixes(lines('*.md'), lines('*.md', '**/.git', '**/node_modules', '**/.env', '**/__pycache__'), ws);
  t.fixes('*.md\r\n', '*.md\r\n**/.git\r\n**/node_modules\r\n**/.env\r\n**/__pycache__\r\n', ws);
  t.fixes('*.md', '*.md\n**/.git\n**/node_modules\n**/.env\n**/__pycache__\n', ws);
  t.fixes('', '**/.git\n**/node_modules\n**/.env\n**/__pycache__\n', ws);
  assert.equal(t.findings('*.md\n', ws)[0].fixes[0].safe, false);
});

test('.env.* keeps the committed templates that are sent today', () => {
  const ws = fakeWorkspace({ ...repo, '/repo/config/.env.local': 30 });
  t.fixes(
    lines('.git', '**/node_modules', '**/__pycache__', '**/.env'),
    lines('.git', '**/node_modules', '**/__pycache__', '**/.env', '**/.env.*', '!**/.env.example'),
    ws,
  );
});

test('generated folders are judged from the project kind when this disk has none', () => {
  const ws = fakeWorkspace({ '/repo/Dockerfile': 'FROM python:3.12\nCOPY . /app\n', '/repo/pyproject.toml': 1, '/repo/main.py': 1, '/repo/app/api.py': 1, '/repo/.dockerignore': '' });
  const [f] = t.catches(lines('.git'), ws);
  assert.equal(f.message, 'This .dockerignore lets through __pycache__ folders (Python writes them beside the code: the root, app). Add `**/__pycache__`.');
  t.catchesNot(lines('__pycache__', 'app/__pycache__'), ws);
});

test('never proposes what a COPY/ADD names', () => {
  const ws = fakeWorkspace({
    ...repo,
    '/repo/Dockerfile': 'FROM python:3.12\nCOPY .env /app/.env\nADD --chown=1 .git /src/.git\nCOPY --from=deps /x/node_modules /app/node_modules\n',
  });
  const [f] = t.catches(lines('x'), ws);
  assert.doesNotMatch(f.message, /\.env|\.git/);
  assert.match(f.message, /node_modules/); // --from copies come from another stage, not the context
});

test('silent when complete, without the workspace, when no build uses the file, or when a Dockerfile cannot be read', () => {
  const ws = fakeWorkspace(repo);
  t.catchesNot(lines('**/.git', '**/node_modules', '**/.env', '**/__pycache__'), ws);
  t.catchesNot(lines('.git', 'node_modules', 'web/node_modules', '.env', '**/__pycache__'), ws);
  t.catchesNot(lines('*.md'));
  t.catchesNot(lines('*.md'), { ...ws, path: '/repo/web/.dockerignore' });
  t.catchesNot(lines('*.md'), { workspace: ws.workspace, files: { read: () => undefined, list: () => undefined } });
});

test('an exception that brings a sendable back counts', () => {
  const ws = fakeWorkspace(repo);
  const [f] = t.catches(lines('**/.git', '**/node_modules', '**', '!.env', '!README.md'), ws);
  assert.match(f.message, /lets through \.env \(a local file, 120 B\)\./);
});
