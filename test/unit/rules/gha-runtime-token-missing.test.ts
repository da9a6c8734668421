import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('gha-runtime-token-missing');

/** Plan §6.2's timing command as a run step (block scalar with continuations), inline. */
const PLAN_6_2 = lines(
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: docker/setup-buildx-action@v3',
  '      - name: Build with timing',
  '        run: |',
  '          # Add build timing to CI/CD',
  '          time docker buildx build \\',
  '            --progress=plain \\',
  '            --cache-from type=gha \\',
  '            --cache-to type=gha,mode=max \\',
  '            -f services/websocket-ingestion/Dockerfile .',
);

test('plan §6.2: type=gha in a run step without the runtime token, on each type=gha inside the script', () => {
  const f = t.catchesAt(PLAN_6_2, [
    { line: 10, character: 25, endCharacter: 33 },
    { line: 11, character: 23, endCharacter: 31 },
  ]);
  assert.equal(f[0].severity, 'error');
});

test('fix: one ghaction-github-runtime step before the build step', () => {
  t.fixes(PLAN_6_2, PLAN_6_2.replace('      - name: Build with timing', '      - name: Expose GitHub runtime for the build cache\n        uses: crazy-max/ghaction-github-runtime@v3\n      - name: Build with timing'));
});

test('CRLF and a folded scalar keep exact offsets; a script that cannot be mapped points at run', () => {
  t.catchesAt(PLAN_6_2.replace(/\n/g, '\r\n'), [
    { line: 10, character: 25, endCharacter: 33 },
    { line: 11, character: 23, endCharacter: 31 },
  ]);
  t.catchesAt(lines('jobs:', '  b:', '    steps:', '      - run: >', '          docker buildx build', '          --cache-to type=gha .'), [{ line: 5, character: 21, endCharacter: 29 }]);
  t.catchesAt(lines('jobs:', '  b:', '    steps:', '      - run: "docker buildx build --cache-to type=gha \\\\\\n ."'), [{ line: 3, character: 8, endCharacter: 11 }]);
});

test('quiet: runtime exposed by an action, github-script, env, or an inline token; build-push-action steps', () => {
  const build = '      - run: docker buildx build --cache-to type=gha,mode=max .';
  t.catchesNot(lines('jobs:', '  b:', '    steps:', '      - uses: crazy-max/ghaction-github-runtime@v3', build));
  t.catchesNot(lines('jobs:', '  b:', '    steps:', '      - uses: actions/github-script@v7', '        with:', '          script: |', "            core.exportVariable('ACTIONS_RUNTIME_TOKEN', process.env.ACTIONS_RUNTIME_TOKEN)", build));
  t.catchesNot(lines('jobs:', '  b:', '    env:', '      ACTIONS_RUNTIME_TOKEN: ${{ secrets.T }}', '    steps:', build));
  t.catchesNot(lines('jobs:', '  b:', '    steps:', '      - run: docker buildx build --cache-to type=gha,token=${{ secrets.T }},url=${{ vars.U }} .'));
  t.catchesNot(lines('jobs:', '  b:', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          cache-to: type=gha'));
  // The runtime step after the build is too late.
  t.catches(lines('jobs:', '  b:', '    steps:', build, '      - uses: crazy-max/ghaction-github-runtime@v3'));
});
