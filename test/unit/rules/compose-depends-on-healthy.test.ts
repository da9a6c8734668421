import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('compose-depends-on-healthy');

const DB = ['  db:', '    image: postgres:16', '    healthcheck:', '      test: ["CMD-SHELL", "pg_isready -U postgres"]'];
const CACHE = ['  cache:', '    image: redis:7'];

test('flags each short-form item naming a service with a health check', () => {
  const f = t.catchesAt(lines('services:', '  api:', '    build: .', '    depends_on:', '      - cache', '      - db', ...DB, ...CACHE), [{ line: 5, character: 8, endCharacter: 10 }]);
  assert.equal(f[0].severity, 'info');
  assert.match(f[0].message, /"api" starts as soon as "db" has started/);
  assert.equal(f[0].fixes[0].safe, false);
  // Flow list, and a health check the dependency gets from an anchor.
  t.catchesAt(
    lines('x-hc: &hc', '  healthcheck:', '    test: ["CMD", "redis-cli", "ping"]', 'services:', '  api:', '    build: .', '    depends_on: [db, cache]', ...DB, '  cache:', '    <<: *hc', '    image: redis:7'),
    [
      { line: 6, character: 17, endCharacter: 19 },
      { line: 6, character: 21, endCharacter: 26 },
    ],
  );
});

test('quiet when the dependency has no usable health check, or the long form is used', () => {
  t.catchesNot(lines('services:', '  api:', '    build: .', '    depends_on: [cache]', ...CACHE));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    depends_on: [db]', '  db:', '    image: postgres:16', '    healthcheck:', '      disable: true'));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    depends_on: [db]', '  db: {image: postgres:16, healthcheck: {test: [NONE]}}'));
  // Timings only: Compose cannot know the image has a HEALTHCHECK.
  t.catchesNot(lines('services:', '  api:', '    build: .', '    depends_on: [db]', '  db:', '    image: postgres:16', '    healthcheck:', '      interval: 5s'));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    depends_on:', '      db:', '        condition: service_started', ...DB));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    depends_on: {db: {condition: service_healthy}}', ...DB));
  // `!reset` drops the list merged from the anchor.
  t.catchesNot(lines('x-common: &common', '  depends_on: [db]', 'services:', '  api:', '    <<: *common', '    build: .', '    depends_on: !reset', ...DB));
  // A name not in this file.
  t.catchesNot(lines('services:', '  api:', '    build: .', '    depends_on: [elsewhere]'));
});

test('fix: block list to long form, comments kept, other names get service_started', () => {
  t.fixes(
    lines('services:', '  api:', '    build: .', '    depends_on:', '      - db  # the database', '      # then the cache', '      - cache', '    ports:', '      - "8000:8000"', ...DB, ...CACHE),
    lines(
      'services:',
      '  api:',
      '    build: .',
      '    depends_on:',
      '      db:',
      '        condition: service_healthy  # the database',
      '      # then the cache',
      '      cache:',
      '        condition: service_started',
      '    ports:',
      '      - "8000:8000"',
      ...DB,
      ...CACHE,
    ),
  );
});

test('fix: 4-space file with unindented dashes', () => {
  const db = ['    db:', '        image: postgres:16', '        healthcheck:', '            test: ["CMD", "pg_isready"]'];
  t.fixes(
    lines('services:', '    api:', '        build: .', '        depends_on:', '        - db', '        ports:', '        - "8000:8000"', ...db),
    lines('services:', '    api:', '        build: .', '        depends_on:', '            db:', '                condition: service_healthy', '        ports:', '        - "8000:8000"', ...db),
  );
});

test('fix: flow list becomes the block form; a flow service stays flow', () => {
  t.fixes(
    lines('services:', '  api:', '    build: .', '    depends_on: [db, cache]  # both', ...DB, ...CACHE),
    lines('services:', '  api:', '    build: .', '    depends_on:', '      db:', '        condition: service_healthy', '      cache:', '        condition: service_started  # both', ...DB, ...CACHE),
  );
  t.fixes(
    lines('services:', '  api: {build: ., depends_on: [db, cache]}', ...DB, ...CACHE),
    lines('services:', '  api: {build: ., depends_on: {db: {condition: service_healthy}, cache: {condition: service_started}}}', ...DB, ...CACHE),
  );
});

test('fix: CRLF line breaks are kept', () => {
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  t.fixes(
    crlf(lines('services:', '  api:', '    build: .', '    depends_on:', '      - db', ...DB)),
    crlf(lines('services:', '  api:', '    build: .', '    depends_on:', '      db:', '        condition: service_healthy', ...DB)),
  );
});

test('a list merged from an anchor: reported on the service, fixed with an own key; the anchor is untouched', () => {
  const text = lines('x-common: &common', '  restart: unless-stopped', '  depends_on:', '    - db', 'services:', '  api:', '    <<: *common', '    build: .', ...DB);
  t.catchesAt(text, [{ line: 5, character: 2, endCharacter: 5 }]);
  t.fixes(text, lines('x-common: &common', '  restart: unless-stopped', '  depends_on:', '    - db', 'services:', '  api:', '    <<: *common', '    build: .', '    depends_on:', '      db:', '        condition: service_healthy', ...DB));
});

test('an aliased list: the alias is replaced for this service only; the anchored list itself has no fix', () => {
  const text = lines('services:', '  api:', '    build: .', '    depends_on: &deps [db]', '  worker:', '    build: .', '    depends_on: *deps', ...DB);
  const f = t.catchesAt(text, [
    { line: 3, character: 23, endCharacter: 25 },
    { line: 4, character: 2, endCharacter: 8 },
  ]);
  assert.deepEqual(f[0].fixes, []);
  t.fixes(text, lines('services:', '  api:', '    build: .', '    depends_on: &deps [db]', '  worker:', '    build: .', '    depends_on: {db: {condition: service_healthy}}', ...DB), { findingIndex: 1 });
});

test('bad input does not throw', () => {
  t.catchesNot(lines('services:', '  - api'));
  t.catchesNot('services: nope\n');
  t.catchesNot(lines('services:', '  a: just-a-string', '  b: [1, 2]', '  c:', '  d:', '    image: x:1', '    depends_on: db'));
  // An item that is not a name: reported without a fix.
  const f = t.catchesAt(lines('services:', '  api:', '    build: .', '    depends_on: [db, {x: 1}]', ...DB), [{ line: 3, character: 17, endCharacter: 19 }]);
  assert.deepEqual(f[0].fixes, []);
});
