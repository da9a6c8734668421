import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('compose-host-namespace');

test('flags each host namespace on its key and value, with what it shares', () => {
  const f = t.catchesAt(
    lines('services:', '  agent:', '    image: prom/node-exporter:v1.8.2', '    network_mode: host', '    pid: "host"', '    ipc: host', '    userns_mode: host', '    uts: host'),
    [
      { line: 3, character: 4, endCharacter: 22 },
      { line: 4, character: 4, endCharacter: 15 },
      { line: 5, character: 4, endCharacter: 13 },
      { line: 6, character: 4, endCharacter: 21 },
      { line: 7, character: 4, endCharacter: 13 },
    ],
  );
  assert.ok(f.every((x) => x.severity === 'warning'));
  assert.match(f[0].message, /network stack/);
  assert.match(f[1].message, /process/);
  assert.match(f[2].message, /shared memory/);
  assert.match(f[3].message, /root on the host/);
  assert.match(f[4].message, /hostname/);
  assert.ok(f.every((x) => x.fixes.length === 0));
});

test('flow maps, anchors and defaults', () => {
  t.catchesAt(lines('services:', '  api: {build: ., network_mode: host}'), [{ line: 1, character: 18, endCharacter: 36 }]);
  t.catchesAt(lines('x-net: &net', '  network_mode: host', 'services:', '  api:', '    <<: *net', '    build: .'), [{ line: 1, character: 2, endCharacter: 20 }]);
  t.catchesAt(lines('services:', '  api:', '    build: .', '    network_mode: ${NET_MODE:-host}'), [{ line: 3, character: 4, endCharacter: 35 }]);
});

test('stays quiet on other modes, unknown variables and !reset', () => {
  t.catchesNot(lines('services:', '  api:', '    build: .', '    network_mode: bridge', '    pid: service:db', '    ipc: shareable', '    uts: ""', '    userns_mode: ""'));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    network_mode: "service:vpn"', '    hostname: api'));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    network_mode: ${NET_MODE}'));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    network_mode: hostile'));
  t.catchesNot(lines('x-net: &net', '  network_mode: host', 'services:', '  api:', '    <<: *net', '    build: .', '    network_mode: !reset null'));
  t.catchesNot(lines('services:', '  api: {build: ., networks: [host]}'));
});

test('bad input does not throw', () => {
  t.catchesNot(lines('services:', '  - network_mode: host'));
  t.catchesNot('services: nope\n');
  t.catchesNot(lines('services:', '  api: host'));
  t.catchesNot(lines('services:', '  api:', '    network_mode: [host]', '    pid: {host: true}', '    ipc:'));
});
