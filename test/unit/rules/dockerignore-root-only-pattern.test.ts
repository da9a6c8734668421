import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { fakeWorkspace } from '../dockerignore/fakeWorkspace';

const t = ruleTester('dockerignore-root-only-pattern', { path: '/repo/.dockerignore' });

test('without the workspace: fires for names generated at any depth', () => {
  const f = t.catchesAt(lines('.git', '__pycache__/', '*.pyc', '  node_modules  ', '.venv/', '*.py[cod]'), [
    { line: 1, character: 0, endCharacter: 12 },
    { line: 2, character: 0, endCharacter: 5 },
    { line: 3, character: 2, endCharacter: 14 },
    { line: 4, character: 0, endCharacter: 6 },
    { line: 5, character: 0, endCharacter: 9 },
  ]);
  assert.match(f[0].message, /^`__pycache__\/` matches only at the context root: a \.dockerignore is not a \.gitignore, and __pycache__ appears at any depth, and the deeper ones are sent\. Write `\*\*\/__pycache__\/`\.$/);
});

test('without the workspace: silent on names that are not always generated deeper', () => {
  t.catchesNot(lines('*.log', '.env', 'logs/', 'README.md', 'dist/', '.git/', 'docs'));
});

test('never fires on **/ patterns, anchored ones, exceptions, or names already excluded deeper', () => {
  t.catchesNot(lines('**/__pycache__', '/node_modules', '!*.pyc', 'app/*.pyc', '**/*.pyc'));
  t.catchesNot(lines('__pycache__/', '**/__pycache__'));
  t.catchesNot(lines('node_modules', 'x/**', '**/node_modules/'));
});

const python = {
  '/repo/Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\n',
  '/repo/requirements.txt': 'flask\n',
  '/repo/app/main.py': 'print(1)\n',
  '/repo/app/api/routes.py': 'x = 1\n',
};

test('with the workspace: a Python project will have __pycache__ beside its packages', () => {
  const { workspace, files } = fakeWorkspace({ ...python, '/repo/.dockerignore': '' });
  const [f] = t.catchesAt(lines('__pycache__/'), [{ line: 0, character: 0, endCharacter: 12 }], { workspace, files });
  assert.match(f.message, /this is a Python project, so __pycache__ will appear in app, app\/api and be sent/);
});

test('with the workspace: deeper matches on disk are named', () => {
  const { workspace, files } = fakeWorkspace({ '/repo/Dockerfile': 'FROM nginx\nCOPY site /usr/share/nginx/html\n', '/repo/site/logs/access.log': 10, '/repo/error.log': 5, '/repo/.dockerignore': '' });
  const [f] = t.catchesAt(lines('*.log'), [{ line: 0, character: 0, endCharacter: 5 }], { workspace, files });
  assert.match(f.message, /deeper matches are still sent: site\/logs\/access\.log\./);
  t.catchesAt(lines('logs/'), [{ line: 0, character: 0, endCharacter: 5 }], { workspace, files });
});

test('with the workspace: silent when nothing deeper exists or could', () => {
  const { workspace, files } = fakeWorkspace({ '/repo/Dockerfile': 'FROM python:3.12\nCOPY . /app\n', '/repo/requirements.txt': 'x\n', '/repo/main.py': '', '/repo/.dockerignore': '' });
  t.catchesNot(lines('__pycache__/', '*.pyc', '*.log', 'README.md'), { workspace, files });
  // A plain name is not assumed to be meant for every depth.
  const deep = fakeWorkspace({ '/repo/Dockerfile': 'FROM x\nCOPY . /\n', '/repo/docs/README.md': 1, '/repo/README.md': 1, '/repo/.dockerignore': '' });
  t.catchesNot(lines('README.md'), deep);
});

test('with the workspace: silent when a COPY needs the deeper files', () => {
  const { workspace, files } = fakeWorkspace({ '/repo/Dockerfile': 'FROM x\nCOPY site/logs/access.log /srv/\n', '/repo/site/logs/access.log': 10, '/repo/.dockerignore': '' });
  t.catchesNot(lines('*.log'), { workspace, files });
});

test('fix rewrites the pattern as **/… (LF, CRLF, indented)', () => {
  t.fixes(lines('.git', '__pycache__/', 'dist'), lines('.git', '**/__pycache__/', 'dist'));
  t.fixes('.git\r\n  *.pyc\r\n', '.git\r\n  **/*.pyc\r\n');
  t.fixes('./node_modules', '**/node_modules');
});
