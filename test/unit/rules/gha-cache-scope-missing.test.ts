import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, memoryFiles, ruleTester } from '../../helpers/ruleTester';
import type { Workspace } from '../../../rules/workspace/types';

const t = ruleTester('gha-cache-scope-missing');

/** Plan §5.2's build job (trimmed to what matters), inline. */
const PLAN_5_2 = lines(
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    strategy:',
  '      matrix:',
  '        service:',
  '          - websocket-ingestion',
  '          - admin-api',
  '    steps:',
  '      - name: Set up Docker Buildx',
  '        uses: docker/setup-buildx-action@v3',
  '      - name: Build and push',
  '        uses: docker/build-push-action@v6',
  '        with:',
  '          context: .',
  '          file: services/${{ matrix.service }}/Dockerfile',
  '          cache-from: type=gha',
  '          cache-to: type=gha,mode=max',
  '          platforms: linux/amd64,linux/arm64  # Multi-arch support',
);

test('plan §5.2: a matrix job with unscoped gha caches, on each entry', () => {
  t.catchesAt(PLAN_5_2, [
    { line: 16, character: 22, endCharacter: 30 },
    { line: 17, character: 20, endCharacter: 37 },
  ]);
});

test('fix (safe): both entries get the matrix scope, comments kept', () => {
  const [f] = t.catches(PLAN_5_2);
  assert.equal(f.fixes[0].safe, true);
  t.fixes(PLAN_5_2, PLAN_5_2.replace('cache-from: type=gha\n', 'cache-from: type=gha,scope=${{ matrix.service }}\n').replace('mode=max\n', 'mode=max,scope=${{ matrix.service }}\n'));
});

test('several builds in one workflow (action and run), and an import that misses its export scope', () => {
  const text = lines(
    'jobs:',
    '  a:',
    '    steps:',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    '          tags: acme/api:1',
    '          cache-to: type=gha,mode=max',
    '  b:',
    '    steps:',
    '      - run: |',
    '          docker buildx build --cache-to=type=gha -f services/web/Dockerfile .',
  );
  t.catchesAt(text, [
    { line: 6, character: 20, endCharacter: 37 },
    { line: 10, character: 41, endCharacter: 49 },
  ]);
  t.fixes(text, text.replace('mode=max\n', 'mode=max,scope=api\n'));
  t.fixes(text, text.replace('type=gha -f', 'type=gha,scope=web -f'), { findingIndex: 1 });
  const mismatch = lines('jobs:', '  a:', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          cache-from: type=gha', '          cache-to: type=gha,mode=max,scope=api');
  t.catchesAt(mismatch, [{ line: 5, character: 22, endCharacter: 30 }]);
  t.fixes(mismatch, mismatch.replace('from: type=gha\n', 'from: type=gha,scope=api\n'));
});

test('quiet: one build per workflow, scoped caches, other cache types', () => {
  t.catchesNot(lines('jobs:', '  a:', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          cache-from: type=gha', '          cache-to: type=gha,mode=max'));
  t.catchesNot(lines('jobs:', '  a:', '    strategy: { matrix: { s: [a, b] } }', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          cache-from: type=gha,scope=${{ matrix.s }}', '          cache-to: type=registry,ref=r/c:${{ matrix.s }}'));
});

test('across workflows and bake files (with the workspace): the repository shares one default scope', () => {
  const one = lines('jobs:', '  a:', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          cache-to: type=gha,mode=max');
  const workspace = (workflows: string[], bake: string[] = []): Workspace =>
    ({ files: (kind: string) => (kind === 'workflow' ? workflows : kind === 'bake' ? bake : []) }) as unknown as Workspace;
  const files = memoryFiles({ '/project/.github/workflows/ci.yml': one, '/project/.github/workflows/release.yml': one, '/project/docker-bake.hcl': 'target "x" {\n  cache-to = ["type=gha,mode=max"]\n}\n' });
  const [f] = t.catchesAt(one, [{ line: 5, character: 20, endCharacter: 37 }], { files, workspace: workspace(['/project/.github/workflows/ci.yml', '/project/.github/workflows/release.yml']) });
  assert.match(f.message, /release\.yml/);
  t.catches(one, { files, workspace: workspace(['/project/.github/workflows/ci.yml'], ['/project/docker-bake.hcl']) });
  t.catchesNot(one, { files, workspace: workspace(['/project/.github/workflows/ci.yml']) });
});

test('a cache entry inside a quoted run word gets no fix but is still reported', () => {
  const text = lines('jobs:', '  a:', '    strategy: { matrix: { s: [a, b] } }', '    steps:', '      - run: docker buildx build --cache-to "type=gha" .');
  const [f] = t.catchesAt(text, [{ line: 4, character: 44, endCharacter: 54 }]);
  assert.deepEqual(f.fixes, []);
});
