import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';
import { inWorkspace } from '../../helpers/workspace';

const t = ruleTester('copy-source-ignored');
const DOCKERFILE = '/repo/api/Dockerfile';
const COMPOSE = lines('services:', '  api:', '    build: api');
const ws = (dockerfile: string, ignore: string, ignoreName = '/repo/api/.dockerignore') =>
  inWorkspace({ '/repo/compose.yaml': COMPOSE, [DOCKERFILE]: dockerfile, [ignoreName]: ignore, '/repo/api/config/app.yml': 'x\n', '/repo/api/app.py': '\n', '/repo/api/README.md': '\n' }, DOCKERFILE);

test('a source the .dockerignore excludes is an error at the source word', () => {
  const text = lines('FROM python:3.12-alpine', 'COPY config/ /etc/app/', 'COPY app.py .');
  const [f] = t.catchesAt(text, [{ line: 1, character: 5, endCharacter: 12 }], ws(text, lines('config', '*.md')));
  assert.equal(f.severity, 'error');
  assert.match(f.message, /excluded by \.dockerignore/);
});

test('<Dockerfile>.dockerignore wins over the context root one', () => {
  const text = lines('FROM python:3.12-alpine', 'COPY app.py .');
  t.catchesAt(text, [{ line: 1, character: 5, endCharacter: 11 }], ws(text, 'app.py\n', '/repo/api/Dockerfile.dockerignore'));
});

test('a glob all of whose matches are excluded; a glob with some left is fine; exceptions bring files back', () => {
  const text = lines('FROM python:3.12-alpine', 'COPY *.md /docs/', 'COPY *.py ./');
  t.catchesAt(text, [{ line: 1, character: 5, endCharacter: 9 }], ws(text, '*.md\n'));
  t.catchesNot(text, ws(text, lines('*.md', '!README.md')));
});

test('a guessed context: a warning, never an error', () => {
  const text = lines('FROM alpine:3.20', 'COPY secret.txt /');
  const [f] = t.catches(text, inWorkspace({ '/repo/tools/Dockerfile': text, '/repo/tools/.dockerignore': 'secret.txt\n', '/repo/tools/secret.txt': 'x' }, '/repo/tools/Dockerfile'));
  assert.equal(f.severity, 'warning');
});

test('quiet without an ignore file, for the whole context, and without a workspace', () => {
  const text = lines('FROM python:3.12-alpine', 'COPY . .', 'COPY config/ /etc/app/');
  t.catchesNot(text, inWorkspace({ '/repo/compose.yaml': COMPOSE, [DOCKERFILE]: text }, DOCKERFILE));
  t.catchesNot(lines('FROM python:3.12-alpine', 'COPY . .'), ws(text, '*\n!app.py\n'));
  t.catchesNot(text);
});
