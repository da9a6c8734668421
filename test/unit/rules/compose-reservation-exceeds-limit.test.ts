import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';

const t = ruleTester('compose-reservation-exceeds-limit');

const deploy = (...resources: string[]) => lines('services:', '  api:', '    build: .', '    deploy:', '      resources:', ...resources);

test('memory and CPU reservations above their limits, on the reservation value', () => {
  const f = t.catchesAt(
    deploy('        limits:', '          memory: 384M  # Reduced from 512M after profiling', "          cpus: '0.5'", '        reservations:', '          memory: 512M', "          cpus: '0.75'"),
    [
      { line: 9, character: 18, endCharacter: 22 },
      { line: 10, character: 16, endCharacter: 22 },
    ],
  );
  assert.deepEqual(f.map((x) => x.severity), ['error', 'error']);
  assert.match(f[0].message, /"api" reserves 512M of memory \(deploy\.resources\.reservations\.memory\) but is limited to 384M \(deploy\.resources\.limits\.memory\)/);
  assert.match(f[1].message, /reserves 0\.75 CPUs .* limited to 0\.5 CPUs/);
  assert.equal(f[0].fixes.length, 0);
});

test('units as Compose reads them: case, b/ib suffixes, spaces, plain byte numbers', () => {
  t.catchesAt(lines('services:', '  a:', '    image: x', '    mem_limit: 1GB', '    mem_reservation: 1025MiB'), [{ line: 4, character: 21, endCharacter: 28 }]);
  t.catchesAt(lines('services:', '  a:', '    image: x', '    mem_limit: 1048576', '    mem_reservation: "2 m"'), [{ line: 4, character: 21, endCharacter: 26 }]);
  t.catchesNot(lines('services:', '  a:', '    image: x', '    mem_limit: 1g', '    mem_reservation: 1024M'));
  t.catchesNot(lines('services:', '  a:', '    image: x', '    mem_limit: 1.5G', '    mem_reservation: 1536m'));
  t.catchesNot(lines('services:', '  a:', '    image: x', '    mem_limit: 2048k', '    mem_reservation: 2mb'));
  t.catchesNot(deploy('        limits: {cpus: 2}', '        reservations: {cpus: "2.0"}'));
});

test('cross-form: mem_reservation against deploy limits, reservations against cpus', () => {
  const f = t.catchesAt(
    lines('services:', '  a:', '    image: x', '    mem_reservation: 1g', '    cpus: 0.5', '    deploy:', '      resources:', '        limits:', '          memory: 512M', '        reservations:', '          cpus: 1'),
    [
      { line: 3, character: 21, endCharacter: 23 },
      { line: 10, character: 16, endCharacter: 17 },
    ],
  );
  assert.match(f[0].message, /\(mem_reservation\).*\(deploy\.resources\.limits\.memory\)/);
  assert.match(f[1].message, /limited to 0\.5 CPUs \(cpus\)/);
});

test('interpolated, unreadable, unlimited (0) and one-sided values are skipped', () => {
  t.catchesNot(deploy('        limits:', '          memory: ${API_MEMORY:-256M}', '        reservations:', '          memory: 512M'));
  t.catchesNot(deploy('        limits:', '          memory: 256M', '        reservations:', '          memory: ${API_RESERVED}'));
  t.catchesNot(deploy('        limits:', '          memory: lots', '        reservations:', '          memory: 512M'));
  t.catchesNot(lines('services:', '  a:', '    image: x', '    mem_limit: 0', '    mem_reservation: 1g'));
  t.catchesNot(deploy('        reservations:', '          memory: 8G', "          cpus: '4'"));
  t.catchesNot(lines('services:', '  a:', '    image: x', '    mem_limit: 1g', '    mem_reservation: !reset 2g'));
});

test('a reservation in an anchor is reported once, at the anchor', () => {
  t.catchesAt(
    lines(
      'x-res: &res',
      '  deploy:',
      '    resources:',
      '      limits: {memory: 256M}',
      '      reservations: {memory: 512M}',
      'services:',
      '  a:',
      '    <<: *res',
      '    image: x',
      '  b:',
      '    <<: *res',
      '    image: x',
      '  c:',
      '    <<: *res',
      '    image: x',
      '    deploy:',
      '      resources:',
      '        limits: {memory: 1G}',
      '        reservations: {memory: 512M}',
    ),
    [{ line: 4, character: 29, endCharacter: 33 }],
  );
});

test('bad input does not throw', () => {
  for (const text of [
    lines('services:', '  - web'),
    lines('services:', '  web: nginx'),
    lines('services:', '  web:'),
    lines('services:', '  web:', '    mem_limit: [1]', '    mem_reservation: {a: 1}'),
    lines('services:', '  web:', '    deploy:', '      resources:', '        limits: 1', '        reservations: [a]'),
    lines('services:', '  web:', '    deploy:', '      resources:', '        limits: {memory: -1}', '        reservations: {memory: .inf, cpus: .nan}'),
    'services: {web: {mem_limit: 1g, mem_reservation',
    '',
  ]) {
    t.findings(text);
  }
});
