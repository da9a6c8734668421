import { test } from 'node:test';
import { PLAN_3_2 } from '../../fixtures/planExamples';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { validateCompose, type SchemaProblem } from '../../../rules/compose/validate';

const lines = (...l: string[]) => l.join('\n') + '\n';
const check = (text: string): SchemaProblem[] => validateCompose(parse(text, { merge: true }));

test('the plan §3.2 security example is a valid Compose file', () => {
  const text = PLAN_3_2;
  assert.deepEqual(check(text), []);
});

test('a realistic multi-service file with x- extensions, anchors and merge keys is valid', () => {
  const text = lines(
    'name: shop',
    'x-logging: &logging',
    '  driver: json-file',
    '  options: { max-size: 10m, max-file: "3" }',
    'x-common: &common',
    '  restart: unless-stopped',
    '  logging: *logging',
    'services:',
    '  web:',
    '    <<: *common',
    '    build:',
    '      context: .',
    '      target: runtime',
    '      cache_from: [type=gha]',
    '    image: shop/web:1.2',
    '    ports: ["8080:80", 443, { target: 80, published: "8081", protocol: tcp }]',
    '    environment:',
    '      NODE_ENV: production',
    '      PORT: 80',
    '    depends_on:',
    '      db: { condition: service_healthy }',
    '    healthcheck:',
    '      test: ["CMD", "curl", "-f", "http://localhost/health"]',
    '      interval: 30s',
    '    deploy:',
    '      resources:',
    '        limits: { cpus: "0.50", memory: 512M }',
    '    x-team: web',
    '  db:',
    '    <<: *common',
    '    image: postgres:16-alpine',
    '    volumes:',
    '      - db-data:/var/lib/postgresql/data',
    '      - type: bind',
    '        source: ./init.sql',
    '        target: /docker-entrypoint-initdb.d/init.sql',
    '        read_only: true',
    '    secrets: [db_password]',
    'volumes:',
    '  db-data: {}',
    'secrets:',
    '  db_password:',
    '    file: ./db_password.txt',
  );
  assert.deepEqual(check(text), []);
});

test('an unknown service key is reported at the key, with the closest allowed key', () => {
  const problems = check(lines('services:', '  web:', '    image: nginx', '    securty_opt: [no-new-privileges:true]'));
  assert.deepEqual(problems, [
    { path: ['services', 'web', 'securty_opt'], at: 'key', message: 'Unknown key "securty_opt" in service "web". Did you mean "security_opt"?', unknownKey: true },
  ]);
});

test('unknown keys deeper down name their place; swapped letters and dashes still get a suggestion', () => {
  const problems = check(lines('services:', '  web:', '    mem-limit: 1g', '    deploy:', '      resources:', '        limits: { memroy: 1g }'));
  assert.deepEqual(
    problems.map((p) => [p.path, p.message]),
    [
      [['services', 'web', 'mem-limit'], 'Unknown key "mem-limit" in service "web". Did you mean "mem_limit"?'],
      [['services', 'web', 'deploy', 'resources', 'limits', 'memroy'], 'Unknown key "memroy" in "deploy.resources.limits" of service "web". Did you mean "memory"?'],
    ],
  );
});

test('an unknown key far from any allowed key says extensions need x-', () => {
  const [p] = check(lines('services:', '  web:', '    image: nginx', '    owner: team-a'));
  assert.equal(p.message, 'Unknown key "owner" in service "web". Custom keys must start with "x-".');
  const [top] = check(lines('services: {}', 'foo: 1'));
  assert.deepEqual(top.path, ['foo']);
  assert.match(top.message, /^Unknown top-level key "foo"\. Allowed keys: version, name, include, services, /);
});

test('a wrong type names the key and what is allowed', () => {
  assert.deepEqual(check(lines('services:', '  web:', '    image: nginx', '    read_only: 3')), [
    { path: ['services', 'web', 'read_only'], at: 'value', message: '"read_only" must be a boolean or a string, not the number 3.' },
  ]);
  assert.deepEqual(check(lines('services:', '  web:', '    build: { context: 1 }')), [
    { path: ['services', 'web', 'build', 'context'], at: 'value', message: '"build.context" must be a string, not the number 1.' },
  ]);
});

test('an enum lists the allowed values and suggests the closest', () => {
  const problems = check(lines('services:', '  web:', '    depends_on:', '      db:', '        condition: service_healty', '  db:', '    image: postgres'));
  assert.deepEqual(problems, [
    {
      path: ['services', 'web', 'depends_on', 'db', 'condition'],
      at: 'value',
      message:
        '"depends_on.db.condition" must be one of "service_started", "service_healthy" or "service_completed_successfully", not the string "service_healty". Did you mean "service_healthy"?',
    },
  ]);
});

test('a bad pull_policy lists the policies', () => {
  const [p] = check(lines('services:', '  web:', '    image: nginx', '    pull_policy: sometimes'));
  assert.deepEqual(p.path, ['services', 'web', 'pull_policy']);
  assert.match(p.message, /^"pull_policy" must be one of always, never, build, .* or every_<duration>, not the string "sometimes"\.$/);
});

