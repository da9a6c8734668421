import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

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

test('bad input does not throw', () => {
  t.catchesNot(lines('services:', '  - api'));
  t.catchesNot('services: nope\n');
  t.catchesNot(lines('services:', '  a: just-a-string', '  b: [1, 2]', '  c:', '  d: 42'));
  t.catchesNot('');
  t.catchesNot(lines('services:', '  api:', '    image: x:1', '    healthcheck: [oops]', '    depends_on: 7'));
});
