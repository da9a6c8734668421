import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';

const t = ruleTester('compose-resources-missing');

test('reports on the service name and says what is missing', () => {
  const f = t.catchesAt(
    lines(
      'services:',
      '  web:',
      '    image: nginx',
      '  api:',
      '    build: .',
      '    mem_limit: 1g',
      '  worker:',
      '    build: .',
      '    deploy:',
      '      resources:',
      '        limits:',
      "          cpus: '0.5'",
    ),
    [
      { line: 1, character: 2, endCharacter: 5 },
      { line: 3, character: 2, endCharacter: 5 },
      { line: 6, character: 2, endCharacter: 8 },
    ],
  );
  assert.deepEqual(f.map((x) => x.severity), ['info', 'info', 'info']);
  assert.match(f[0].message, /"web" has no memory limit and no CPU limit/);
  assert.match(f[1].message, /"api" has no CPU limit/);
  assert.match(f[2].message, /"worker" has no memory limit:/);
});

test('either form, mixed forms, cpu_quota, anchors and extends are fine', () => {
  t.catchesNot(
    lines(
      'x-limits: &limits',
      '  deploy:',
      '    resources:',
      '      limits: {memory: 384M, cpus: "0.5"}',
      'services:',
      '  a:',
      '    image: nginx',
      '    deploy:',
      '      resources:',
      '        limits:',
      '          memory: 384M  # Reduced from 512M after profiling',
      "          cpus: '0.5'",
      '  b:',
      '    image: nginx',
      '    mem_limit: 512m',
      '    cpus: 1',
      '  c:',
      '    image: nginx',
      '    mem_limit: 512m',
      '    deploy: {resources: {limits: {cpus: 2}}}',
      '  d:',
      '    image: nginx',
      '    mem_limit: 512m',
      '    cpu_quota: 50000',
      '  e:',
      '    <<: *limits',
      '    image: nginx',
      '  f:',
      '    extends: {file: common.yaml, service: base}',
    ),
  );
});

test('!reset removes a limit', () => {
  t.catchesAt(lines('x-l: &l', '  mem_limit: 1g', '  cpus: 1', 'services:', '  web:', '    <<: *l', '    image: nginx', '    mem_limit: !reset null'), [{ line: 4, character: 2, endCharacter: 5 }]);
});

test('fix: deploy.resources by default, at the end of the service, memory reservation but no CPU reservation', () => {
  const text = lines('services:', '  web:', '    image: nginx  # proxy', '    restart: unless-stopped', '  # the database', '  db:', '    image: postgres:16', '    mem_limit: 1g', '    cpus: 2');
  // `db` uses mem_limit/cpus, so the file's form is the service-level keys.
  t.fixes(
    lines('services:', '  web:', '    image: nginx  # proxy', '    restart: unless-stopped', '  # the database', '  db:', '    image: postgres:16'),
    lines(
      'services:',
      '  web:',
      '    image: nginx  # proxy',
      '    restart: unless-stopped',
      '    deploy:',
      '      resources:',
      '        limits:',
      '          memory: 512M',
      '          cpus: "1.0"',
      '        reservations:',
      '          memory: 256M',
      '  # the database',
      '  db:',
      '    image: postgres:16',
    ),
  );
  const f = t.catches(text);
  assert.equal(f.length, 1);
  assert.equal(f[0].fixes[0].safe, false);
  t.fixes(
    text,
    lines(
      'services:',
      '  web:',
      '    image: nginx  # proxy',
      '    restart: unless-stopped',
      '    mem_limit: 512M',
      '    mem_reservation: 256M',
      '    cpus: "1.0"',
      '  # the database',
      '  db:',
      '    image: postgres:16',
      '    mem_limit: 1g',
      '    cpus: 2',
    ),
  );
});

test('fix: the service own form wins, next to its related key', () => {
  t.fixes(
    lines('services:', '  api:', '    build: .', '    mem_limit: 1g', '    ports: ["8080:8080"]', '  db:', '    image: x', '    deploy: {resources: {limits: {memory: 1g, cpus: 1}}}'),
    lines('services:', '  api:', '    build: .', '    mem_limit: 1g', '    cpus: "1.0"', '    ports: ["8080:8080"]', '  db:', '    image: x', '    deploy: {resources: {limits: {memory: 1g, cpus: 1}}}'),
  );
});

