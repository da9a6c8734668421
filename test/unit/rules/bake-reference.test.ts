import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines, memoryFiles } from '../../helpers/ruleTester';

const t = ruleTester('bake-reference', { path: '/p/docker-bake.hcl' });
const DOCKERFILE = lines('FROM python:3.12-slim AS Builder', 'FROM python:3.12-slim AS production');
const files = (extra: Record<string, string> = {}) =>
  memoryFiles({ '/p/docker-bake.hcl': '', '/p/services/api/Dockerfile': DOCKERFILE, '/p/services/dash/Dockerfile': 'FROM node:20\n', ...extra });

test('fires on a missing context, a missing Dockerfile and an unknown stage, at the value', () => {
  const text = lines(
    'target "api" {',
    '  dockerfile = "services/api/Dockerfile"',
    '  target = "runtime"',
    '}',
    'target "worker" {',
    '  context = "services/worker"',
    '}',
    'target "dash" {',
    '  context = "services/dash"',
    '  dockerfile = "services/dash/Dockerfile"',
    '}',
  );
  const found = t.catchesAt(text, [
    { line: 2, character: 11, endCharacter: 20 },
    { line: 5, character: 12, endCharacter: 29 },
    { line: 9, character: 15, endCharacter: 41 },
  ], { files: files() });
  assert.match(found[0].message, /Stage "runtime" of target "api" is not in services\/api\/Dockerfile \(its stages: builder, production\)/);
  assert.match(found[1].message, /Build context "services\/worker" of target "worker" does not exist \(no "worker" in services\)/);
  assert.match(found[2].message, /relative to the context/);
});

test('a default Dockerfile that is missing is reported on the target name; a parent\'s attribute once for all its targets', () => {
  const text = lines('target "_base" {', '  context = "nope"', '}', 'target "a" {', '  inherits = ["_base"]', '}', 'target "b" {', '  inherits = ["_base"]', '}', 'target "c" {}');
  const found = t.catchesAt(text, [{ line: 1, character: 12, endCharacter: 18 }, { line: 9, character: 8, endCharacter: 9 }], { files: files() });
  assert.match(found[0].message, /of targets "a", "b" does not exist/);
  assert.match(found[1].message, /Dockerfile "Dockerfile" of target "c"/);
});

test('stage names compare case-insensitively; inline Dockerfiles are checked too', () => {
  t.catchesNot(lines('target "api" {', '  dockerfile = "services/api/Dockerfile"', '  target = "BUILDER"', '}'), { files: files() });
  t.catchesAt(lines('target "i" {', '  dockerfile-inline = "FROM alpine AS base"', '  target = "final"', '}'), [{ line: 2, character: 11, endCharacter: 18 }], { files: files() });
});

test('quiet without a file view, on unknown values, remote contexts, abstract parents, and valid matrices', () => {
  const broken = lines('target "x" {', '  context = "missing"', '}');
  t.catchesNot(broken);
  t.catchesNot(lines('variable "DIR" {}', 'target "x" {', '  context = "${DIR}"', '  target = stage()', '}'), { files: files() });
  t.catchesNot(lines('target "x" {', '  context = "https://github.com/acme/app.git#main"', '}'), { files: files() });
  t.catchesNot(lines('target "_base" {', '  context = "services/api"', '  dockerfile = "Missing"', '}', 'target "api" {', '  inherits = ["_base"]', '  dockerfile = "Dockerfile"', '}'), { files: files() });
  t.catchesNot(
    lines('target "svc" {', '  name = "svc-${s}"', '  matrix = { s = ["api", "dash"] }', '  context = "services/${s}"', '}'),
    { files: files() },
  );
  // The plan's bake file, with its Dockerfiles present.
  t.catchesNot(
    lines('group "default" {', '  targets = ["dashboard"]', '}', 'target "dashboard" {', '  context = "services/dash"', '  dockerfile = "Dockerfile"', '  cache-from = ["type=gha"]', '  cache-to = ["type=gha,mode=max"]', '}'),
    { files: files() },
  );
});

test('a matrix expansion whose path is missing names the expanded target', () => {
  const found = t.catchesAt(
    lines('target "svc" {', '  name = "svc-${s}"', '  matrix = { s = ["api", "gone"] }', '  context = "services/${s}"', '}'),
    [{ line: 3, character: 12, endCharacter: 27 }],
    { files: files() },
  );
  assert.match(found[0].message, /"services\/gone" of target "svc-gone"/);
});

test('JSON bake files and CRLF text', () => {
  const json = JSON.stringify({ target: { api: { context: '.', dockerfile: 'services/api/Dockerfile', target: 'prod' } } }, null, 2);
  const found = t.catches(json, { path: '/p/docker-bake.json', files: files() });
  assert.equal(found.length, 1);
  t.catchesAt('target "api" {\r\n  context = "gone"\r\n}\r\n', [{ line: 1, character: 12, endCharacter: 18 }], { files: files() });
});

test('a suppression comment above the statement the finding is on silences it', () => {
  t.catchesNot(lines('target "x" {', '  # layerwise-ignore bake-reference', '  context = "missing"', '}'), { files: files() });
  t.catchesNot(lines('// layerwise-ignore bake-reference', 'target "x" {}'), { files: files() });
  t.catches(lines('target "x" {}'), { files: files() });
});
