import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';
import { inWorkspace } from '../../helpers/workspace';

const t = ruleTester('dockerignore-missing');
const DOCKERFILE = '/repo/services/api/Dockerfile';
const TEXT = lines('FROM python:3.12-alpine', 'COPY services/api/requirements.txt .', 'COPY .env.example .env', 'COPY services/api/ /app/');

const repo = (extra: Record<string, string> = {}) =>
  inWorkspace(
    {
      '/repo/docker-compose.yml': lines('services:', '  api:', '    build:', '      context: .', '      dockerfile: services/api/Dockerfile'),
      [DOCKERFILE]: TEXT,
      '/repo/services/api/requirements.txt': 'flask\n',
      '/repo/services/api/app/main.py': '\n',
      '/repo/services/api/app/__pycache__/main.cpython-312.pyc': 'x',
      '/repo/.env': 'TOKEN=1\n',
      '/repo/.env.example': 'TOKEN=\n',
      '/repo/web/node_modules/x/index.js': 'x',
      '/repo/web/package.json': '{}\n',
      '/repo/.git/HEAD': 'ref\n',
      ...extra,
    },
    DOCKERFILE,
  );

test('a context without .dockerignore is reported on the first FROM, naming the context and its build', () => {
  const [f] = t.catchesAt(TEXT, [{ line: 0, character: 5, endCharacter: 23 }], repo());
  assert.match(f.message, /No \.dockerignore in the build context "\." of the compose build "api" in docker-compose\.yml/);
});

test('the fix creates a .dockerignore at the context root, tailored to it, never excluding a COPY source', () => {
  const [f] = t.catches(TEXT, repo());
  const [change] = f.fixes[0].otherFiles!;
  assert.equal(change.path, '../../.dockerignore');
  assert.equal(
    change.create,
    lines(
      '# Keeps the build context small and free of secrets (plan §2.2).',
      '# Patterns match at the context root unless they start with **/ .',
      '',
      '# Version control',
      '**/.git',
      '',
      '# Dependencies (installed inside the image)',
      '**/node_modules',
      '',
      '# Local environment files (secrets)',
      '**/.env',
      '**/.env.*',
      '!**/.env.example',
      '',
      '# Python caches',
      '**/__pycache__',
      '**/*.pyc',
      '',
      '# Editors',
      '**/.idea',
      '**/.vscode',
      '',
      '# OS files',
      '**/.DS_Store',
      '**/Thumbs.db',
    ),
  );
});

test('quiet when a .dockerignore applies (at the context root or beside the Dockerfile), and without a workspace', () => {
  t.catchesNot(TEXT, repo({ '/repo/.dockerignore': '.git\n' }));
  t.catchesNot(TEXT, repo({ '/repo/services/api/Dockerfile.dockerignore': '.git\n' }));
  t.catchesNot(TEXT);
});

test('a Dockerfile nothing builds: its own folder, said as a guess', () => {
  const [f] = t.catches(lines('FROM alpine:3.20'), inWorkspace({ '/repo/tools/Dockerfile': 'FROM alpine:3.20\n' }, '/repo/tools/Dockerfile'));
  assert.match(f.message, /this Dockerfile's folder \(the context when it is built there\)/);
  assert.equal(f.fixes[0].otherFiles![0].path, '.dockerignore');
});
