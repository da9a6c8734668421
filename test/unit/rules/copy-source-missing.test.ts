import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';
import { inWorkspace } from '../../helpers/workspace';

const t = ruleTester('copy-source-missing');
const DOCKERFILE = '/repo/services/api/Dockerfile';

/** The plan's layout: every service built with the repository root as context and -f services/x/Dockerfile. */
const repo = (dockerfile: string, extra: Record<string, string> = {}) =>
  inWorkspace(
    {
      '/repo/docker-compose.yml': lines('services:', '  api:', '    build:', '      context: .', '      dockerfile: services/api/Dockerfile', '      args:', '        APP_DIR: services/api'),
      [DOCKERFILE]: dockerfile,
      '/repo/services/api/requirements.txt': 'flask\n',
      '/repo/services/api/src/main.py': 'print(1)\n',
      '/repo/shared/lib.py': '\n',
      '/repo/.gitignore': 'dist/\n',
      ...extra,
    },
    DOCKERFILE,
  );

test('a source the context lacks is an error at the source word (paths are relative to the context, not the Dockerfile)', () => {
  const text = lines('FROM python:3.12-alpine', 'COPY requirements.txt .', 'COPY services/api/src/ ./src/', 'COPY shared/ ./shared/');
  const [f] = t.catchesAt(text, [{ line: 1, character: 5, endCharacter: 21 }], repo(text));
  assert.match(f.message, /not in the build context "\." of the compose build "api" in docker-compose\.yml/);
});

test('globs that match nothing, JSON form, ADD; build args resolve sources', () => {
  const text = lines('FROM python:3.12-alpine', 'ARG APP_DIR=nowhere', 'COPY ["services/api/*.txt", "./"]', 'ADD services/api/*.cfg /etc/', 'COPY ${APP_DIR}/src ./src');
  t.catchesAt(text, [{ line: 3, character: 4, endCharacter: 22 }], repo(text));
});

test('quiet: --from copies, URLs, unresolved variables, git-ignored build output, the whole context, guessed contexts, no workspace', () => {
  const text = lines('FROM python:3.12-alpine AS base', 'COPY --from=base /usr /usr', 'ADD https://example.invalid/x.tgz /tmp/', 'ARG UNSET', 'COPY ${UNSET}/x .', 'COPY dist/app.whl .', 'COPY . .', 'COPY ./services/../services/api/requirements.txt .');
  t.catchesNot(text, repo(text));
  // Nothing declares tools/Dockerfile: its context is a guess, so a missing source is not reported.
  t.catchesNot(lines('FROM alpine:3.20', 'COPY nothing-here /x'), inWorkspace({ '/repo/tools/Dockerfile': 'FROM alpine:3.20\n' }, '/repo/tools/Dockerfile'));
  t.catchesNot(lines('FROM alpine:3.20', 'COPY nothing-here /x'));
});
