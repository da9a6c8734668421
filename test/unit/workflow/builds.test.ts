import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../helpers/ruleTester';
import { parseWorkflow } from '../../../rules/workflow/model';
import { workflowBuilds } from '../../../rules/workflow/builds';

const PATH = '/repo/.github/workflows/ci.yml';
const builds = (text: string) => workflowBuilds(parseWorkflow(text, PATH)).map(({ range: _r, ...b }) => b);

test('plan §5.2: a matrix over services becomes one build per service, Dockerfile relative to the repository root', () => {
  const b = builds(
    lines(
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    strategy:',
      '      matrix:',
      '        service: [websocket-ingestion, admin-api]',
      '    steps:',
      '      - name: Build and push',
      '        uses: docker/build-push-action@v6',
      '        with:',
      '          context: .',
      '          file: services/${{ matrix.service }}/Dockerfile',
      '          tags: ${{ steps.meta.outputs.tags }}',
    ),
  );
  assert.deepEqual(b, [
    { origin: 'workflow', file: PATH, baseDir: '/repo', context: '.', dockerfile: 'services/websocket-ingestion/Dockerfile', dockerfileRelativeTo: 'base', target: undefined, args: {}, name: 'Build and push (websocket-ingestion)' },
    { origin: 'workflow', file: PATH, baseDir: '/repo', context: '.', dockerfile: 'services/admin-api/Dockerfile', dockerfileRelativeTo: 'base', target: undefined, args: {}, name: 'Build and push (admin-api)' },
  ]);
});

test('plan §3.1: docker build -f <file> <context> in a run step; working-directory moves the base', () => {
  const b = builds(
    lines(
      'jobs:',
      '  scan:',
      '    steps:',
      '      - name: Build image',
      '        run: |',
      '          docker build -t homeiq:test \\',
      '            -f services/websocket-ingestion/Dockerfile .',
      '      - id: api',
      '        working-directory: services/api',
      '        run: docker buildx build --target prod --build-arg PY=3.12 .',
    ),
  );
  assert.deepEqual(b, [
    { origin: 'workflow', file: PATH, baseDir: '/repo', context: '.', dockerfile: 'services/websocket-ingestion/Dockerfile', dockerfileRelativeTo: 'base', target: undefined, args: {}, name: 'Build image' },
    { origin: 'workflow', file: PATH, baseDir: '/repo/services/api', context: '.', dockerfile: undefined, dockerfileRelativeTo: 'context', target: 'prod', args: { PY: '3.12' }, name: 'api' },
  ]);
});

test('defaults and what cannot be resolved: Git default context, remote contexts, stdin, unresolved expressions, bake steps', () => {
  const b = builds(
    lines(
      'jobs:',
      '  j:',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          context: "{{defaultContext}}:app"',
      '      - uses: docker/build-push-action@v6',
      '        with: { context: "https://github.com/a/b.git" }',
      '      - run: docker build - < Dockerfile',
      '      - uses: docker/build-push-action@v6',
      '        with: { file: "${{ inputs.dockerfile }}" }',
      '      - uses: docker/bake-action@v5',
    ),
  );
  assert.deepEqual(b.map((x) => [x.context, x.dockerfile, x.dockerfileRelativeTo, x.name]), [
    [undefined, undefined, 'context', 'j step 1'],
    ['app', undefined, 'context', 'j step 2'],
  ]);
});

test('the range points at the declaration', () => {
  const [b] = workflowBuilds(parseWorkflow(lines('jobs:', '  j:', '    steps:', '      - uses: docker/build-push-action@v6'), PATH));
  assert.deepEqual(b.range, { start: { line: 3, character: 14 }, end: { line: 3, character: 41 } });
});
