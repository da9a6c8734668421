import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, memoryFiles, ruleTester } from '../../helpers/ruleTester';

const BASE = lines(
  'x-common: &common',
  '  restart: unless-stopped',
  'services:',
  '  api:',
  '    <<: *common',
  '    build: ./api',
  '    environment:',
  '      - LOG_LEVEL=INFO',
  '      - PORT=8080',
  '    ports:',
  '      - "8080:8080"',
  '    healthcheck:',
  '      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]',
  '      interval: 30s',
  '  db:',
  '    image: postgres:16',
  '    command: ["postgres", "-c", "max_connections=200"]',
);

const OVERRIDE = '/repo/docker-compose.prod.yml';
const withBase = (base = BASE, extra: Record<string, string> = {}) => ({ path: OVERRIDE, files: memoryFiles({ '/repo/docker-compose.yml': base, [OVERRIDE]: '', ...extra }) });
const t = ruleTester('compose-override-duplicate');

test('flags repeated scalars, repeated environment entries (list vs map form) and repeated port items', () => {
  const text = lines(
    'services:',
    '  api:',
    '    restart: unless-stopped   # from the base anchor',
    '    environment:',
    '      LOG_LEVEL: INFO',
    '      PORT: "9090"',
    '    ports:',
    '      - "8080:8080"',
    '      - "9090:9090"',
    '    healthcheck:',
    '      interval: 30s',
    '      retries: 5',
  );
  const found = t.catchesAt(
    text,
    [
      { line: 2, character: 4, endCharacter: 27 },
      { line: 4, character: 6, endCharacter: 21 },
      { line: 7, character: 8, endCharacter: 19 },
      { line: 10, character: 6, endCharacter: 19 },
    ],
    withBase(),
  );
  assert.match(found[1].message, /"environment\.LOG_LEVEL" of service "api" repeats what docker-compose\.yml already sets/);
});

test('the fix removes each repeat and keeps comments, anchors and the differences', () => {
  const text = lines(
    '# Production overrides',
    'services:',
    '  api:',
    '    restart: unless-stopped',
    '    environment:',
    '      - LOG_LEVEL=INFO',
    '      - LOG_FORMAT=json  # structured logs',
    '  db:',
    '    image: postgres:16',
    '    command: ["postgres", "-c", "max_connections=500"]',
  );
  t.fixes(text, lines('# Production overrides', 'services:', '  api:', '    environment:', '      - LOG_LEVEL=INFO', '      - LOG_FORMAT=json  # structured logs', '  db:', '    image: postgres:16', '    command: ["postgres", "-c", "max_connections=500"]'), withBase());
  t.fixes(
    lines('services:', '  api:', '    environment: [LOG_LEVEL=INFO, LOG_FORMAT=json]', '  db:', '    command: ["postgres", "-c", "max_connections=500"]'),
    lines('services:', '  api:', '    environment: [LOG_FORMAT=json]', '  db:', '    command: ["postgres", "-c", "max_connections=500"]'),
    withBase(),
  );
});

test('a service that only repeats the base is reported once and removed whole', () => {
  const text = lines('services:', '  db:', '    image: postgres:16', '  api:', '    environment:', '      - DEBUG=1');
  t.catchesAt(text, [{ line: 1, character: 2, endCharacter: 4 }], withBase());
  t.fixes(text, lines('services:', '  api:', '    environment:', '      - DEBUG=1'), withBase());
});

test('quiet: differences, replaced-whole values, !override/!reset, new services, no base, a base file itself', () => {
  t.catchesNot(lines('services:', '  db:', '    command: ["postgres", "-c", "max_connections=500"]', '    image: postgres:17'), withBase());
  // `command` replaces the base's whole: a partly equal list is not a repeat.
  t.catchesNot(lines('services:', '  db:', '    command: ["postgres"]'), withBase());
  t.catchesNot(lines('services:', '  api:', '    ports: !override', '      - "8080:8080"', '    environment: !reset []'), withBase());
  t.catchesNot(lines('services:', '  worker:', '    image: postgres:16'), withBase());
  t.catchesNot(lines('services:', '  db:', '    image: postgres:16'), { path: OVERRIDE, files: memoryFiles({ [OVERRIDE]: '' }) });
  t.catchesNot(BASE, { path: '/repo/docker-compose.yml', files: memoryFiles({ '/repo/docker-compose.yml': BASE, '/repo/docker-compose.prod.yml': BASE }) });
  // Without a view of the workspace (a text linted on its own) the rule says nothing.
  t.catchesNot(lines('services:', '  db:', '    image: postgres:16'), { path: OVERRIDE });
  t.catchesNot(lines('services: [a]'), withBase());
  t.catchesNot(lines('services:', '  db:', '    image: postgres:16'), withBase('services: [broken'));
});

test('beside other overrides it reports without a fix (a repeat may undo another override)', () => {
  const text = lines('services:', '  api:', '    restart: unless-stopped', '    read_only: true');
  const [f] = t.catches(text, withBase(BASE, { '/repo/docker-compose.override.yml': 'services: {}\n' }));
  assert.deepEqual(f.fixes, []);
  assert.match(f.message, /Other override files/);
});

test('compose.override.yaml finds compose.yaml', () => {
  t.catches(lines('services:', '  db:', '    image: postgres:16', '    ports: ["5432:5432"]'), { path: '/r/compose.override.yaml', files: memoryFiles({ '/r/compose.yaml': BASE, '/r/compose.override.yaml': '' }) });
});
