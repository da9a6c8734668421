import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, memoryFiles, ruleTester, type TesterOptions } from '../../helpers/ruleTester';
import { WorkspaceIndex } from '../../../rules/workspace/index';
import { BUILD_EXTRACTORS } from '../../../rules/workspace/extractors';
import { memoryDisk } from '../../helpers/memoryDisk';

const t = ruleTester('compose-healthcheck-missing');

test('flags a service without a healthcheck on its name, as info, with no fix', () => {
  const f = t.catchesAt(lines('services:', '  api:', '    build: .', '  db:', '    image: postgres:16', '    healthcheck:', '      test: ["CMD", "pg_isready"]'), [
    { line: 1, character: 2, endCharacter: 5 },
  ]);
  assert.equal(f[0].severity, 'info');
  assert.deepEqual(f[0].fixes, []);
  assert.match(f[0].message, /"api" has no health check/);
});

test('flow-style services and 4-space files are flagged on the name', () => {
  t.catchesAt(lines('services:', '  web: {image: nginx:1.27}', '  db: {image: postgres:16, healthcheck: {test: [CMD, pg_isready]}}'), [{ line: 1, character: 2, endCharacter: 5 }]);
  t.catchesAt(lines('services:', '    web:', '        image: nginx:1.27'), [{ line: 1, character: 4, endCharacter: 7 }]);
});

test('`!reset` removes the healthcheck: flagged', () => {
  t.catchesAt(lines('x-base: &base', '  healthcheck:', '    test: ["CMD", "true"]', 'services:', '  web:', '    <<: *base', '    image: nginx:1.27', '    healthcheck: !reset'), [
    { line: 4, character: 2, endCharacter: 5 },
  ]);
});

test('quiet for own, anchored, string-test, timing-only and disabled health checks', () => {
  t.catchesNot(lines('services:', '  web:', '    image: nginx:1.27', '    healthcheck:', '      test: curl -f http://localhost/ || exit 1'));
  t.catchesNot(lines('x-common: &common', '  healthcheck:', '    test: ["CMD", "true"]', 'services:', '  web:', '    <<: *common', '    image: nginx:1.27'));
  t.catchesNot(lines('x-hc: &hc', '  test: ["CMD", "true"]', 'services:', '  web:', '    image: nginx:1.27', '    healthcheck: *hc'));
  // Only timings: the image's own HEALTHCHECK runs with them.
  t.catchesNot(lines('services:', '  web:', '    image: nginx:1.27', '    healthcheck:', '      interval: 10s'));
  t.catchesNot(lines('services:', '  web:', '    image: nginx:1.27', '    healthcheck:', '      disable: true'));
  t.catchesNot(lines('services:', '  web: {image: nginx:1.27, healthcheck: {test: [NONE]}}'));
});

test('quiet for one-shot jobs other services wait to complete, and for services that extend another', () => {
  t.catchesNot(
    lines(
      'services:',
      '  migrate:',
      '    build: .',
      '    command: ["alembic", "upgrade", "head"]',
      '  api:',
      '    build: .',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]',
      '    depends_on:',
      '      migrate:',
      '        condition: service_completed_successfully',
    ),
  );
  t.catchesNot(lines('services:', '  web:', '    extends:', '      file: common.yaml', '      service: web'));
});

const DOCKERFILES: Record<string, string> = {
  // The check lives in `base`; `production` inherits it, `debug` is built FROM another image.
  '/repo/api/Dockerfile': lines(
    'FROM python:3.12-alpine AS base',
    'HEALTHCHECK --interval=30s CMD wget -qO- http://localhost:8000/health || exit 1',
    'FROM base AS production',
    'CMD ["gunicorn", "app:app"]',
    'FROM python:3.12 AS debug',
    'CMD ["python", "-m", "debugpy", "app.py"]',
  ),
  '/repo/web/Dockerfile': lines('FROM nginx:1.27 AS build', 'HEALTHCHECK CMD curl -f http://localhost/', 'FROM nginx:1.27', 'COPY --from=build /x /y'),
  '/repo/off/Dockerfile': lines('FROM nginx:1.27', 'HEALTHCHECK NONE'),
  '/repo/ok/Dockerfile.prod': lines('FROM nginx:1.27', 'HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]'),
};

/** A real workspace at /repo holding the Dockerfiles above and this Compose file. */
function inRepo(compose: string): TesterOptions {
  const texts = { ...DOCKERFILES, '/repo/compose.yaml': compose };
  return { path: '/repo/compose.yaml', files: memoryFiles(texts), workspace: new WorkspaceIndex(memoryDisk(texts), ['/repo'], { extractors: BUILD_EXTRACTORS }).scan() };
}

test('quiet when the shipped stage of the service\'s Dockerfile has a HEALTHCHECK (own or inherited)', () => {
  const text = lines(
    'services:',
    '  api:',
    '    build: {context: ./api, target: PRODUCTION}',
    '  api-default:',
    '    build:',
    '      context: .',
    '      dockerfile: ok/Dockerfile.prod',
    '  api-base:',
    '    build:',
    '      context: api',
    '      target: base',
  );
  t.catchesNot(text, inRepo(text));
});

test('still reported when the shipped stage has none, says HEALTHCHECK NONE, or the Dockerfile cannot be read', () => {
  const text = lines(
    'services:',
    '  debug:',
    '    build: {context: api, target: debug}',
    '  web:',
    '    build: ./web',
    '  off:',
    '    build: off',
    '  gone:',
    '    build: ./gone',
    '  unknown-target:',
    '    build: {context: api, target: "${TARGET}"}',
    '  nginx:',
    '    image: nginx:1.27',
  );
  t.catchesAt(
    text,
    [
      { line: 1, character: 2, endCharacter: 7 },
      { line: 3, character: 2, endCharacter: 5 },
      { line: 5, character: 2, endCharacter: 5 },
      { line: 7, character: 2, endCharacter: 6 },
      { line: 9, character: 2, endCharacter: 16 },
      { line: 11, character: 2, endCharacter: 7 },
    ],
    inRepo(text),
  );
  // Linted on its own, the Dockerfile is unknown: reported as before.
  t.catchesAt(lines('services:', '  api:', '    build: ./api'), [{ line: 1, character: 2, endCharacter: 5 }]);
});

test('bad input does not throw', () => {
  t.catchesNot(lines('services:', '  - api'));
  t.catchesNot('services: nope\n');
  t.catchesNot(lines('services:', '  a: just-a-string', '  b: [1, 2]', '  c:', '  d: 42'));
  t.catchesNot('');
  t.catchesNot(lines('services:', '  api:', '    image: x:1', '    healthcheck: [oops]', '    depends_on: 7'));
  const built = lines('services:', '  a:', '    build: [1]', '  b:', '    build: {context: [x], dockerfile: {y: 1}, target: [z]}', '  c:', '    build: {dockerfile_inline: FROM scratch}');
  t.findings(built, inRepo(built));
});
