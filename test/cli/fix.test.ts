/** --fix applies safe fixes and writes files; --fix-unsafe also applies behaviour-changing ones. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { engine, fixAll, parseConfig } from '../../rules';
import { KNOWN_RULE_IDS } from '../../rules/node/configFile';
import { project, runCli, jsonResults, read, config, lines, NPM_INSTALL, NPM_CI, ONLY_NPM } from './harness';

test('--fix writes the fixed file, reports what remains, and a re-lint is clean', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM('error'), Dockerfile: NPM_INSTALL, 'web/Dockerfile': NPM_INSTALL + 'RUN npm i --omit=dev\n' });
  const run = runCli(dir, ['lint', '--fix']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.equal(read(dir, 'Dockerfile'), NPM_CI);
  assert.equal(read(dir, 'web/Dockerfile'), NPM_CI + 'RUN npm ci --omit=dev\n');
  assert.ok(run.stdout.includes('Applied 3 fixes in 2 files.'), run.stdout);
  assert.ok(run.stdout.includes('✔ No problems found (2 files linted).'), run.stdout);
  const again = runCli(dir, ['lint', '--format', 'json']);
  assert.equal(again.code, 0);
  assert.deepEqual(jsonResults(again), []);
});

test('--fix leaves clean files untouched and keeps CRLF line ends', (t) => {
  const crlf = NPM_INSTALL.replace(/\n/g, '\r\n');
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), Dockerfile: crlf, 'clean/Dockerfile': NPM_CI });
  const cleanPath = path.join(dir, 'clean/Dockerfile');
  const old = new Date(2000, 0, 1);
  fs.utimesSync(cleanPath, old, old);
  const run = runCli(dir, ['lint', '--fix', '--format', 'json']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(jsonResults(run), []);
  assert.equal(read(dir, 'Dockerfile'), NPM_CI.replace(/\n/g, '\r\n'));
  assert.equal(fs.statSync(cleanPath).mtimeMs, old.getTime(), 'a file without fixes is not rewritten');
});

test('--fix skips files the config ignores and files that are not valid UTF-8', (t) => {
  const invalid = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\n' + NPM_INSTALL)]);
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM('info', lines('ignore:', '  - legacy')), 'legacy/Dockerfile': NPM_INSTALL, Dockerfile: invalid });
  const run = runCli(dir, ['lint', '--fix', '--format', 'json']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(read(dir, 'legacy/Dockerfile'), NPM_INSTALL, 'ignored file untouched');
  assert.deepEqual(fs.readFileSync(path.join(dir, 'Dockerfile')), invalid, 'bytes of an invalid UTF-8 file are kept');
  assert.match(run.stderr, /Dockerfile: not fixed \(not valid UTF-8/);
  const results = jsonResults(run);
  assert.deepEqual(
    results.map((r) => [r.file, r.line, r.column]),
    [['Dockerfile', 5, 9]],
    'the invalid file is still linted (decoded with replacement characters)',
  );
});

test('--fix writes nothing under a broken config (its ignore: list may be lost) and exits 2', (t) => {
  const dir = project(t, { '.layerwise.yaml': lines('ignore: [vendor', 'rules:'), 'vendor/Dockerfile': NPM_INSTALL });
  const run = runCli(dir, ['lint', '--fix']);
  assert.equal(run.code, 2);
  assert.equal(read(dir, 'vendor/Dockerfile'), NPM_INSTALL);
  assert.match(run.stderr, /vendor\/Dockerfile: not fixed \(its config has errors\)/);
  assert.match(run.stderr, /\.layerwise\.yaml:\d+:\d+: error: Invalid YAML/);
});

/** Docker Engine 20.10 has no heredocs or RUN --mount without a `# syntax=` line. */
const OLD_ENGINE_YAML = config({ 'syntax-directive-missing': 'warning' }, lines('dockerfile:', '  minEngine: "20.10"'));
// The same config the CLI reads from the file (every other rule off), for the in-process comparison.
const OLD_ENGINE = parseConfig(OLD_ENGINE_YAML, KNOWN_RULE_IDS).config;

/** A Dockerfile on which syntax-directive-missing offers only an unsafe fix, or why the case cannot run. */
function unsafeCase(): { text: string } | { skip: string } {
  const rule = engine.ruleById('syntax-directive-missing');
  if (!rule) return { skip: 'rule syntax-directive-missing is not registered yet' };
  const text = lines('FROM node:22-alpine', 'WORKDIR /app', 'COPY package*.json ./', 'RUN --mount=type=cache,target=/root/.npm npm ci', 'COPY <<EOF /app/hello.txt', 'hello', 'EOF');
  const found = engine.lint('dockerfile', text, '/tmp/Dockerfile', { config: OLD_ENGINE });
  const f = found?.findings.find((x) => x.ruleId === 'syntax-directive-missing');
  if (!f) return { skip: 'syntax-directive-missing does not fire on the test Dockerfile' };
  if (!f.fixes.some((x) => !x.safe)) return { skip: 'syntax-directive-missing offers no unsafe fix' };
  if (f.fixes.some((x) => x.safe)) return { skip: 'syntax-directive-missing offers a safe fix too' };
  return { text };
}

test('--fix does not apply unsafe fixes; --fix-unsafe does', (t) => {
  const c = unsafeCase();
  if ('skip' in c) {
    t.skip(c.skip);
    return;
  }
  const dir = project(t, { '.layerwise.yaml': OLD_ENGINE_YAML, Dockerfile: c.text });
  const safeOnly = runCli(dir, ['lint', '--fix', '--format', 'json']);
  assert.equal(read(dir, 'Dockerfile'), c.text, '--fix leaves the unsafe fix alone');
  const remaining = jsonResults(safeOnly).filter((r) => r.ruleId === 'syntax-directive-missing');
  assert.equal(remaining.length, 1);
  assert.equal(remaining[0].fixable, true, 'fixable covers unsafe fixes too');
  assert.match(runCli(dir, ['lint']).stdout, /\(fixable with --fix-unsafe\)[\s\S]*1 fixable with --fix-unsafe/);

  const unsafe = runCli(dir, ['lint', '--fix-unsafe', '--format', 'json']);
  assert.equal(unsafe.code, 0, unsafe.stderr);
  const expected = fixAll(engine, 'dockerfile', c.text, path.join(dir, 'Dockerfile'), { unsafe: true, config: OLD_ENGINE }).text;
  assert.notEqual(expected, c.text);
  assert.equal(read(dir, 'Dockerfile'), expected);
  assert.deepEqual(jsonResults(unsafe).filter((r) => r.ruleId === 'syntax-directive-missing'), []);
});

test('--fix with an error-level rule turns exit 1 into exit 0 once fixed', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM('error'), Dockerfile: NPM_INSTALL });
  assert.equal(runCli(dir, ['lint']).code, 1);
  assert.equal(runCli(dir, ['lint', '--fix', '--format', 'sarif']).code, 0);
  assert.equal(runCli(dir, ['lint']).code, 0);
});
