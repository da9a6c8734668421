import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, memoryFiles, ruleTester, type TesterOptions } from '../../helpers/ruleTester';
import { WorkspaceIndex } from '../../../rules/workspace/index';
import { BUILD_EXTRACTORS } from '../../../rules/workspace/extractors';
import { memoryDisk } from '../../helpers/memoryDisk';

const t = ruleTester('compose-build-reference');
const COMPOSE = '/repo/compose.yaml';

const REPO: Record<string, string> = {
  '/repo/services/api/Dockerfile': lines('FROM python:3.12-alpine AS base', 'FROM base AS builder', 'FROM base AS Production', 'CMD ["python", "-m", "app"]'),
  '/repo/services/api/app.py': 'print(1)\n',
  '/repo/services/web/Dockerfile': 'FROM node:22-alpine\n',
  '/repo/services/web/Dockerfile.dev': 'FROM node:22\n',
  '/repo/services/web/Dockerfile.dockerignore': 'node_modules\n',
  '/repo/docker/Dockerfile.worker': 'FROM alpine:3.20\n',
  '/repo/shared/util.py': 'x = 1\n',
  '/repo/.gitignore': '*.log\n',
};

/** The compose text as a file of a real workspace over the repository above. */
function inRepo(compose: string, extra: Record<string, string> = {}, path = COMPOSE): TesterOptions {
  const texts = { ...REPO, ...extra, [path]: compose };
  return { path, files: memoryFiles(texts), workspace: new WorkspaceIndex(memoryDisk(texts), ['/repo'], { extractors: BUILD_EXTRACTORS }).scan() };
}

const check = (text: string, spans: Parameters<typeof t.catchesAt>[1], extra?: Record<string, string>) => t.catchesAt(text, spans, inRepo(text, extra));

test('a missing context (short form) is an error on the value, naming the closest folder, with an unsafe fix', () => {
  const text = lines('services:', '  api:', '    build: ./servces/api');
  const [f] = check(text, [{ line: 2, character: 11, endCharacter: 24 }]);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /Build context "\.\/servces\/api" of service "api" does not exist: the Compose file's folder has no "servces" \(did you mean "services"\?\)/);
  assert.equal(f.fixes[0].safe, false);
  t.fixes(text, lines('services:', '  api:', '    build: ./services/api'), inRepo(text));
});

