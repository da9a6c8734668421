import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';
import { resolveDefaults, splitShortVolume } from '../../../rules/compose/knowledge/volumes';

const t = ruleTester('compose-docker-socket');

test('flags the socket in the short syntax at the item, even read-only, as an error', () => {
  const f = t.catchesAt(
    lines(
      'services:',
      '  watchtower:',
      '    image: containrrr/watchtower:1.7.1',
      '    volumes:',
      '      - /var/run/docker.sock:/var/run/docker.sock:ro',
      '      - "/run/docker.sock:/var/run/docker.sock"',
      '      - //var/run/docker.sock:/var/run/docker.sock',
      '      - ./data:/data',
    ),
    [
      { line: 4, character: 8, endCharacter: 52 },
      { line: 5, character: 8, endCharacter: 47 },
      { line: 6, character: 8, endCharacter: 50 },
    ],
  );
  assert.ok(f.every((x) => x.severity === 'error' && x.fixes.length === 0));
  assert.match(f[0].message, /root on the host/);
  assert.match(f[0].message, /:ro/);
  assert.match(f[0].message, /proxy/);
});

test('resolves an interpolated source by its default', () => {
  t.catchesAt(lines('services:', '  ci:', '    image: x', '    volumes:', '      - ${DOCKER_SOCK:-/var/run/docker.sock}:/var/run/docker.sock'), [{ line: 4, character: 8, endCharacter: 65 }]);
  t.catches(lines('services:', '  ci:', '    image: x', '    volumes:', '      - ${XDG_RUNTIME_DIR-/run/user/1000}/docker.sock:/var/run/docker.sock'));
  t.catchesNot(lines('services:', '  ci:', '    image: x', '    volumes:', '      - ${DOCKER_SOCK}:/var/run/docker.sock'));
  t.catchesNot(lines('services:', '  ci:', '    image: x', '    volumes:', '      - ${DOCKER_SOCK:?set it}:/var/run/docker.sock'));
});

test('flags the long syntax at the source value', () => {
  t.catchesAt(
    lines('services:', '  ci:', '    image: x', '    volumes:', '      - type: bind', '        source: /var/run/docker.sock', '        target: /var/run/docker.sock', '        read_only: true'),
    [{ line: 5, character: 16, endCharacter: 36 }],
  );
  t.catchesAt(lines('services:', '  ci: {image: x, volumes: [{type: bind, source: "/run/docker.sock", target: /s}]}'), [{ line: 1, character: 48, endCharacter: 66 }]);
});

test('flags rootless sockets, the Windows pipe, the socket folder and use_api_socket', () => {
  t.catches(lines('services:', '  ci:', '    image: x', '    volumes: [/run/user/1000/docker.sock:/var/run/docker.sock]'));
  t.catches(lines('services:', '  ci:', '    image: x', '    volumes:', '      - \\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine'));
  t.catches(lines('services:', '  ci:', '    image: x', '    volumes:', '      - type: npipe', '        source: //./pipe/docker_engine', '        target: //./pipe/docker_engine'));
  const [f] = t.catches(lines('services:', '  ci:', '    image: x', '    volumes: [/var/run/:/host/run]'));
  assert.match(f.message, /folder/);
  t.catchesAt(lines('services:', '  ci:', '    image: x', '    use_api_socket: true'), [{ line: 3, character: 4, endCharacter: 24 }]);
});

test('flags a socket mount from an anchor at the anchor', () => {
  t.catchesAt(lines('x-sock: &sock /var/run/docker.sock:/var/run/docker.sock', 'services:', '  ci:', '    image: x', '    volumes: [*sock]'), [{ line: 0, character: 14, endCharacter: 55 }]);
  t.catchesAt(lines('x-common: &common', '  volumes:', '    - /var/run/docker.sock:/var/run/docker.sock', 'services:', '  ci:', '    <<: *common', '    image: x'), [{ line: 2, character: 6, endCharacter: 47 }]);
});

test('stays quiet on other mounts, socket targets of other sources, named volumes and !reset', () => {
  t.catchesNot(
    lines(
      'services:',
      '  api:',
      '    build: .',
      '    volumes:',
      '      - ./proxy.sock:/var/run/docker.sock',
      '      - docker.sock:/data',
      '      - /var/run/docker.sock',
      '      - /var/run/postgresql:/var/run/postgresql',
      '      - C:\\data:/data:ro',
      '      - type: volume',
      '        source: docker.sock',
      '        target: /x',
      '      - type: tmpfs',
      '        target: /var/run/docker.sock',
    ),
  );
  t.catchesNot(lines('services:', '  api:', '    build: .', '    use_api_socket: false'));
  t.catchesNot(lines('x-common: &common', '  volumes: [/var/run/docker.sock:/var/run/docker.sock]', 'services:', '  api:', '    <<: *common', '    build: .', '    volumes: !reset []'));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    environment:', '      DOCKER_HOST: tcp://docker-proxy:2375'));
});

test('bad input does not throw', () => {
  t.catchesNot(lines('services:', '  - volumes: [/var/run/docker.sock:/x]'));
  t.catchesNot('services: nope\n');
  t.catchesNot(lines('services:', '  api: nginx'));
  t.catchesNot(lines('services:', '  api:', '    image: x', '    volumes: /var/run/docker.sock:/x'));
  t.catchesNot(lines('services:', '  api:', '    image: x', '    volumes: [42, null, "", ":", "a::b", "a:b:c:d", [x], {type: bind}, {source: [1]}]'));
});

test('short syntax splitting: drives, interpolation, modes', () => {
  assert.deepEqual(splitShortVolume('/a:/b:ro'), { source: '/a', target: '/b', mode: 'ro' });
  assert.deepEqual(splitShortVolume('/data'), { target: '/data' });
  assert.deepEqual(splitShortVolume('C:\\data:D:\\app:rw'), { source: 'C:\\data', target: 'D:\\app', mode: 'rw' });
  assert.deepEqual(splitShortVolume('${SRC:-./x}:/app'), { source: '${SRC:-./x}', target: '/app' });
  assert.equal(splitShortVolume('ab::c'), undefined);
  assert.deepEqual(splitShortVolume('a::b'), { source: 'a:', target: 'b' }); // as compose-go reads it: a one-letter drive
  assert.equal(splitShortVolume('/a:/b:ro:x'), undefined);
  assert.equal(resolveDefaults('${A:-/run}/${B-docker.sock}'), '/run/docker.sock');
  assert.equal(resolveDefaults('$${A}'), '${A}');
  assert.equal(resolveDefaults('${A:-${B}}'), undefined);
  assert.equal(resolveDefaults('${A:+x}'), undefined);
});