test('interpolated values are accepted wherever Compose would substitute them first', () => {
  const text = lines(
    'services:',
    '  web:',
    '    image: ${IMAGE:-nginx}:${TAG}',
    '    ports: ["${PORT:-80}:80", "${ADMIN_PORT}"]',
    '    cpus: ${CPUS:-0.5}',
    '    read_only: ${READ_ONLY:-true}',
    '    cpu_count: $CPU_COUNT',
    '    depends_on:',
    '      db: { condition: "${DB_CONDITION}", required: "${DB_REQUIRED:-true}" }',
    '    deploy: { replicas: "${REPLICAS:-2}" }',
    '  db:',
    '    image: postgres',
  );
  assert.deepEqual(check(text), []);
  // `$$` is an escaped dollar, not a variable: the value stays a wrong-typed string.
  const escaped = check(lines('services:', '  web:', '    depends_on:', '      db: { condition: service_started, required: "$$X" }', '  db: { image: postgres }'));
  assert.deepEqual(escaped.map((p) => p.path), [['services', 'web', 'depends_on', 'db', 'required']]);
});

test('a legacy v1 file gives exactly one problem', () => {
  const problems = check(lines('web:', '  image: nginx', '  links: [db]', 'db:', '  image: postgres', 'volumes:', '  data: {}'));
  assert.equal(problems.length, 1);
  assert.deepEqual(problems[0].path, []);
  assert.match(problems[0].message, /legacy Compose file format v1.*\("web", "db"\).*no longer reads it.*under "services:"/);
});

test('a misspelt services key is an unknown key, not a legacy file', () => {
  assert.deepEqual(check(lines('servics:', '  web:', '    image: nginx')), [
    { path: ['servics'], at: 'key', message: 'Unknown top-level key "servics". Did you mean "services"?', unknownKey: true },
  ]);
});

test('files without services that only declare shared resources are fine', () => {
  assert.deepEqual(check(lines('name: infra', 'networks:', '  front: {}', 'x-note: shared')), []);
  assert.deepEqual(check(lines('include:', '  - ./db.yaml')), []);
});

test('a port of the wrong shape gives one readable problem, not one per oneOf branch', () => {
  assert.deepEqual(check(lines('services:', '  web:', '    image: nginx', '    ports:', '      - true')), [
    { path: ['services', 'web', 'ports', 0], at: 'value', message: '"ports[0]" must be a number, a string or a mapping, not the boolean true.' },
  ]);
  // A mapping is the long syntax: only its own mistake is reported.
  assert.deepEqual(check(lines('services:', '  web:', '    ports:', '      - { target: 80, publish: 8080 }')).map((p) => [p.path, p.at, p.message]), [
    [['services', 'web', 'ports', 0, 'publish'], 'key', 'Unknown key "publish" in "ports[0]" of service "web". Did you mean "published"?'],
  ]);
});

test('a long volume without its type names the missing key', () => {
  assert.deepEqual(check(lines('services:', '  web:', '    volumes:', '      - source: ./data', '        target: /data')), [
    { path: ['services', 'web', 'volumes', 0], at: 'key', message: 'Missing required key "type" in "volumes[0]" of service "web".' },
  ]);
});

test('a repeated list item points at the repeat', () => {
  assert.deepEqual(check(lines('services:', '  web:', '    cap_drop: [ALL, NET_RAW, ALL]')), [
    { path: ['services', 'web', 'cap_drop', 2], at: 'value', message: '"cap_drop" lists "ALL" twice (items 0 and 2); remove the duplicate.' },
  ]);
});

test('an invalid service name is reported at its key', () => {
  assert.deepEqual(check(lines('services:', '  my web:', '    image: nginx')), [
    {
      path: ['services', 'my web'],
      at: 'key',
      message: 'Invalid name "my web" in "services": names may only contain letters, digits, ".", "_" and "-".',
    },
  ]);
});

test('a non-mapping root is one problem; an empty file is none', () => {
  assert.deepEqual(validateCompose(null), []);
  assert.deepEqual(validateCompose(undefined), []);
  for (const root of ['just text', ['a', 'b'], 42]) {
    const problems = validateCompose(root);
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0].path, []);
    assert.match(problems[0].message, /^A Compose file must be a mapping with a "services:" key, not /);
  }
});

test('every problem comes once, and a bad service is summarised at the service', () => {
  const problems = check(lines('services:', '  web: nginx', '  api:', '    image: api', '    cap_add: [A, A]', '    cap_drop: [B, B]'));
  assert.deepEqual(
    problems.map((p) => p.message),
    ['Service "web" must be a mapping, not the string "nginx".', '"cap_add" lists "A" twice (items 0 and 1); remove the duplicate.', '"cap_drop" lists "B" twice (items 0 and 1); remove the duplicate.'],
  );
});

test('a misspelt required key is reported once, as the unknown key', () => {
  assert.deepEqual(check(lines('services:', '  web:', '    volumes:', '      - { tpye: bind, source: ., target: /app }')), [
    { path: ['services', 'web', 'volumes', 0, 'tpye'], at: 'key', message: 'Unknown key "tpye" in "volumes[0]" of service "web". Did you mean "type"?', unknownKey: true },
  ]);
});

test('validation is quick once compiled', () => {
  const services: Record<string, unknown> = {};
  for (let i = 0; i < 200; i++) services[`s${i}`] = { image: 'nginx', ports: [true, '80:80'], securty_opt: [], read_only: 3 };
  validateCompose({ services: {} });
  const t = performance.now();
  const problems = validateCompose({ services });
  assert.equal(problems.length, 600);
  assert.ok(performance.now() - t < 2000, `${performance.now() - t} ms`);
});
