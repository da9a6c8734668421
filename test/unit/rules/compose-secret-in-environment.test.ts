import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { isCredentialName, nameWords, urlPassword } from '../../../rules/compose/knowledge/credentials';

const t = ruleTester('compose-secret-in-environment');

const service = (...env: string[]) => lines('services:', '  web:', '    image: postgres:16', '    environment:', ...env);

test('names: split on _ - . and camelCase, matched as whole words', () => {
  assert.deepEqual(nameWords('dbPassword'), ['DB', 'PASSWORD']);
  assert.deepEqual(nameWords('DBPassword'), ['DB', 'PASSWORD']);
  assert.deepEqual(nameWords('aws-secret.access_key'), ['AWS', 'SECRET', 'ACCESS', 'KEY']);
  for (const n of ['DB_PASSWORD', 'MYSQL_ROOT_PASSWD', 'DB_PWD', 'REDIS_PASS', 'BASIC_AUTH', 'JWT_SECRET', 'INFLUXDB_TOKEN', 'API_KEY', 'STRIPE_APIKEY', 'apiKey', 'SSH_PRIVATE_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY', 'GOOGLE_CREDENTIALS', 'DB_CREDENTIAL', 'client-secret']) {
    assert.ok(isCredentialName(n), n);
  }
  for (const n of ['PWD', 'AUTHOR', 'AUTH_TYPE', 'AUTH_URL', 'TOKEN_TTL', 'SESSION_TOKEN_EXPIRY', 'DB_PASSWORD_FILE', 'SECRET_NAME', 'PASSWORD_MIN_LENGTH', 'POSTGRES_USER', 'KEY', 'SORT_KEY', 'PASSTHROUGH', 'TOKENIZER', 'HOME', 'SECRETS_DIR', 'OAUTH_ENABLED']) {
    assert.ok(!isCredentialName(n), n);
  }
});

test('url passwords: only in the authority, interpolations kept whole', () => {
  const pw = (v: string) => {
    const r = urlPassword(v);
    return r && v.slice(r.start, r.end);
  };
  assert.equal(pw('postgres://app:hunter2@db:5432/app'), 'hunter2');
  assert.equal(pw('redis://:s3cr@t@redis:6379/0'), 's3cr@t');
  assert.equal(pw('postgres://${USER:-app}:pw@db/app'), 'pw');
  assert.equal(pw('postgres://app@db:5432/app'), undefined);
  assert.equal(pw('postgres://db:5432/app?x=a:b@c'), undefined);
  assert.equal(pw('http://influxdb:8086'), undefined);
});

test('a literal credential is an error on its value: list and map forms, quoted', () => {
  const f = t.catchesAt(service('      - INFLUXDB_TOKEN=changeme', '      - "API_KEY=abc123"', "      - 'DB_PWD=x'"), [
    { line: 4, character: 23, endCharacter: 31 },
    { line: 5, character: 17, endCharacter: 23 },
    { line: 6, character: 16, endCharacter: 17 },
  ]);
  assert.deepEqual(f.map((x) => x.severity), ['error', 'error', 'error']);
  assert.match(f[0].message, /INFLUXDB_TOKEN.*service "web".*docker inspect.*INFLUXDB_TOKEN_FILE/);
  t.catchesAt(service('      POSTGRES_PASSWORD: hunter2', '      "dbPassword": "x y"', '      STRIPE_APIKEY: 12345'), [
    { line: 4, character: 25, endCharacter: 32 },
    { line: 5, character: 20, endCharacter: 25 },
    { line: 6, character: 21, endCharacter: 26 },
  ]);
});

test('a hard-coded fallback is a warning', () => {
  const f = t.catchesAt(service('      - DB_PASSWORD=${DB_PASSWORD:-changeme}', '      - JWT_SECRET=${JWT_SECRET-changeme}'), [
    { line: 4, character: 20, endCharacter: 44 },
    { line: 5, character: 19, endCharacter: 41 },
  ]);
  assert.deepEqual(f.map((x) => x.severity), ['warning', 'warning']);
  assert.match(f[0].message, /hard-coded fallback.*:\?/);
  const m = t.catchesAt(service('      DB_PASSWORD: "${DB_PASSWORD:-${OLD_PASSWORD:-changeme}}"'), [{ line: 4, character: 19, endCharacter: 62 }]);
  assert.equal(m[0].severity, 'warning');
});

test('a password inside a URL is reported on the password', () => {
  const f = t.catchesAt(service('      - DATABASE_URL=postgres://app:hunter2@db:5432/app', '      - CELERY_BROKER_URL=redis://:${REDIS_PASSWORD:-dev}@redis:6379/0'), [
    { line: 4, character: 36, endCharacter: 43 },
    { line: 5, character: 35, endCharacter: 57 },
  ]);
  // Map form, quoted: still exactly the password.
  t.catchesAt(service('      CELERY_BROKER_URL: "redis://:${REDIS_PASSWORD:-dev}@redis:6379/0"'), [{ line: 4, character: 35, endCharacter: 57 }]);
  assert.deepEqual(f.map((x) => x.severity), ['error', 'warning']);
  assert.deepEqual(f.map((x) => x.fixes.length), [0, 0]);
});

