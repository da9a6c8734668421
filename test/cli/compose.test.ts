/** The CLI on Compose files: findings across base and override, `--fix` and `--fix-unsafe` writing other files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { project, read, runCli } from './harness';
import type { JsonResult } from '../../server/cli/formatters/json';

const lines = (...l: string[]) => l.join('\n') + '\n';

const BASE = lines('version: "3.8"', 'services:', '  api:', '    build: ./api', '    restart: unless-stopped');
const PROD = lines('services:', '  api:', '    restart: unless-stopped', '    environment:', '      - DB_PASSWORD=hunter2');

test('lints Compose files found in a folder, the override against its base', (t) => {
  const dir = project(t, { 'docker-compose.yml': BASE, 'docker-compose.prod.yml': PROD });
  const r = runCli(dir, ['lint', '.', '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const { results } = JSON.parse(r.stdout) as { results: JsonResult[] };
  const ids = (name: string) => results.filter((f) => f.file === name).map((f) => f.ruleId);
  assert.ok(ids('docker-compose.yml').includes('compose-version-obsolete'));
  assert.ok(ids('docker-compose.prod.yml').includes('compose-override-duplicate'));
  assert.ok(ids('docker-compose.prod.yml').includes('compose-secret-in-environment'));
});

test('--fix applies safe fixes only; --fix-unsafe moves the secret into a file and keeps it out of git', (t) => {
  const dir = project(t, { 'docker-compose.yml': BASE, 'docker-compose.prod.yml': PROD });
  runCli(dir, ['lint', '.', '--fix']);
  assert.equal(read(dir, 'docker-compose.yml'), lines('services:', '  api:', '    build: ./api', '    restart: unless-stopped'));
  // The repeat of the base is gone; the secret (an unsafe fix) is untouched.
  assert.equal(read(dir, 'docker-compose.prod.yml'), lines('services:', '  api:', '    environment:', '      - DB_PASSWORD=hunter2'));

  runCli(dir, ['lint', 'docker-compose.prod.yml', '--fix-unsafe', '--fix']);
  const fixed = read(dir, 'docker-compose.prod.yml');
  assert.match(fixed, /- DB_PASSWORD_FILE=\/run\/secrets\/db_password/);
  assert.match(fixed, /^secrets:\n {2}db_password:\n {4}file: \.\/secrets\/db_password\.txt$/m);
  assert.equal(read(dir, 'secrets/db_password.txt'), 'hunter2\n');
  assert.equal(read(dir, '.gitignore'), 'secrets/\n');
});
