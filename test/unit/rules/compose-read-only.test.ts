import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('compose-read-only');

test('flags a service without read_only on its name, info for built and image-only services alike', () => {
  const f = t.catchesAt(lines('services:', '  api:', '    build: .', '  db:', '    image: postgres:16'), [
    { line: 1, character: 2, endCharacter: 5 },
    { line: 3, character: 2, endCharacter: 4 },
  ]);
  assert.deepEqual(f.map((x) => x.severity), ['info', 'info']);
});

test('flags read_only written but not true on the key and value', () => {
  t.catchesAt(lines('services:', '  api:', '    build: .', '    read_only: false'), [{ line: 3, character: 4, endCharacter: 20 }]);
  t.catchesAt(lines('services:', '  api:', '    build: .', '    read_only: "${RO:-false}"'), [{ line: 3, character: 4, endCharacter: 29 }]);
  t.catchesAt(lines('services:', '  api: {image: x, read_only: no}'), [{ line: 1, character: 18, endCharacter: 31 }]);
  // From an anchor: reported where the value is, for the service that uses it.
  const [f] = t.catchesAt(lines('x-rw: &rw', '  read_only: false', 'services:', '  api:', '    <<: *rw', '    build: .'), [{ line: 1, character: 2, endCharacter: 18 }]);
  assert.match(f.message, /"api"/);
});

test('accepts true in every form, from an anchor, and values decided where the file runs', () => {
  for (const v of ['true', 'True', '"true"', 'yes', '${READ_ONLY}', '${READ_ONLY:-true}']) t.catchesNot(lines('services:', '  api:', '    build: .', `    read_only: ${v}`));
  t.catchesNot(lines('services:', '  api: {image: x, read_only: true}'));
  t.catchesNot(lines('x-hardened: &hardened', '  read_only: true', '  cap_drop: [ALL]', 'services:', '  api:', '    <<: *hardened', '    build: .'));
  t.catchesNot(lines('x-ro: &ro true', 'services:', '  api:', '    build: .', '    read_only: *ro'));
});

test('!reset removes an inherited read_only', () => {
  t.catchesAt(lines('x-hardened: &hardened', '  read_only: true', 'services:', '  api:', '    <<: *hardened', '    build: .', '    read_only: !reset null'), [{ line: 3, character: 2, endCharacter: 5 }]);
});

test('fix: adds read_only and tmpfs [/tmp] after cap_add, the plan order, keeping comments', () => {
  t.fixes(
    lines('services:', '  api:', '    build: .  # the API', '    cap_drop:', '      - ALL', '    cap_add:', '      - NET_BIND_SERVICE', '    ports:', '      - "8080:8080"'),
    lines('services:', '  api:', '    build: .  # the API', '    cap_drop:', '      - ALL', '    cap_add:', '      - NET_BIND_SERVICE', '    read_only: true', '    tmpfs:', '      - /tmp', '    ports:', '      - "8080:8080"'),
  );
});

test('fix: 4-space file with unindented dashes, CRLF, and a file without a final line break', () => {
  t.fixes(
    lines('services:', '    api:', '        build: .', '        cap_drop:', '        - ALL', '        ports:', '        - "8080:8080"'),
    lines('services:', '    api:', '        build: .', '        cap_drop:', '        - ALL', '        read_only: true', '        tmpfs:', '        - /tmp', '        ports:', '        - "8080:8080"'),
  );
  t.fixes('services:\r\n  api:\r\n    build: .\r\n', 'services:\r\n  api:\r\n    build: .\r\n    read_only: true\r\n    tmpfs:\r\n      - /tmp\r\n');
  t.fixes('services:\n  api:\n    build: .', 'services:\n  api:\n    build: .\n    read_only: true\n    tmpfs:\n      - /tmp\n');
});

test('fix: no tmpfs when the service already has a writable /tmp', () => {
  t.fixes(lines('services:', '  api:', '    build: .', '    tmpfs: /run'), lines('services:', '  api:', '    build: .', '    tmpfs: /run', '    read_only: true'));
  t.fixes(
    lines('x-tmp: &tmp', '  tmpfs: [/tmp]', 'services:', '  api:', '    <<: *tmp', '    build: .'),
    lines('x-tmp: &tmp', '  tmpfs: [/tmp]', 'services:', '  api:', '    <<: *tmp', '    build: .', '    read_only: true'),
  );
  t.fixes(
    lines('services:', '  api:', '    build: .', '    volumes:', '      - type: tmpfs', '        target: /cache'),
    lines('services:', '  api:', '    build: .', '    volumes:', '      - type: tmpfs', '        target: /cache', '    read_only: true'),
  );
  t.fixes(lines('services:', '  api:', '    build: .', '    volumes: [scratch:/tmp/]'), lines('services:', '  api:', '    build: .', '    volumes: [scratch:/tmp/]', '    read_only: true'));
});

test('fix: read_only: false becomes true, with tmpfs when missing', () => {
  t.fixes(
    lines('services:', '  api:', '    build: .', '    read_only: false  # TODO', '    ports: []'),
    lines('services:', '  api:', '    build: .', '    read_only: true  # TODO', '    tmpfs:', '      - /tmp', '    ports: []'),
  );
  t.fixes(lines('services:', '  api:', '    build: .', '    read_only:', '    tmpfs: [/run, /tmp]'), lines('services:', '  api:', '    build: .', '    read_only: true', '    tmpfs: [/run, /tmp]'));
  t.fixes(lines('services:', '  api: {image: x, read_only: false}'), lines('services:', '  api: {image: x, read_only: true, tmpfs: [/tmp]}'));
});

test('fix: never edits a shared anchor that turns it off; the service gets its own key', () => {
  t.fixes(
    lines('x-rw: &rw', '  read_only: false', 'services:', '  api:', '    <<: *rw', '    build: .', '  web:', '    <<: *rw', '    image: nginx:1.27'),
    lines('x-rw: &rw', '  read_only: false', 'services:', '  api:', '    <<: *rw', '    build: .', '    read_only: true', '    tmpfs:', '      - /tmp', '  web:', '    <<: *rw', '    image: nginx:1.27'),
  );
});

test('fix: flow mappings (empty too) and a service with no value', () => {
  t.fixes(lines('services:', '  api: {image: x}'), lines('services:', '  api: {image: x, read_only: true, tmpfs: [/tmp]}'));
  t.fixes(lines('services:', '  api: {}'), lines('services:', '  api: {read_only: true, tmpfs: [/tmp]}'));
  t.fixes(lines('services:', '  api:', '  db:', '    image: postgres:16', '    read_only: true'), lines('services:', '  api:', '    read_only: true', '    tmpfs:', '      - /tmp', '  db:', '    image: postgres:16', '    read_only: true'));
});

test('the fix is unsafe; no fix that would duplicate an own !reset key', () => {
  const [f] = t.catches(lines('services:', '  api:', '    build: .'));
  assert.equal(f.fixes[0].safe, false);
  const [g] = t.catches(lines('services:', '  api:', '    build: .', '    read_only: !reset null'));
  assert.deepEqual(g.fixes, []);
});

test('bad input does not throw', () => {
  t.catchesNot(lines('services:', '  - api'));
  t.catchesNot('services: nope\n');
  t.catchesNot('');
  t.catches(lines('services:', '  api: nginx'));
  t.catches(lines('services:', '  api: [a, b]'));
  t.catches(lines('services:', '  api:', '    build: .', '    read_only: [true]'));
  t.catches(lines('services:', '  api:', '    build: .', '    volumes: [42, {type: tmpfs}, "", "a:b:c:d"]'));
});