test('values taken from outside the file, and non-credentials, are fine', () => {
  t.catchesNot(
    service(
      '      - DB_PASSWORD=${DB_PASSWORD}',
      '      - API_TOKEN=$API_TOKEN',
      '      - JWT_SECRET=${JWT_SECRET:?set JWT_SECRET}',
      '      - SESSION_SECRET=${SESSION_SECRET?required}',
      '      - POSTGRES_PASSWORD_FILE=/run/secrets/db_password',
      '      - REDIS_PASSWORD',
      '      - SMTP_PASSWORD=',
      '      - TOKEN_TTL=3600',
      '      - AUTHOR=jane',
      '      - PWD=/app',
      '      - AUTH_TYPE=basic',
      '      - REDIS_AUTH=no',
      '      - SECRETS_DIR=/run/secrets',
      '      - DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app',
      '      - INFLUXDB_URL=http://influxdb:8086',
      '      - POSTGRES_USER=app',
    ),
  );
  t.catchesNot(service('      DB_PASSWORD:', '      API_TOKEN: ""', '      JWT_SECRET: ${JWT_SECRET}', '      OAUTH_ENABLED: true', '      GITHUB_TOKEN: !reset null'));
});

test('an entry merged from an anchor is reported once, at the anchor, with no fix', () => {
  const text = lines(
    'x-env: &env',
    '  DB_PASSWORD: hunter2',
    'x-common: &common',
    '  environment:',
    '    - API_KEY=abc',
    'services:',
    '  web:',
    '    image: nginx',
    '    environment:',
    '      <<: *env',
    '      LOG_LEVEL: info',
    '  worker:',
    '    image: nginx',
    '    environment:',
    '      <<: *env',
    '  api:',
    '    <<: *common',
    '    image: nginx',
    '  jobs:',
    '    <<: *common',
    '    image: nginx',
  );
  const f = t.catchesAt(text, [
    { line: 1, character: 15, endCharacter: 22 },
    { line: 4, character: 14, endCharacter: 17 },
  ]);
  assert.deepEqual(f.map((x) => x.fixes.length), [0, 0]);
});

test('fix: the plan §3.3 pattern (list form, new service key, new top-level secrets)', () => {
  const text = lines(
    '# production stack',
    'services:',
    '  websocket-ingestion:',
    '    image: ghcr.io/example/ingestion:1.0  # pinned',
    '    environment:',
    '      - INFLUXDB_URL=http://influxdb:8086',
    '      - INFLUXDB_TOKEN=changeme',
    '    restart: unless-stopped',
  );
  t.fixes(
    text,
    lines(
      '# production stack',
      'services:',
      '  websocket-ingestion:',
      '    image: ghcr.io/example/ingestion:1.0  # pinned',
      '    environment:',
      '      - INFLUXDB_URL=http://influxdb:8086',
      '      - INFLUXDB_TOKEN_FILE=/run/secrets/influxdb_token',
      '    secrets:',
      '      - influxdb_token',
      '    restart: unless-stopped',
      'secrets:',
      '  influxdb_token:',
      '    file: ./secrets/influxdb_token.txt',
    ),
  );
  const fix = t.catches(text)[0].fixes[0];
  assert.equal(fix.safe, false);
  assert.match(fix.title, /INFLUXDB_TOKEN.*"influxdb_token".*secrets\/influxdb_token\.txt.*INFLUXDB_TOKEN_FILE/);
  assert.deepEqual(fix.otherFiles, [
    { path: 'secrets/influxdb_token.txt', create: 'changeme\n' },
    { path: '.gitignore', appendLines: ['secrets/'] },
  ]);
});

test('fix: map form, existing service list and top-level secrets map are extended; fallback text goes to the file', () => {
  const text = lines(
    'services:',
    '  db:',
    '    image: postgres:16',
    '    secrets:',
    '      - tls_key',
    '    environment:',
    '      POSTGRES_USER: app',
    "      POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:-ch$$ngeme}'",
    'secrets:',
    '  tls_key:',
    '    file: ./tls/key.pem',
    '',
    'volumes:',
    '  data: {}',
  );
  t.fixes(
    text,
    lines(
      'services:',
      '  db:',
      '    image: postgres:16',
      '    secrets:',
      '      - tls_key',
      '      - postgres_password',
      '    environment:',
      '      POSTGRES_USER: app',
      "      POSTGRES_PASSWORD_FILE: '/run/secrets/postgres_password'",
      'secrets:',
      '  tls_key:',
      '    file: ./tls/key.pem',
      '  postgres_password:',
      '    file: ./secrets/postgres_password.txt',
      '',
      'volumes:',
      '  data: {}',
    ),
  );
  assert.deepEqual(t.catches(text)[0].fixes[0].otherFiles?.[0], { path: 'secrets/postgres_password.txt', create: 'ch$ngeme\n' });
});

