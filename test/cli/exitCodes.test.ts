/** Exit codes: 0 clean or below the threshold, 1 findings reach it, 2 usage or config error. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { project, runCli, jsonResults, lines, NPM_INSTALL, NPM_CI, ONLY_NPM, ROOT } from './harness';

test('0 for a clean file and for findings below --fail-on (default error)', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), Dockerfile: NPM_CI, 'b/Dockerfile': NPM_INSTALL });
  assert.equal(runCli(dir, ['lint', 'Dockerfile']).code, 0);
  const info = runCli(dir, ['lint']);
  assert.equal(info.code, 0, 'an info finding does not fail by default');
  assert.match(info.stdout, /1 problem/);
});

test('--fail-on picks the lowest failing severity', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), Dockerfile: NPM_INSTALL });
  assert.equal(runCli(dir, ['lint', '--fail-on', 'info']).code, 1);
  assert.equal(runCli(dir, ['lint', '--fail-on', 'warning']).code, 0);
  fs.writeFileSync(path.join(dir, '.layerwise.yaml'), ONLY_NPM('warning'));
  assert.equal(runCli(dir, ['lint', '--fail-on', 'warning']).code, 1);
  assert.equal(runCli(dir, ['lint', '--fail-on', 'error']).code, 0);
});

test('--max-warnings fails when warnings exceed it', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM('warning'), Dockerfile: NPM_INSTALL });
  assert.equal(runCli(dir, ['lint']).code, 0, 'no limit by default');
  assert.equal(runCli(dir, ['lint', '--max-warnings', '0']).code, 1);
  assert.equal(runCli(dir, ['lint', '--max-warnings', '1']).code, 0);
});

test('1 for an error-level finding (severity from .layerwise.yaml); --exit-zero makes it 0', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM('error'), Dockerfile: NPM_INSTALL });
  const run = runCli(dir, ['lint', '--format', 'json']);
  assert.equal(run.code, 1);
  assert.equal(jsonResults(run)[0].severity, 'error');
  const zero = runCli(dir, ['lint', '--exit-zero']);
  assert.equal(zero.code, 0);
  assert.match(zero.stdout, /1 error/, 'the findings are still reported');
});

test('--quiet reports errors only, and what is not reported does not fail', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM('warning'), Dockerfile: NPM_INSTALL });
  const quiet = runCli(dir, ['lint', '--quiet', '--format', 'json', '--max-warnings', '0']);
  assert.deepEqual(jsonResults(quiet), []);
  assert.equal(quiet.code, 0);
  fs.writeFileSync(path.join(dir, '.layerwise.yaml'), ONLY_NPM('error'));
  const errors = runCli(dir, ['lint', '--quiet', '--format', 'json']);
  assert.equal(jsonResults(errors).length, 1);
  assert.equal(errors.code, 1);
});

test('2 for usage errors: unknown option, bad values, unknown or missing command', (t) => {
  const dir = project(t, { Dockerfile: NPM_CI });
  const cases: [string[], RegExp][] = [
    [['lint', '--frobnicate'], /--frobnicate/],
    [['lint', '--format', 'xml'], /--format must be one of stylish, json, sarif/],
    [['lint', '--fail-on', 'fatal'], /--fail-on/],
    [['lint', '--max-warnings', '-1'], /max-warnings/],
    [['lint', '--max-warnings', 'many'], /--max-warnings must be a whole number/],
    [['lint', '--format'], /format/],
    [['check'], /Unknown command "check"/],
    [[], /Missing command/],
    [['lint', '--exit-zero', '--bogus'], /--bogus/],
  ];
  for (const [args, message] of cases) {
    const run = runCli(dir, args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.equal(run.stdout, '', 'nothing on stdout for a usage error');
  }
});

test('2 for a path that does not exist (even with --exit-zero)', (t) => {
  const dir = project(t, { Dockerfile: NPM_CI });
  const run = runCli(dir, ['lint', 'Dockerfile', 'nope/', '--exit-zero']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /No such file or directory: nope\//);
});

test('2 for a broken .layerwise.yaml, printed as file:line:col, while the files are still linted', (t) => {
  const dir = project(t, { '.layerwise.yaml': lines('rules:', '  npm-ci-preferred: [error', ''), Dockerfile: NPM_INSTALL });
  const run = runCli(dir, ['lint', '--format', 'json']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^\.layerwise\.yaml:\d+:\d+: error: Invalid YAML/m);
  assert.ok(Array.isArray(jsonResults(run)), 'stdout is still one JSON object');

  fs.writeFileSync(path.join(dir, '.layerwise.yaml'), lines('rules:', '  npm-ci-preferred: loud'));
  const badValue = runCli(dir, ['lint']);
  assert.equal(badValue.code, 2);
  assert.match(badValue.stderr, /^\.layerwise\.yaml:2:\d+: error: rules\.npm-ci-preferred must be/m);
  assert.match(badValue.stdout, /npm-ci-preferred/, 'linted with the defaults for what is broken');
});

test('an unknown rule id in the config is a warning on stderr, not a config error', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM().replace('rules:\n', 'rules:\n  no-such-rule: error\n'), Dockerfile: NPM_CI });
  const run = runCli(dir, ['lint']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /\.layerwise\.yaml:2:3: warning: Unknown rule "no-such-rule"/);
});

test('2 for an unreadable or missing --config', (t) => {
  const dir = project(t, { Dockerfile: NPM_CI });
  const missing = runCli(dir, ['lint', '--config', 'missing.yaml']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /Cannot read --config missing\.yaml/);
  const folder = runCli(dir, ['lint', '--config', '.']);
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /not a file/);
});

test('--help documents the options and exit codes (exit 0); --version prints the package version', (t) => {
  const dir = project(t, {});
  const help = runCli(dir, ['--help']);
  assert.equal(help.code, 0);
  for (const option of ['--format', '--fix', '--fix-unsafe', '--config', '--max-warnings', '--quiet', '--exit-zero', '--fail-on', '--no-color', '--version']) {
    assert.ok(help.stdout.includes(option), `help mentions ${option}`);
  }
  assert.match(help.stdout, /Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 /);
  assert.equal(runCli(dir, ['lint', '--help']).code, 0);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const version = runCli(dir, ['--version']);
  assert.equal(version.code, 0);
  assert.equal(version.stdout, `${pkg.version}\n`);
});