test('fix: inserts into an existing deploy / resources / limits mapping', () => {
  t.fixes(
    lines('services:', '  api:', '    build: .', '    deploy:', '      replicas: 2', '    user: app'),
    lines(
      'services:',
      '  api:',
      '    build: .',
      '    deploy:',
      '      replicas: 2',
      '      resources:',
      '        limits:',
      '          memory: 512M',
      '          cpus: "1.0"',
      '        reservations:',
      '          memory: 256M',
      '    user: app',
    ),
  );
  t.fixes(
    lines('services:', '  api:', '    build: .', '    deploy:', '      resources:', '        limits:', "          cpus: '0.5'", '        reservations:', '          memory: 1G'),
    lines('services:', '  api:', '    build: .', '    deploy:', '      resources:', '        limits:', "          cpus: '0.5'", '          memory: 1G', '        reservations:', '          memory: 1G'),
  );
});

test('fix: a deploy merged from an anchor is repeated in an own key, the anchor untouched', () => {
  t.fixes(
    lines('x-deploy: &deploy', '  deploy:', '    replicas: 2', '    resources:', '      limits:', '        cpus: 1', 'services:', '  api:', '    <<: *deploy', '    build: .'),
    lines(
      'x-deploy: &deploy',
      '  deploy:',
      '    replicas: 2',
      '    resources:',
      '      limits:',
      '        cpus: 1',
      'services:',
      '  api:',
      '    <<: *deploy',
      '    build: .',
      '    deploy:',
      '      replicas: 2',
      '      resources:',
      '        limits:',
      '          cpus: 1',
      '          memory: 512M',
      '        reservations:',
      '          memory: 256M',
    ),
  );
});

test('fix: 4-space files, unindented dashes, flow style, CRLF', () => {
  t.fixes(
    lines('services:', '    api:', '        build: .', '        cap_drop:', '        - ALL'),
    lines('services:', '    api:', '        build: .', '        cap_drop:', '        - ALL', '        deploy:', '            resources:', '                limits:', '                    memory: 512M', '                    cpus: "1.0"', '                reservations:', '                    memory: 256M'),
  );
  t.fixes(
    lines('services:', "  api: {build: ., deploy: {replicas: 1}, cap_drop: ['ALL']}"),
    lines('services:', "  api: {build: ., deploy: {replicas: 1, resources: {limits: {memory: 512M, cpus: '1.0'}, reservations: {memory: 256M}}}, cap_drop: ['ALL']}"),
  );
  t.fixes(
    'services:\r\n  api:\r\n    build: .\r\n',
    'services:\r\n  api:\r\n    build: .\r\n    deploy:\r\n      resources:\r\n        limits:\r\n          memory: 512M\r\n          cpus: "1.0"\r\n        reservations:\r\n          memory: 256M\r\n',
  );
});

test('fix: no second key beside a !reset one, nor edits into a shared anchor', () => {
  const f = t.catches(lines('services:', '  api:', '    build: .', '    deploy: !reset null'));
  assert.deepEqual(f[0].fixes, []);
  const g = t.catches(lines('services:', '  a:', '    image: x', '    deploy: &d', '      replicas: 1', '  b:', '    image: x', '    deploy: *d'));
  assert.deepEqual(
    g.map((x) => x.fixes.length),
    [0, 0],
  );
});

test('bad input does not throw', () => {
  for (const text of [
    lines('services:', '  - web'),
    lines('services:', '  web: nginx'),
    lines('services:', '  web:'),
    lines('services:', '  web: [a]'),
    lines('services:', '  web:', '    deploy: [a]'),
    lines('services:', '  web:', '    deploy:', '      resources: 2'),
    lines('services:', '  web:', '    deploy:', '      resources:', '        limits: [1]'),
    'services: {web: {deploy: {resources',
    '',
  ]) {
    t.findings(text);
  }
  t.catchesNot(lines('services:', '  web: nginx'));
});
