import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, memoryFiles, ruleTester } from '../../helpers/ruleTester';
import type { Workspace } from '../../../rules/workspace/types';

const t = ruleTester('gha-scan-missing');

/** Plan §3.1's workflow, inline. */
const PLAN_3_1 = lines(
  'name: Docker Security Scan',
  'on:',
  '  push:',
  '    branches: [main]',
  'jobs:',
  '  scan:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - name: Build image',
  '        run: |',
  '          docker build -t homeiq:test \\',
  '            -f services/websocket-ingestion/Dockerfile .',
  '      - name: Run Trivy vulnerability scanner',
  '        uses: aquasecurity/trivy-action@master',
  '        with:',
  "          image-ref: 'homeiq:test'",
  "          format: 'sarif'",
  "          output: 'trivy-results.sarif'",
  "          severity: 'CRITICAL,HIGH'",
);

const BUILD_ONLY = lines('jobs:', '  build:', '    steps:', '      - run: echo hi', '      - uses: docker/build-push-action@v6', '      - uses: docker/build-push-action@v6');

test('reports once, on the first build, as info', () => {
  const [f] = t.catchesAt(BUILD_ONLY, [{ line: 4, character: 14, endCharacter: 41 }]);
  assert.equal(f.severity, 'info');
  t.catchesAt(lines('jobs:', '  b:', '    steps:', '      - run: docker build -t app .'), [{ line: 3, character: 13, endCharacter: 19 }]);
});

test('plan §3.1 scans with trivy-action: quiet; so are grype, trivy image, docker scout cves, anchore and scout actions', () => {
  t.catchesNot(PLAN_3_1);
  for (const scan of ['      - run: trivy image --exit-code 1 app', '      - run: grype app:latest', '      - run: docker scout cves app', '      - uses: anchore/scan-action@v4\n        with:\n          image: app', '      - uses: docker/scout-action@v1\n        with:\n          command: quickview,cves']) {
    t.catchesNot(BUILD_ONLY + scan + '\n');
  }
});

test('scans that do not look at images do not count', () => {
  t.catches(BUILD_ONLY + lines('      - uses: aquasecurity/trivy-action@0.28.0', '        with:', '          scan-type: fs'));
  t.catches(BUILD_ONLY + lines('      - uses: docker/scout-action@v1', '        with:', '          command: compare'));
  t.catches(BUILD_ONLY + lines('      - run: trivy fs .'));
});

test('a scan in another workflow of the repository counts (with the workspace); none without builds', () => {
  const files = memoryFiles({ '/project/.github/workflows/ci.yml': BUILD_ONLY, '/project/.github/workflows/security.yml': PLAN_3_1 });
  const workspace = { files: (kind: string) => (kind === 'workflow' ? ['/project/.github/workflows/ci.yml', '/project/.github/workflows/security.yml'] : []) } as unknown as Workspace;
  t.catchesNot(BUILD_ONLY, { files, workspace });
  t.catches(BUILD_ONLY, { files });
  t.catchesNot(lines('jobs:', '  test:', '    steps:', '      - run: npm test'));
});
