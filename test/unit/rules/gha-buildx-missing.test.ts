import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('gha-buildx-missing');

/** Plan §1.4's step, inline, in a job of its own. */
const PLAN_1_4 = lines(
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '',
  '      # Build the websocket image',
  '      - name: Build and push',
  '        uses: docker/build-push-action@v6',
  '        with:',
  '          context: .',
  '          file: services/websocket-ingestion/Dockerfile',
  '          push: true',
  '          tags: user/homeiq-websocket:latest',
  '          cache-from: type=gha',
  '          cache-to: type=gha,mode=max',
);

test('plan §1.4: a gha cache export without setup-buildx, on the cache-to entry', () => {
  t.catchesAt(PLAN_1_4, [{ line: 15, character: 20, endCharacter: 37 }]);
});

test('fix: the setup step goes above the build and its comment, blank-line separated like the other steps', () => {
  t.fixes(
    PLAN_1_4,
    PLAN_1_4.replace('\n      # Build the websocket image', '\n      - name: Set up Docker Buildx\n        uses: docker/setup-buildx-action@v3\n\n      # Build the websocket image'),
  );
});

test('fix: loads images later steps use; a run build becomes docker buildx build --load; unnamed steps get no name', () => {
  const text = lines(
    'jobs:',
    '  t:',
    '    steps:',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    '          tags: app:test',
    '          cache-to: type=gha,mode=max',
    '      - run: docker build -t tool:1 --cache-from type=gha --cache-to type=gha .',
    '      - run: docker run --rm app:test pytest && docker run tool:1',
  );
  t.catchesAt(text, [
    { line: 6, character: 20, endCharacter: 37 },
    { line: 7, character: 69, endCharacter: 77 },
  ]);
  t.fixes(
    text,
    lines(
      'jobs:',
      '  t:',
      '    steps:',
      '      - uses: docker/setup-buildx-action@v3',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          tags: app:test',
      '          load: true',
      '          cache-to: type=gha,mode=max',
      '      - run: docker buildx build --load -t tool:1 --cache-from type=gha --cache-to type=gha .',
      '      - run: docker run --rm app:test pytest && docker run tool:1',
    ),
  );
  const [f] = t.catches(text);
  assert.equal(f.fixes[0].safe, false);
});

test('quiet: setup-buildx earlier in the job, an explicit builder, a builder created by hand, inline/registry caches', () => {
  t.catchesNot(lines('jobs:', '  j:', '    steps:', '      - uses: docker/setup-buildx-action@v3', '      - uses: docker/build-push-action@v6', '        with:', '          cache-to: type=gha,mode=max'));
  t.catchesNot(lines('jobs:', '  j:', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          builder: ${{ steps.b.outputs.name }}', '          cache-to: type=gha'));
  t.catchesNot(lines('jobs:', '  j:', '    steps:', '      - run: docker buildx create --use', '      - run: docker buildx build --cache-to type=gha .'));
  t.catchesNot(lines('jobs:', '  j:', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          cache-from: type=registry,ref=r/c', '          cache-to: type=inline'));
});

test('setup-buildx in another job does not count (each job is a fresh runner)', () => {
  t.catches(lines('jobs:', '  a:', '    steps:', '      - uses: docker/setup-buildx-action@v3', '  b:', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          cache-from: type=gha'));
});