test('a missing context (long form, quoted) lists the folders there when nothing is close; the fix keeps quotes', () => {
  const text = lines('services:', '  api:', '    build:', '      context: "./nowhere"');
  const [f] = check(text, [{ line: 3, character: 15, endCharacter: 26 }]);
  assert.match(f.message, /the Compose file's folder has no "nowhere" \(folders there: docker, services, shared\)/);
  assert.deepEqual(f.fixes, []);
  const typo = lines('services:', '  api:', '    build:', '      context: "services/ap"', '      target: builder');
  t.fixes(typo, lines('services:', '  api:', '    build:', '      context: "services/api"', '      target: builder'), inRepo(typo));
});

test('a context that is a file, and a context in a flow map', () => {
  const [f] = check(lines('services:', '  api:', '    build: ./services/api/app.py'), [{ line: 2, character: 11, endCharacter: 32 }]);
  assert.match(f.message, /"services\/api\/app\.py" is a file, not a folder/);
  check(lines('services:', '  api: {build: {context: ./service/api}}'), [{ line: 1, character: 25, endCharacter: 38 }]);
});

test('a Dockerfile missing in its context: typo fixed, path written relative to the Compose file explained', () => {
  const text = lines('services:', '  web:', '    build:', '      context: services/web', '      dockerfile: Dockerfile.devv');
  const [f] = check(text, [{ line: 4, character: 18, endCharacter: 33 }]);
  assert.match(f.message, /Dockerfile "Dockerfile\.devv" of service "web" is not in its build context "services\/web": "services\/web" has no "Dockerfile\.devv" \(did you mean "Dockerfile\.dev"\?\)/);
  t.fixes(text, lines('services:', '  web:', '    build:', '      context: services/web', '      dockerfile: Dockerfile.dev'), inRepo(text));
  // Written relative to the Compose file, not the context.
  const [g] = check(lines('services:', '  api:', '    build:', '      context: services/api', '      dockerfile: services/api/Dockerfile'), [
    { line: 4, character: 18, endCharacter: 41 },
  ]);
  assert.match(g.message, /build\.dockerfile is relative to the context, not to the Compose file; from the context this file is "Dockerfile"/);
  const rel = lines('services:', '  api:', '    build:', '      context: services/api', '      dockerfile: services/api/Dockerfile');
  t.fixes(rel, lines('services:', '  api:', '    build:', '      context: services/api', '      dockerfile: Dockerfile'), inRepo(rel));
  // A missing folder along the path: named, with what the context holds.
  const [h] = check(lines('services:', '  api:', '    build:', '      context: services', '      dockerfile: ap/Dockerfile'), [{ line: 4, character: 18, endCharacter: 31 }]);
  assert.match(h.message, /"services" has no "ap" \(did you mean "api"\?\)/);
});

test('no dockerfile: key and no Dockerfile in the context: reported on the context, naming the Dockerfiles there', () => {
  const [f] = check(lines('services:', '  worker:', '    build: docker'), [{ line: 2, character: 11, endCharacter: 17 }]);
  assert.match(f.message, /Service "worker" builds "docker", which has no Dockerfile .*it holds Dockerfile\.worker: name one with build\.dockerfile/);
  const [g] = check(lines('services:', '  util:', '    build:', '      context: shared'), [{ line: 3, character: 15, endCharacter: 21 }]);
  assert.match(g.message, /add a Dockerfile there or set build\.dockerfile/);
  // `build: {}` in a folder without a Dockerfile: on the build value.
  check(lines('services:', '  x:', '    build: {}'), [{ line: 2, character: 11, endCharacter: 13 }]);
});

test('a target that is not a stage names the stages and the closest one; the fix writes it as the Dockerfile does', () => {
  const text = lines('services:', '  api:', '    build:', '      context: services/api', '      target: prod', '    image: api:1');
  const [f] = check(text, [{ line: 4, character: 14, endCharacter: 18 }]);
  assert.match(f.message, /Target "prod" of service "api" is not a stage of "services\/api\/Dockerfile": its stages are base, builder, Production \(did you mean "Production"\?\)/);
  t.fixes(text, lines('services:', '  api:', '    build:', '      context: services/api', '      target: Production', '    image: api:1'), inRepo(text));
  const [g] = check(lines('services:', '  web:', '    build:', '      context: services/web', '      target: production'), [{ line: 4, character: 14, endCharacter: 24 }]);
  assert.match(g.message, /it has no named stages/);
  assert.deepEqual(g.fixes, []);
});

test('CRLF and 4-space files: same ranges, fix keeps the line ends', () => {
  const text = lines('services:', '    api:', '        build:', '            context: services/api', '            target: buildr').replaceAll('\n', '\r\n');
  t.catchesAt(text, [{ line: 4, character: 20, endCharacter: 26 }], inRepo(text));
  t.fixes(text, text.replace('buildr', 'builder'), inRepo(text));
});

test('variables: a default is checked (no fix: the text is not the path), no default is skipped', () => {
  const [f] = check(lines('services:', '  api:', '    build: ${API_DIR:-./services/apx}'), [{ line: 2, character: 11, endCharacter: 37 }]);
  assert.deepEqual(f.fixes, []);
  t.catchesNot(lines('services:', '  api:', '    build: ${API_DIR}'), inRepo(''));
  t.catchesNot(lines('services:', '  api:', '    build:', '      context: services/api', '      target: ${TARGET}'), inRepo(''));
  t.catchesNot(lines('services:', '  api:', '    build:', '      context: ${API_DIR:-services/api}', '      target: ${TARGET:-production}'), inRepo(''));
});

test('an anchor shared by two services is reported once', () => {
  check(lines('x-build: &build', '  context: services/api', '  target: prd', 'services:', '  a:', '    build: *build', '  b:', '    build:', '      <<: *build'), [
    { line: 2, character: 10, endCharacter: 13 },
  ]);
});

test('quiet: existing contexts, Dockerfiles and targets (any case), absolute paths, remote contexts, inline Dockerfiles', () => {
  const good = lines(
    'services:',
    '  api:',
    '    build:',
    '      context: .',
    '      dockerfile: services/api/Dockerfile',
    '      target: PRODUCTION',
    '  web:',
    '    build: ./services/web/',
    '  web-dev:',
    '    build: {context: services/web, dockerfile: Dockerfile.dev}',
    '  worker:',
    '    build:',
    '      context: docker',
    '      dockerfile: /repo/docker/Dockerfile.worker',
    '  remote:',
    '    build: https://github.com/docker/compose.git#main',
    '  ssh:',
    '    build: git@github.com:docker/compose.git',
    '  inline:',
    '    build:',
    '      context: shared',
    '      dockerfile_inline: FROM scratch',
    '  db:',
    '    image: postgres:16',
  );
  t.catchesNot(good, inRepo(good));
});

test('override files and extends: only what the file writes is checked', () => {
  const override = lines('services:', '  api:', '    build:', '      target: anything');
  t.catchesNot(override, inRepo(override, {}, '/repo/compose.override.yaml'));
  const ctxOnly = lines('services:', '  api:', '    build:', '      context: services/web', '      target: anything');
  t.catchesNot(ctxOnly, inRepo(ctxOnly, {}, '/repo/compose.override.yaml'));
  const bad = lines('services:', '  api:', '    build:', '      context: services/nope');
  t.catchesAt(bad, [{ line: 3, character: 15, endCharacter: 28 }], inRepo(bad, {}, '/repo/compose.override.yaml'));
  t.catchesNot(lines('services:', '  api:', '    extends: {file: base.yaml, service: api}', '    build:', '      target: x'), inRepo(''));
});

test('nothing without the file view', () => {
  t.catchesNot(lines('services:', '  api:', '    build: ./servces/api'));
});

test('bad input does not throw', () => {
  for (const text of [
    lines('services:', '  - api'),
    lines('services:', '  a: just-a-string', '  b: [1, 2]', '  c:', '  d:', '    build: [1, 2]', '  e:', '    build: 42', '  f:', '    build:', '      context: [x]', '      dockerfile: {a: 1}', '      target: [y]'),
    lines('services:', '  g:', '    build:'),
    '',
  ]) {
    t.findings(text, inRepo(text));
  }
});
