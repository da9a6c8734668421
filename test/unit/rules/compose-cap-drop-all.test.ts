import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('compose-cap-drop-all');

test('flags a service without cap_drop on its name: warning when built, info for a published image', () => {
  const f = t.catchesAt(lines('services:', '  api:', '    build: .', '  db:', '    image: postgres:16'), [
    { line: 1, character: 2, endCharacter: 5 },
    { line: 3, character: 2, endCharacter: 4 },
  ]);
  assert.deepEqual(f.map((x) => x.severity), ['warning', 'info']);
  assert.match(f[0].message, /NET_RAW/);
  assert.match(f[0].message, /cap_add/);
});

test('flags an own cap_drop list without ALL on its key', () => {
  t.catchesAt(lines('services:', '  api:', '    build: .', '    cap_drop:', '      - NET_RAW', '      - CAP_ALL'), [{ line: 3, character: 4, endCharacter: 12 }]);
  t.catchesAt(lines('services:', '  api: {build: ., cap_drop: []}'), [{ line: 1, character: 18, endCharacter: 26 }]);
});

test('accepts ALL in any case and form, from an anchor or a merge list', () => {
  for (const v of ['ALL', 'all', 'All', '"ALL"', "'all'"]) t.catchesNot(lines('services:', '  api:', '    build: .', '    cap_drop:', `      - ${v}`));
  t.catchesNot(lines('services:', '  api: {image: x, cap_drop: [ALL]}'));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    cap_drop: [NET_RAW, ALL]', '    cap_add: [NET_BIND_SERVICE]'));
  t.catchesNot(lines('x-hardened: &hardened', '  cap_drop: [ALL]', 'services:', '  api:', '    <<: *hardened', '    build: .'));
  t.catchesNot(lines('x-a: &a', '  user: app', 'x-b: &b', '  cap_drop:', '    - ALL', 'services:', '  api:', '    <<: [*a, *b]', '    build: .'));
  t.catchesNot(lines('x-drop: &drop [ALL]', 'services:', '  api:', '    build: .', '    cap_drop: *drop'));
});

test('!reset removes an inherited cap_drop', () => {
  t.catchesAt(lines('x-hardened: &hardened', '  cap_drop: [ALL]', 'services:', '  api:', '    <<: *hardened', '    build: .', '    cap_drop: !reset []'), [
    { line: 3, character: 2, endCharacter: 5 },
  ]);
});

test('fix: adds cap_drop before cap_add (after the key that precedes it), keeping cap_add and comments', () => {
  t.fixes(
    lines('services:', '  web:', '    build: .', '    user: app', '    # only what nginx needs', '    cap_add:', '      - NET_BIND_SERVICE'),
    lines('services:', '  web:', '    build: .', '    user: app', '    cap_drop:', '      - ALL', '    # only what nginx needs', '    cap_add:', '      - NET_BIND_SERVICE'),
  );
  // cap_add first: nothing precedes it, so cap_drop follows it.
  t.fixes(
    lines('services:', '  web:', '    cap_add: [NET_BIND_SERVICE]', '    build: .'),
    lines('services:', '  web:', '    cap_add: [NET_BIND_SERVICE]', '    cap_drop:', '      - ALL', '    build: .'),
  );
});

test('fix: after security_opt when there is no cap_add, in a 4-space file with unindented dashes (CRLF kept)', () => {
  t.fixes(
    lines('services:', '    api:', '        build: .', '        security_opt:', '        - no-new-privileges:true', '        ports:', '        - "8080:8080"'),
    lines('services:', '    api:', '        build: .', '        security_opt:', '        - no-new-privileges:true', '        cap_drop:', '        - ALL', '        ports:', '        - "8080:8080"'),
  );
  t.fixes('services:\r\n  api:\r\n    build: .\r\n', 'services:\r\n  api:\r\n    build: .\r\n    cap_drop:\r\n      - ALL\r\n');
});

test('fix: appends ALL to the own list in its style', () => {
  t.fixes(lines('services:', '  api:', '    build: .', '    cap_drop:', '      - NET_RAW  # no ping', '    cap_add:', '      - CHOWN'), lines('services:', '  api:', '    build: .', '    cap_drop:', '      - NET_RAW  # no ping', '      - ALL', '    cap_add:', '      - CHOWN'));
  t.fixes(lines('services:', '  api: {build: ., cap_drop: ["NET_RAW"]}'), lines('services:', '  api: {build: ., cap_drop: ["NET_RAW", "ALL"]}'));
  t.fixes(lines('services:', '  api:', '    build: .', '    cap_drop:', '    ports: []'), lines('services:', '  api:', '    build: .', '    cap_drop:', '      - ALL', '    ports: []'));
});

test('fix: never edits a shared anchor; the service gets its own list repeating the anchor items', () => {
  t.fixes(
    lines('x-common: &common', '  cap_drop: [NET_RAW]', 'services:', '  api:', '    <<: *common', '    build: .', '  web:', '    <<: *common', '    image: nginx:1.27'),
    lines('x-common: &common', '  cap_drop: [NET_RAW]', 'services:', '  api:', '    <<: *common', '    build: .', '    cap_drop:', '      - NET_RAW', '      - ALL', '  web:', '    <<: *common', '    image: nginx:1.27'),
  );
});

test('fix: flow mapping and empty service', () => {
  t.fixes(lines('services:', '  api: {image: x}'), lines('services:', '  api: {image: x, cap_drop: [ALL]}'));
  t.fixes(lines('services:', '  api:', '  db:', '    image: postgres:16', '    cap_drop: [ALL]'), lines('services:', '  api:', '    cap_drop:', '      - ALL', '  db:', '    image: postgres:16', '    cap_drop: [ALL]'));
});

test('the fix is unsafe; no fix that would duplicate an own !reset key', () => {
  const [f] = t.catches(lines('services:', '  api:', '    build: .'));
  assert.equal(f.fixes[0].safe, false);
  const [g] = t.catches(lines('services:', '  api:', '    build: .', '    cap_drop: !reset []'));
  assert.deepEqual(g.fixes, []);
});

test('bad input does not throw', () => {
  t.catchesNot(lines('services:', '  - api'));
  t.catchesNot('services: nope\n');
  t.catchesNot('');
  t.catches(lines('services:', '  api: nginx'));
  t.catches(lines('services:', '  api: [a, b]'));
  t.catches(lines('services:', '  api:', '    build: .', '    cap_drop: NET_RAW'));
  t.catches(lines('services:', '  api:', '    build: .', '    cap_drop: {a: b}'));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    cap_drop: ALL'));
});
