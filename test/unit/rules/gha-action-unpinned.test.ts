import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('gha-action-unpinned');

test('plan §3.1: trivy-action@master, on the ref', () => {
  const [f] = t.catchesAt(
    lines('jobs:', '  scan:', '    steps:', '      - uses: actions/checkout@v4', '      - name: Run Trivy vulnerability scanner', '        uses: aquasecurity/trivy-action@master', '        with:', "          image-ref: 'homeiq:test'"),
    [{ line: 5, character: 40, endCharacter: 46 }],
  );
  assert.match(f.message, /branch "master"/);
  assert.deepEqual(f.fixes, []);
});

test('branches, slashes, short SHAs, quoted values and reusable workflows', () => {
  t.catchesAt(
    lines('jobs:', '  a:', '    uses: acme/ci/.github/workflows/build.yml@main', '  b:', '    steps:', '      - uses: "acme/x@releases/v1"', "      - uses: 'acme/y@abc1234'", '      - uses: acme/z@develop'),
    [
      { line: 2, character: 46, endCharacter: 50 },
      { line: 5, character: 22, endCharacter: 33 },
      { line: 6, character: 22, endCharacter: 29 },
      { line: 7, character: 21, endCharacter: 28 },
    ],
  );
});

test('quiet: release tags, full SHAs, local and docker actions, expressions', () => {
  t.catchesNot(
    lines(
      'jobs:',
      '  b:',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: docker/build-push-action@v6.9.0',
      '      - uses: acme/x@1.2.3-beta.1',
      '      - uses: actions/cache@0c45773b623bea8c8e75f6c82b208c3cf94ea4f9 # v4',
      '      - uses: ./.github/actions/setup',
      '      - uses: docker://alpine:3.20',
    ),
  );
});

test('option requireSha: release tags are flagged too', () => {
  const config = { rules: { 'gha-action-unpinned': { severity: 'warning' as const, options: { requireSha: true } } } };
  t.catchesAt(lines('jobs:', '  b:', '    steps:', '      - uses: actions/checkout@v4', '      - uses: actions/cache@0c45773b623bea8c8e75f6c82b208c3cf94ea4f9'), [{ line: 3, character: 31, endCharacter: 33 }], { config });
});
