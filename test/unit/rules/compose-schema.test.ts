import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('compose-schema');

test('an unknown key is a warning at the key, with the closest allowed key', () => {
  const [f] = t.catchesAt(lines('services:', '  api:', '    image: app:1', '    securty_opt: [no-new-privileges:true]'), [{ line: 3, character: 4, endCharacter: 15 }]);
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /Did you mean "security_opt"/);
});

test('wrong types and bad enum values are errors at the value', () => {
  const [f] = t.catchesAt(lines('services:', '  api:', '    image: app:1', '    depends_on:', '      db:', '        condition: service_healty', '  db:', '    image: postgres:16'), [{ line: 5, character: 19, endCharacter: 33 }]);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /service_healthy/);
  t.catchesAt(lines('services:', '  api:', '    image: app:1', '    ports: [true]'), [{ line: 3, character: 12, endCharacter: 16 }]);
});

test('a mistake in a shared anchor is reported once, where the anchor writes it', () => {
  t.catchesAt(lines('x-common: &common', '  restrat: always', 'services:', '  a:', '    <<: *common', '    image: a:1', '  b:', '    <<: *common', '    image: b:1'), [{ line: 1, character: 2, endCharacter: 9 }]);
});

test('accepts x- extensions, interpolation, !reset, and the plan §3.2 example', () => {
  t.catchesNot(lines('x-env: &env', '  TZ: UTC', 'services:', '  api:', '    image: app:${TAG:-1}', '    cpus: ${CPUS:-0.5}', '    read_only: ${RO:-true}', '    environment: *env', '    ports: !reset []', '    x-notes: anything'));
  t.catchesNot(lines('services:', '  websocket-ingestion:', '    security_opt:', '      - no-new-privileges:true', '      - seccomp:unconfined  # Only if needed for specific syscalls', '    cap_drop:', '      - ALL', '    cap_add:', '      - NET_BIND_SERVICE  # Only if binding to privileged ports', '    read_only: true  # Where possible', '    tmpfs:', '      - /tmp', '      - /var/tmp'));
});

test('a legacy v1 file gets one clear problem, not a flood', () => {
  const found = t.catches(lines('web:', '  image: nginx', '  links: [db]', 'db:', '  image: postgres', '  environment:', '    A: 1'));
  assert.equal(found.length, 1);
  assert.match(found[0].message, /legacy Compose file format v1/);
  assert.equal(found[0].severity, 'info');
});

test('quiet when the YAML itself is broken (compose-syntax reports it) and on empty files', () => {
  t.catchesNot(lines('services:', '  api:', '    image: [a'));
  t.catchesNot('');
  t.catchesNot('# nothing yet\n');
});
