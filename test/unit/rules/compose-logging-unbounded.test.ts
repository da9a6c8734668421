import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('compose-logging-unbounded');

test('flags the default driver without max-size: on the service name, or on its logging key', () => {
  const f = t.catchesAt(
    lines('services:', '  api:', '    build: .', '  web:', '    image: nginx:1.27', '    logging:', '      driver: json-file', '  db:', '    image: postgres:16', '    logging:', '      options:', '        max-file: "3"'),
    [
      { line: 1, character: 2, endCharacter: 5 },
      { line: 5, character: 4, endCharacter: 11 },
      { line: 9, character: 4, endCharacter: 11 },
    ],
  );
  assert.deepEqual(f.map((x) => x.severity), ['info', 'info', 'info']);
  assert.equal(f[0].fixes[0].safe, false);
  assert.match(f[0].message, /"api" logs with the json-file driver and no max-size/);
});

test('quiet with max-size, another driver, or settings from an anchor', () => {
  t.catchesNot(lines('services:', '  api:', '    build: .', '    logging:', '      driver: "json-file"', '      options:', '        max-size: "10m"'));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    logging:', '      options: {max-size: 50m}'));
  for (const driver of ['local', 'none', 'syslog', 'journald', 'fluentd', 'awslogs', '${LOG_DRIVER}']) {
    t.catchesNot(lines('services:', '  api:', '    build: .', '    logging:', `      driver: ${driver}`));
  }
  t.catchesNot(lines('x-logging: &default-logging', '  driver: json-file', '  options:', '    max-size: "10m"', 'services:', '  api:', '    build: .', '    logging: *default-logging'));
  t.catchesNot(lines('x-common: &common', '  logging:', '    driver: local', 'services:', '  api:', '    <<: *common', '    build: .'));
  t.catchesNot(lines('x-opts: &opts', '  max-size: 10m', 'services:', '  api: {build: ., logging: {options: {<<: *opts}}}'));
  t.catchesNot(lines('services:', '  api:', '    extends: {file: base.yaml, service: api}'));
});

test('fix: adds a logging section beside healthcheck/restart', () => {
  t.fixes(
    lines('services:', '  api:', '    build: .', '    restart: unless-stopped', '    ports:', '      - "8000:8000"'),
    lines('services:', '  api:', '    build: .', '    restart: unless-stopped', '    logging:', '      driver: "json-file"', '      options:', '        max-size: "10m"', '        max-file: "3"', '    ports:', '      - "8000:8000"'),
  );
});

test('fix: 4-space file with unindented dashes and single quotes', () => {
  t.fixes(
    lines('services:', '    api:', '        image: nginx:1.27', '        ports:', "        - '8080:80'"),
    lines('services:', '    api:', '        image: nginx:1.27', '        ports:', "        - '8080:80'", '        logging:', "            driver: 'json-file'", '            options:', "                max-size: '10m'", "                max-file: '3'"),
  );
});

test('fix: completes an own logging mapping', () => {
  t.fixes(
    lines('services:', '  api:', '    build: .', '    logging:', '      driver: json-file  # default', '    restart: always'),
    lines('services:', '  api:', '    build: .', '    logging:', '      driver: json-file  # default', '      options:', '        max-size: "10m"', '        max-file: "3"', '    restart: always'),
  );
  // max-file already chosen: only max-size added.
  t.fixes(
    lines('services:', '  api:', '    build: .', '    logging:', '      options:', '        max-file: "5"'),
    lines('services:', '  api:', '    build: .', '    logging:', '      options:', '        max-file: "5"', '        max-size: "10m"'),
  );
  t.fixes(lines('services:', '  api:', '    build: .', '    logging:', '      options:'), lines('services:', '  api:', '    build: .', '    logging:', '      options:', '        max-size: "10m"', '        max-file: "3"'));
  t.fixes(lines('services:', '  api:', '    build: .', '    logging:'), lines('services:', '  api:', '    build: .', '    logging:', '      driver: "json-file"', '      options:', '        max-size: "10m"', '        max-file: "3"'));
  t.fixes(lines('services:', '  api:', '    build: .', '    logging:', '      options:', '        max-size:'), lines('services:', '  api:', '    build: .', '    logging:', '      options:', '        max-size: "10m"'));
});

test('fix: flow mappings', () => {
  t.fixes(lines('services:', '  api: {build: .}'), lines('services:', '  api: {build: ., logging: {driver: "json-file", options: {max-size: "10m", max-file: "3"}}}'));
  t.fixes(lines('services:', '  api: {build: ., logging: {options: {}}}'), lines('services:', '  api: {build: ., logging: {options: {max-size: "10m", max-file: "3"}}}'));
  t.fixes(lines('services:', '  api: {build: ., logging: {driver: json-file}}'), lines('services:', '  api: {build: ., logging: {driver: json-file, options: {max-size: "10m", max-file: "3"}}}'));
});

test('fix: never edits a shared anchor; the service gets its own settings repeating the shared options', () => {
  const anchor = ['x-logging: &default-logging', '  driver: json-file', '  options:', '    max-file: "5"'];
  // Merged service: own `logging` key, reported on the service name.
  const merged = lines('x-common: &common', '  logging:', '    options:', '      max-file: "5"', 'services:', '  api:', '    <<: *common', '    build: .');
  t.catchesAt(merged, [{ line: 5, character: 2, endCharacter: 5 }]);
  t.fixes(
    merged,
    lines('x-common: &common', '  logging:', '    options:', '      max-file: "5"', 'services:', '  api:', '    <<: *common', '    build: .', '    logging:', '      driver: "json-file"', '      options:', '        max-file: "5"', '        max-size: "10m"'),
  );
  // `logging: *alias`: the alias is replaced.
  t.fixes(
    lines(...anchor, 'services:', '  api:', '    build: .', '    logging: *default-logging', '    restart: always'),
    lines(...anchor, 'services:', '  api:', '    build: .', '    logging:', '      driver: "json-file"', '      options:', '        max-file: "5"', '        max-size: "10m"', '    restart: always'),
  );
  // `logging: {<<: *anchor}`: its merged options are repeated in an own `options`.
  t.fixes(
    lines(...anchor, 'services:', '  api:', '    build: .', '    logging:', '      <<: *default-logging'),
    lines(...anchor, 'services:', '  api:', '    build: .', '    logging:', '      <<: *default-logging', '      options:', '        max-file: "5"', '        max-size: "10m"'),
  );
});

test('`!reset` logging is flagged without a fix (a second key would be a duplicate)', () => {
  const f = t.catchesAt(lines('x-common: &common', '  logging:', '    driver: local', 'services:', '  api:', '    <<: *common', '    build: .', '    logging: !reset'), [{ line: 4, character: 2, endCharacter: 5 }]);
  assert.deepEqual(f[0].fixes, []);
});

test('CRLF line breaks are kept', () => {
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  t.fixes(crlf(lines('services:', '  api:', '    build: .')), crlf(lines('services:', '  api:', '    build: .', '    logging:', '      driver: "json-file"', '      options:', '        max-size: "10m"', '        max-file: "3"')));
});

test('bad input does not throw', () => {
  t.catchesNot(lines('services:', '  - api'));
  t.catchesNot('services: nope\n');
  t.catchesNot(lines('services:', '  a: just-a-string', '  b: [1, 2]', '  c:', '  d:', '    image: x:1', '    logging: json-file'));
  const f = t.catchesAt(lines('services:', '  api:', '    build: .', '    logging:', '      options: [max-size=10m]'), [{ line: 3, character: 4, endCharacter: 11 }]);
  assert.deepEqual(f[0].fixes, []);
});