test('fix: 4-space indentation and unindented dashes keep their style', () => {
  t.fixes(
    lines('services:', '    api:', '        build: .', '        environment:', '        - DB_PASSWORD=s3cret', '        - DEBUG=0'),
    lines(
      'services:',
      '    api:',
      '        build: .',
      '        environment:',
      '        - DB_PASSWORD_FILE=/run/secrets/db_password',
      '        - DEBUG=0',
      '        secrets:',
      '        - db_password',
      'secrets:',
      '    db_password:',
      '        file: ./secrets/db_password.txt',
    ),
  );
});

test('fix: flow style, CRLF', () => {
  t.fixes(
    lines('services:', '  api: {build: ., environment: [DB_PASSWORD=s3cret, DEBUG=0], secrets: []}', 'secrets: {}'),
    lines('services:', '  api: {build: ., environment: [DB_PASSWORD_FILE=/run/secrets/db_password, DEBUG=0], secrets: [db_password]}', 'secrets: {db_password: {file: ./secrets/db_password.txt}}'),
  );
  t.fixes(
    'services:\r\n  api:\r\n    build: .\r\n    environment:\r\n      API_TOKEN: abc\r\n',
    'services:\r\n  api:\r\n    build: .\r\n    environment:\r\n      API_TOKEN_FILE: /run/secrets/api_token\r\n    secrets:\r\n      - api_token\r\nsecrets:\r\n  api_token:\r\n    file: ./secrets/api_token.txt\r\n',
  );
});

test('fix: never clobbers a secret or a variable that exists; repeats an inherited secrets list', () => {
  // A secret of that name with another file: the next free name.
  t.fixes(
    lines('services:', '  api:', '    build: .', '    environment:', '      - DB_PASSWORD=s3cret', 'secrets:', '  db_password:', '    file: ./prod/db.txt'),
    lines(
      'services:',
      '  api:',
      '    build: .',
      '    environment:',
      '      - DB_PASSWORD_FILE=/run/secrets/db_password_2',
      '    secrets:',
      '      - db_password_2',
      'secrets:',
      '  db_password:',
      '    file: ./prod/db.txt',
      '  db_password_2:',
      '    file: ./secrets/db_password_2.txt',
    ),
  );
  // The same secret already defined with the file the fix would write: reused, not redefined.
  t.fixes(
    lines('services:', '  api:', '    build: .', '    environment:', '      - DB_PASSWORD=s3cret', 'secrets:', '  db_password:', '    file: secrets/db_password.txt'),
    lines('services:', '  api:', '    build: .', '    environment:', '      - DB_PASSWORD_FILE=/run/secrets/db_password', '    secrets:', '      - db_password', 'secrets:', '  db_password:', '    file: secrets/db_password.txt'),
  );
  // The service's secrets come from an anchor: an own key repeats them.
  t.fixes(
    lines('x-base: &base', '  secrets:', '    - tls_key', 'services:', '  api:', '    <<: *base', '    build: .', '    environment:', '      - DB_PASSWORD=s3cret', 'secrets:', '  tls_key:', '    file: ./tls.pem'),
    lines(
      'x-base: &base',
      '  secrets:',
      '    - tls_key',
      'services:',
      '  api:',
      '    <<: *base',
      '    build: .',
      '    environment:',
      '      - DB_PASSWORD_FILE=/run/secrets/db_password',
      '    secrets:',
      '      - tls_key',
      '      - db_password',
      'secrets:',
      '  tls_key:',
      '    file: ./tls.pem',
      '  db_password:',
      '    file: ./secrets/db_password.txt',
    ),
  );
  // DB_PASSWORD_FILE is already set: no fix.
  const f = t.catches(service('      - DB_PASSWORD=s3cret', '      - DB_PASSWORD_FILE=/run/secrets/db'));
  assert.deepEqual(f[0].fixes, []);
  // A shared (anchored) environment is not edited.
  const g = t.catches(lines('services:', '  a:', '    image: x', '    environment: &env', '      - DB_PASSWORD=s3cret', '  b:', '    image: x', '    environment: *env'));
  assert.equal(g.length, 1);
  assert.deepEqual(g[0].fixes, []);
});

test('bad input does not throw', () => {
  for (const text of [
    lines('services:', '  - web'),
    lines('services:', '  web: nginx'),
    lines('services:', '  web:'),
    lines('services:', '  web: [a, b]'),
    lines('services:', '  web:', '    environment: DB_PASSWORD=x'),
    lines('services:', '  web:', '    environment:', '      DB_PASSWORD: {nested: map}', '      API_TOKEN: [a]'),
    lines('services:', '  web:', '    environment:', '      - {DB_PASSWORD: x}', '      - 42'),
    lines('secrets: [a]', 'services:', '  web:', '    environment:', '      - DB_PASSWORD=x'),
    'services: {web: {environment: [DB_PASSWORD=x',
    '',
  ]) {
    t.findings(text);
  }
  // A top-level `secrets:` that is not a mapping: reported, but no fix.
  const f = t.catches(lines('secrets: [a]', 'services:', '  web:', '    image: x', '    environment:', '      - DB_PASSWORD=x'));
  assert.deepEqual(f[0].fixes, []);
});
