import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('gha-image-not-loaded');

const TEST_JOB = lines(
  'jobs:',
  '  test:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: docker/setup-buildx-action@v3',
  '      - name: Build',
  '        uses: docker/build-push-action@v6',
  '        with:',
  '          push: false',
  '          tags: |',
  '            ghcr.io/acme/api:${{ github.sha }}',
  '            api:test',
  '      - name: Scan',
  '        uses: aquasecurity/trivy-action@0.28.0',
  '        with:',
  "          image-ref: 'api:test'",
);

test('a docker-container build that pushes nothing and loads nothing, whose tag a scanner uses: on that tag', () => {
  const [f] = t.catchesAt(TEST_JOB, [{ line: 11, character: 12, endCharacter: 20 }]);
  assert.equal(f.severity, 'error');
  assert.equal(f.fixes[0].safe, false);
});

test('fix: load: true beside push', () => {
  t.fixes(TEST_JOB, TEST_JOB.replace('push: false\n', 'push: false\n          load: true\n'));
});

test('run steps: docker buildx build without --load, then docker run; the fix adds --load', () => {
  const text = lines('jobs:', '  t:', '    steps:', '      - uses: docker/setup-buildx-action@v3', '      - run: |', '          docker buildx build -t app .', '          docker run --rm app:latest pytest');
  t.catchesAt(text, [{ line: 5, character: 33, endCharacter: 36 }]);
  t.fixes(text, text.replace('build -t', 'build --load -t'));
});

test('quiet: no setup-buildx (the docker driver loads), load/push/outputs set, push expression, unused tag, plain docker build', () => {
  t.catchesNot(TEST_JOB.replace('      - uses: docker/setup-buildx-action@v3\n', ''));
  t.catchesNot(TEST_JOB.replace('push: false', 'load: true'));
  t.catchesNot(TEST_JOB.replace('push: false', 'push: true'));
  t.catchesNot(TEST_JOB.replace('push: false', 'push: ${{ github.event_name != \'pull_request\' }}'));
  t.catchesNot(TEST_JOB.replace('push: false', 'outputs: type=docker'));
  t.catchesNot(TEST_JOB.replace("image-ref: 'api:test'", "image-ref: 'other:test'"));
  t.catchesNot(TEST_JOB.replace('      - uses: docker/setup-buildx-action@v3\n', '      - uses: docker/setup-buildx-action@v3\n        with:\n          driver: docker\n'));
  t.catchesNot(lines('jobs:', '  t:', '    steps:', '      - uses: docker/setup-buildx-action@v3', '      - run: docker build -t app . && docker run app'));
});

test('multi-platform builds cannot be loaded: reported without a fix', () => {
  const [f] = t.catches(TEST_JOB.replace('push: false', 'push: false\n          platforms: linux/amd64,linux/arm64'));
  assert.deepEqual(f.fixes, []);
});
