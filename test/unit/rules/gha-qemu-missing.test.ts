import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('gha-qemu-missing');

const PLAN_5_2 = lines(
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      ',
  '      - name: Set up Docker Buildx',
  '        uses: docker/setup-buildx-action@v3',
  '      ',
  '      - name: Build and push',
  '        uses: docker/build-push-action@v6',
  '        with:',
  '          context: .',
  '          platforms: linux/amd64,linux/arm64  # Multi-arch support',
);

test('plan §5.2: linux/arm64 on an amd64 runner without setup-qemu, on that platform', () => {
  const [f] = t.catchesAt(PLAN_5_2, [{ line: 13, character: 33, endCharacter: 44 }]);
  assert.equal(f.fixes[0].safe, false);
});

test('fix: QEMU goes before the Buildx setup, blank-line separated like the rest', () => {
  t.fixes(PLAN_5_2, PLAN_5_2.replace('      - name: Set up Docker Buildx', '      - name: Set up QEMU\n        uses: docker/setup-qemu-action@v3\n\n      - name: Set up Docker Buildx'));
});

test('arm runners, run steps with --platform, 386 on amd64', () => {
  t.catchesAt(lines('jobs:', '  b:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - run: docker buildx build --platform linux/arm64,linux/amd64 .'), [{ line: 4, character: 56, endCharacter: 67 }]);
  t.catchesNot(lines('jobs:', '  b:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          platforms: |', '            linux/amd64', '            linux/386'));
});

test('quiet: setup-qemu before, binfmt in a script, remote builders, unknown runners, expressions', () => {
  const build = ['      - uses: docker/build-push-action@v6', '        with:', '          platforms: linux/arm64'];
  t.catchesNot(lines('jobs:', '  b:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: docker/setup-qemu-action@v3', ...build));
  t.catchesNot(lines('jobs:', '  b:', '    runs-on: ubuntu-latest', '    steps:', '      - run: docker run --privileged --rm tonistiigi/binfmt --install all', ...build));
  t.catchesNot(lines('jobs:', '  b:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: docker/setup-buildx-action@v3', '        with:', '          driver: remote', '          endpoint: tcp://arm-builder:1234', ...build));
  t.catchesNot(lines('jobs:', '  b:', '    runs-on: [self-hosted]', '    steps:', ...build));
  t.catchesNot(lines('jobs:', '  b:', '    runs-on: ${{ matrix.os }}', '    steps:', ...build));
  t.catchesNot(lines('jobs:', '  b:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          platforms: ${{ matrix.platform }}'));
});
