/** The three output formats: exact JSON shape, stylish lines, SARIF valid against the 2.1.0 schema. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import { project, runCli, jsonResults, write, lines, NPM_INSTALL, NPM_CI, ONLY_NPM, ROOT } from './harness';

const NPM_MESSAGE_START = '`npm install` may change package-lock.json';

test('json: exactly {"results":[...]} with 1-based positions and cwd-relative forward-slash paths', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), 'app/sub/Dockerfile': NPM_INSTALL, 'Dockerfile': NPM_CI });
  const run = runCli(dir, ['lint', '--format', 'json']);
  assert.equal(run.code, 0, run.stderr);
  const results = jsonResults(run);
  assert.equal(results.length, 1);
  const r = results[0];
  assert.deepEqual(Object.keys(r), ['file', 'ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixable']);
  assert.equal(r.file, 'app/sub/Dockerfile');
  assert.equal(r.ruleId, 'npm-ci-preferred');
  assert.equal(r.severity, 'info');
  assert.ok(r.message.startsWith(NPM_MESSAGE_START), r.message);
  // `RUN npm install`: `install` spans characters 8..15 (0-based) on line 3 (0-based).
  assert.deepEqual([r.line, r.column, r.endLine, r.endColumn], [4, 9, 4, 16]);
  assert.equal(r.fixable, true);
  assert.equal(run.stdout.trim().split('\n').length, 1, 'one JSON object on one line');
});

test('json: paths are relative to the working directory, also when linting from a subfolder or outside', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), 'a/Dockerfile': NPM_INSTALL, 'b/Dockerfile': NPM_INSTALL });
  const fromA = jsonResults(runCli(path.join(dir, 'a'), ['lint', '.', '../b', '--format', 'json']));
  assert.deepEqual(
    fromA.map((r) => r.file),
    ['../b/Dockerfile', 'Dockerfile'],
  );
});

test('json: a clean run prints {"results":[]}', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), Dockerfile: NPM_CI });
  const run = runCli(dir, ['lint', '--format', 'json']);
  assert.equal(run.code, 0);
  assert.equal(run.stdout, '{"results":[]}\n');
});

test('json: positions are UTF-16 based and CRLF files keep the same line/column', (t) => {
  // The emoji is two UTF-16 units: `install` starts at character 19 (0-based).
  const crlf = NPM_INSTALL.replace('RUN npm install', 'RUN echo 😀 && npm install').replace(/\n/g, '\r\n');
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), Dockerfile: crlf });
  const [r] = jsonResults(runCli(dir, ['lint', '--format', 'json']));
  assert.deepEqual([r.line, r.column, r.endLine, r.endColumn], [4, 20, 4, 27]);
});

test('stylish: file header, aligned finding line with (fixable), and the summary', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), 'Dockerfile': NPM_INSTALL, 'web/Dockerfile': NPM_INSTALL });
  const run = runCli(dir, ['lint']);
  assert.equal(run.code, 0, run.stderr);
  const out = run.stdout.split('\n');
  assert.ok(!run.stdout.includes('\u001b['), 'no colors when stdout is not a terminal');
  const first = out.indexOf('Dockerfile');
  const second = out.indexOf('web/Dockerfile');
  assert.ok(first >= 0 && second > first, run.stdout);
  assert.match(out[first + 1], /^ {2}4:9 {2}info {2}npm-ci-preferred {2}`npm install` may change .* {2}\(fixable\)$/);
  assert.match(out[second + 1], /^ {2}4:9 {2}info /);
  assert.ok(out.includes('✖ 2 problems (0 errors, 0 warnings, 2 infos)'), run.stdout);
  assert.ok(out.includes('  2 fixable with --fix'), run.stdout);
});

test('stylish: severities from the config, singular summary, and a success line when clean', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM('error'), Dockerfile: NPM_INSTALL });
  const run = runCli(dir, ['lint']);
  assert.match(run.stdout, /^ {2}4:9 {2}error {2}/m);
  assert.ok(run.stdout.includes('✖ 1 problem (1 error, 0 warnings, 0 infos)'), run.stdout);
  write(dir, 'Dockerfile', NPM_CI);
  const clean = runCli(dir, ['lint']);
  assert.equal(clean.code, 0);
  assert.equal(clean.stdout, '✔ No problems found (1 file linted).\n');
});

test('stylish: --color forces colors, --no-color and NO_COLOR leave them off', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), Dockerfile: NPM_INSTALL });
  assert.ok(runCli(dir, ['lint', '--color']).stdout.includes('\u001b[36minfo'));
  assert.ok(!runCli(dir, ['lint', '--no-color']).stdout.includes('\u001b['));
  assert.ok(!runCli(dir, ['lint'], { NO_COLOR: '1' }).stdout.includes('\u001b['));
});

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: Record<string, any>[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[];
    results: Record<string, any>[];
  }[];
}

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const validateSarif = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false }).compile(schema);

function sarifOf(dir: string, args: string[] = []): SarifLog {
  const run = runCli(dir, ['lint', '--format', 'sarif', ...args]);
  const log = JSON.parse(run.stdout) as SarifLog;
  const valid = validateSarif(log);
  assert.ok(valid, JSON.stringify(validateSarif.errors, null, 2));
  return log;
}

test('sarif: valid SARIF 2.1.0 with the tool, rules, results, regions, fixes and base URI', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), 'my app/Dockerfile': NPM_INSTALL });
  const log = sarifOf(dir);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(run.tool.driver.name, 'Layerwise');
  assert.equal(run.tool.driver.version, pkg.version);
  assert.ok(run.tool.driver.informationUri.startsWith('https://'));
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(dir).href + '/');

  const rule = run.tool.driver.rules.find((r) => r.id === 'npm-ci-preferred');
  assert.ok(rule, 'the rule is described');
  assert.equal(rule.name, 'NpmCiPreferred');
  assert.equal(rule.shortDescription.text, 'Use npm ci with a lockfile');
  assert.ok(rule.fullDescription.text.length > rule.shortDescription.text.length, 'fullDescription comes from the docs page');
  assert.ok(rule.help.markdown.startsWith('# npm-ci-preferred:'), 'help is the docs page');
  assert.equal(rule.helpUri, 'https://github.com/layerwise-dev/layerwise/blob/main/rules/docs/npm-ci-preferred.md');
  assert.equal(rule.defaultConfiguration.level, 'note');
  assert.equal(rule.properties.plan, '§1.3');

  assert.equal(run.results.length, 1);
  const r = run.results[0];
  assert.equal(r.ruleId, 'npm-ci-preferred');
  assert.equal(run.tool.driver.rules[r.ruleIndex].id, 'npm-ci-preferred');
  assert.equal(r.level, 'note', 'info maps to note');
  assert.ok(r.message.text.startsWith(NPM_MESSAGE_START));
  const loc = r.locations[0].physicalLocation;
  assert.deepEqual(loc.artifactLocation, { uri: 'my%20app/Dockerfile', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(loc.region, { startLine: 4, startColumn: 9, endLine: 4, endColumn: 16 });
  assert.deepEqual(r.fixes, [
    {
      description: { text: 'Use `npm ci`' },
      artifactChanges: [
        {
          artifactLocation: { uri: 'my%20app/Dockerfile', uriBaseId: '%SRCROOT%' },
          replacements: [{ deletedRegion: { startLine: 4, startColumn: 9, endLine: 4, endColumn: 16 }, insertedContent: { text: 'ci' } }],
        },
      ],
    },
  ]);
  assert.equal(run.invocations[0].executionSuccessful, true);

  // The validator is strict enough to catch a 0-based region.
  const broken = structuredClone(log);
  broken.runs[0].results[0].locations[0].physicalLocation.region.startColumn = 0;
  assert.equal(validateSarif(broken), false);
});

test('sarif: config severity sets the level; fingerprints survive lines added above', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM('error'), Dockerfile: NPM_INSTALL });
  const before = sarifOf(dir).runs[0].results[0];
  assert.equal(before.level, 'error');
  write(dir, 'Dockerfile', '# a comment added later\n\n' + NPM_INSTALL);
  const after = sarifOf(dir).runs[0].results[0];
  assert.equal(after.locations[0].physicalLocation.region.startLine, 6);
  assert.deepEqual(after.partialFingerprints, before.partialFingerprints);
  const key = Object.keys(before.partialFingerprints)[0];
  assert.match(before.partialFingerprints[key], /^[0-9a-f]{32}:1$/);
});

test('sarif: two identical findings in one file get distinct fingerprints', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), Dockerfile: NPM_INSTALL + 'RUN npm install\n' });
  const results = sarifOf(dir).runs[0].results;
  assert.equal(results.length, 2);
  const [a, b] = results.map((r) => Object.values(r.partialFingerprints)[0]);
  assert.notEqual(a, b);
});

test('sarif: a clean run and a run with a broken config are still valid logs', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), Dockerfile: NPM_CI });
  const clean = sarifOf(dir);
  assert.deepEqual(clean.runs[0].results, []);
  assert.ok(clean.runs[0].tool.driver.rules.length >= 1, 'every rule is described even without results');
  write(dir, '.layerwise.yaml', lines('rules:', '  npm-ci-preferred: [loud'));
  const broken = sarifOf(dir);
  assert.equal(broken.runs[0].invocations[0].executionSuccessful, false);
  assert.match(broken.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /\.layerwise\.yaml:\d+:\d+: error: /);
});
