/**
 * The fixture monorepo (test/fixtures/monorepo): services built from the repository
 * root and from their own folders, a shared library, nested .dockerignore files,
 * Compose `include:` and an override, a bake file and two workflows with a matrix.
 * The built CLI lints a temp copy of it; its findings, one line each
 * ("path:line:col ruleId severity"), must equal test/fixtures/monorepo.expected.txt.
 *
 * After a deliberate change, regenerate the expected file and review every line:
 *   npm run build --silent && LAYERWISE_UPDATE_SNAPSHOTS=1 node --import tsx --test test/cli/monorepo.test.ts
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { ROOT, jsonResults, runCli, type JsonResult } from './harness';
import { engine } from '../../rules';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'monorepo');
const EXPECTED = path.join(ROOT, 'test', 'fixtures', 'monorepo.expected.txt');
const UPDATE = process.env.LAYERWISE_UPDATE_SNAPSHOTS === '1';

/** The rules of issue #5 (workspace analysis): the fixture must make each of them fire. */
const WORKSPACE_RULES = [
  'dockerignore-missing',
  'dockerignore-incomplete',
  'dockerignore-root-only-pattern',
  'dockerignore-inline-comment',
  'dockerignore-dead-pattern',
  'dockerignore-not-applied',
  'copy-source-ignored',
  'copy-source-missing',
  'context-size',
  'base-image-inconsistent',
  'compose-build-reference',
  'compose-secret-file-missing',
  'secret-file-tracked',
  'gha-action-unpinned',
  'gha-build-cache-missing',
  'gha-buildx-missing',
  'gha-cache-scope-missing',
  'gha-image-not-loaded',
  'gha-qemu-missing',
  'gha-runtime-token-missing',
  'gha-scan-missing',
  'ci-runtime-mismatch',
  'bake-reference',
  'bake-cache-missing',
];

/** A temp copy of the fixture (realpath'd, so displayed paths never depend on a symlinked tmp). */
function copyFixture(t?: TestContext): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-monorepo-')));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  if (t) t.after(remove);
  else after(remove);
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function lint(dir: string): { stdout: string; results: JsonResult[] } {
  const run = runCli(dir, ['lint', '.', '--format', 'json', '--exit-zero']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '', 'no tool errors or notes');
  return { stdout: run.stdout, results: jsonResults(run) };
}

/** One run shared by the tests that only read its findings. */
let shared: JsonResult[] | undefined;
const fixtureFindings = (): JsonResult[] => (shared ??= lint(copyFixture()).results);

const posix = (file: string) => file.split(path.sep).join('/');

/** One line per finding, by file, then position, then rule id. */
function snapshotLines(results: readonly JsonResult[]): string[] {
  return [...results]
    .sort((a, b) => (posix(a.file) < posix(b.file) ? -1 : posix(a.file) > posix(b.file) ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)))
    .map((f) => `${posix(f.file)}:${f.line}:${f.column} ${f.ruleId} ${f.severity}`);
}

test('the fixture monorepo gives exactly the expected findings', (t) => {
  const actual = snapshotLines(fixtureFindings());
  if (UPDATE) {
    fs.writeFileSync(EXPECTED, actual.join('\n') + '\n');
    t.diagnostic(`wrote ${path.relative(ROOT, EXPECTED)} (${actual.length} findings): review every line`);
    return;
  }
  assert.ok(fs.existsSync(EXPECTED), `${EXPECTED} is missing: run with LAYERWISE_UPDATE_SNAPSHOTS=1 to write it`);
  const expected = fs.readFileSync(EXPECTED, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  assert.deepEqual(actual, expected, 'findings differ from test/fixtures/monorepo.expected.txt (LAYERWISE_UPDATE_SNAPSHOTS=1 regenerates it; review the diff)');
});

test('every workspace rule of issue #5 fires somewhere in the fixture', () => {
  const known = new Set(engine.rules.map((r) => r.meta.id));
  for (const id of WORKSPACE_RULES) assert.ok(known.has(id), `${id} is not a rule of the engine`);
  const fired = new Set(fixtureFindings().map((f) => f.ruleId));
  const silent = WORKSPACE_RULES.filter((id) => !fired.has(id));
  assert.deepEqual(silent, [], `rules that never fire on the fixture: ${silent.join(', ')}`);
});

test('the parts written correctly stay quiet', () => {
  const results = fixtureFindings();
  const of = (file: string) => results.filter((f) => posix(f.file) === file).map((f) => `${f.line}:${f.column} ${f.ruleId}`);
  // The Node service: own context, complete .dockerignore, cached `npm ci`, built with a cache everywhere.
  assert.deepEqual(of('services/web/Dockerfile'), []);
  assert.deepEqual(of('services/web/.dockerignore'), []);
  // The override only changes what differs from the base.
  assert.deepEqual(of('docker-compose.prod.yml'), []);
  // The same COPY of libs/shared in the worker is judged with the worker's own Dockerfile.dockerignore, which keeps README.md.
  assert.deepEqual(of('services/worker/Dockerfile').filter((f) => f.endsWith('copy-source-ignored')), []);
  // A missing secret file that git ignores is a local secret each clone creates.
  const compose = results.filter((f) => posix(f.file) === 'docker-compose.yml');
  assert.ok(!compose.some((f) => f.message.includes('db_password.txt')), 'the git-ignored secret file is not reported');
  // api, worker and web have no Compose healthcheck, but their Dockerfiles define one.
  assert.deepEqual(compose.filter((f) => f.ruleId === 'compose-healthcheck-missing'), []);
  // The web job builds with load: true and scoped caches.
  assert.ok(!results.some((f) => posix(f.file) === '.github/workflows/ci.yml' && f.line > 29 && f.line < 46), 'the web job has no findings');
});

test('the run is deterministic and does not depend on where the copy lies', (t) => {
  const dir = copyFixture(t);
  const first = lint(dir).stdout;
  assert.equal(lint(dir).stdout, first, 'a second run in the same folder prints the same JSON');
  assert.equal(lint(copyFixture(t)).stdout, first, 'a run in another copy prints the same JSON');
});
