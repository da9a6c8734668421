import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';
import { inWorkspace } from '../../helpers/workspace';

const t = ruleTester('ci-runtime-mismatch');
const WORKFLOW = '/repo/.github/workflows/test.yml';
const text = (python: string, node = '22') =>
  lines('on: push', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/setup-python@v5', '        with:', `          python-version: ${python}`, '      - uses: actions/setup-node@v4', '        with:', `          node-version: ${node}`);
const repo = (workflow: string) =>
  inWorkspace(
    {
      [WORKFLOW]: workflow,
      '/repo/services/api/Dockerfile': 'FROM python:3.12-alpine\n',
      '/repo/services/worker/Dockerfile': lines('FROM python:3.12.4-slim AS build', 'FROM build'),
      '/repo/services/web/Dockerfile': 'FROM node:22.11-alpine\n',
    },
    WORKFLOW,
  );

test('a setup version the images do not ship is reported at the version, naming what the images use', () => {
  const w = text("'3.11'", '20');
  const found = t.catchesAt(w, [{ line: 7, character: 26, endCharacter: 32 }, { line: 10, character: 24, endCharacter: 26 }], repo(w));
  assert.match(found[0].message, /CI sets up Python 3\.11, but the images ship Python 3\.12 \(services\/api\/Dockerfile, services\/worker\/Dockerfile\)/);
  assert.match(found[1].message, /Node\.js 20, but the images ship Node\.js 22 \(services\/web\/Dockerfile\)/);
});

test('quiet: matching versions (patch and .x forms), expressions, no such images, no workspace', () => {
  for (const v of ['3.12', "'3.12.x'", '3.12.7']) t.catchesNot(text(v, '22.x'), repo(text(v, '22.x')));
  const expr = text('${{ matrix.python }}', 'lts/*');
  t.catchesNot(expr, repo(expr));
  t.catchesNot(text('3.11'), inWorkspace({ [WORKFLOW]: text('3.11'), '/repo/Dockerfile': 'FROM alpine:3.20\n' }, WORKFLOW));
  t.catchesNot(text('3.11'));
});
