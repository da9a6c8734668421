import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../helpers/ruleTester';
import { parseWorkflow, repositoryRoot } from '../../../rules/workflow/model';
import { dockerBuilds, inputItems, normalizeImage } from '../../../rules/workflow/docker';
import { programName } from '../../../rules/dockerfile/shell';

const PATH = '/repo/.github/workflows/ci.yml';

test('jobs: runs-on labels, matrix keys and values (include adds values), env, reusable workflow', () => {
  const m = parseWorkflow(
    lines(
      'env:',
      '  A: 1',
      'jobs:',
      '  build:',
      '    runs-on: [self-hosted, ARM64]',
      '    env: { B: 2 }',
      '    strategy:',
      '      matrix:',
      '        service: [api, web]',
      '        include:',
      '          - service: worker',
      '            python: "3.12"',
      '    steps: []',
      '  call:',
      '    uses: acme/workflows/.github/workflows/build.yml@main',
      '  expr:',
      '    runs-on: ${{ matrix.os }}',
    ),
    PATH,
  );
  assert.deepEqual([...m.env], ['A']);
  const [build, call, expr] = m.jobs;
  assert.deepEqual(build.runsOn, ['self-hosted', 'ARM64']);
  assert.deepEqual([...build.env], ['B']);
  assert.deepEqual(build.matrix?.keys, ['service', 'python']);
  assert.deepEqual(build.matrix?.values, { service: ['api', 'web', 'worker'], python: ['3.12'] });
  assert.equal(call.uses?.repo, 'acme/workflows');
  assert.equal(call.uses?.path, '.github/workflows/build.yml');
  assert.equal(call.uses?.ref, 'main');
  assert.deepEqual(expr.runsOn, []);
  assert.equal(m.repoRoot, '/repo');
});

test('steps: uses with exact ref offsets (plain and quoted), local and docker actions, inputs, id, name', () => {
  const text = lines(
    'jobs:',
    '  b:',
    '    steps:',
    '      - id: build',
    '        name: Build',
    '        uses: "docker/build-push-action@v6"',
    '        with:',
    '          tags: a:1, b:2',
    '          push: true',
    '      - uses: ./.github/actions/x',
    '      - uses: docker://alpine:3.20',
    '      - uses: github/codeql-action/upload-sarif@v3',
  );
  const m = parseWorkflow(text, PATH);
  const [s0, s1, s2, s3] = m.jobs[0].steps;
  assert.equal(s0.id, 'build');
  assert.equal(s0.name, 'Build');
  assert.equal(s0.uses?.repo, 'docker/build-push-action');
  assert.equal(text.slice(s0.uses!.refStart, s0.uses!.refEnd), 'v6');
  assert.equal(s0.input('push')?.value, 'true');
  assert.deepEqual(inputItems(s0.input('tags'), false).map((i) => text.slice(i.start, i.end)), ['a:1', 'b:2']);
  assert.equal(s1.uses?.kind, 'local');
  assert.equal(s2.uses?.kind, 'docker');
  assert.equal(s3.uses?.repo, 'github/codeql-action');
  assert.equal(s3.uses?.path, 'upload-sarif');
});

test('run scripts: block scalars map every character to its file offset (indentation, continuations, CRLF)', () => {
  for (const eol of ['\n', '\r\n']) {
    const text = ['jobs:', '  b:', '    steps:', '      - run: |', '          echo start', '          docker buildx build \\', '            --cache-to type=gha,mode=max \\', '            -t app:1 .', ''].join(eol);
    const m = parseWorkflow(text, PATH);
    const run = m.jobs[0].steps[0].run!;
    assert.equal(run.source.exact, true);
    for (let i = 0; i < run.source.text.length; i++) if (run.source.text[i] !== '\n') assert.equal(text[run.source.offsets[i]], run.source.text[i]);
    const [b] = dockerBuilds(m);
    assert.equal(text.slice(b.cacheTo[0].start, b.cacheTo[0].end), 'type=gha,mode=max');
    assert.equal(b.tags[0].value, 'app:1');
    assert.equal(b.context, '.');
    assert.deepEqual(run.commands.map(programName), ['echo', 'docker']);
  }
});

test('run scripts: folded, quoted and plain scalars; a scalar that cannot be mapped is not exact', () => {
  const text = lines('jobs:', '  b:', '    steps:', '      - run: >-', '          docker build', '          -t app:1 .', "      - run: 'docker build -t it''s .'", '      - run: docker build -t x .');
  const m = parseWorkflow(text, PATH);
  const [folded, quoted, plain] = m.jobs[0].steps.map((s) => s.run!);
  assert.equal(folded.text, 'docker build -t app:1 .');
  assert.equal(folded.source.exact, true);
  assert.equal(folded.commands.length, 1);
  assert.equal(quoted.source.exact, false);
  assert.equal(plain.source.exact, true);
  assert.equal(text.slice(plain.source.offsets[0], plain.source.offsets[6]), 'docker');
});

test('docker builds: build-push-action and bake-action inputs, docker build / image build / buildx build commands', () => {
  const m = parseWorkflow(
    lines(
      'jobs:',
      '  b:',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          context: ./app',
      '          file: app/Dockerfile.prod',
      '          target: runtime',
      '          build-args: |',
      '            A=1',
      '            B=x,y',
      '          cache-to: |',
      '            type=registry,ref=r/c:1,mode=max',
      '            type=gha',
      '          platforms: linux/amd64,linux/arm64',
      '      - uses: docker/bake-action@v5',
      '      - run: docker --context ci image build --load -f x/Dockerfile --build-arg=V=2 x && docker push x',
    ),
    PATH,
  );
  const [action, bake, run] = dockerBuilds(m);
  assert.equal(action.via, 'build-push');
  assert.equal(action.context, './app');
  assert.deepEqual(action.args, { A: '1', B: 'x,y' });
  assert.deepEqual(action.cacheTo.map((c) => c.type), ['registry', 'gha']);
  assert.deepEqual(action.platforms.map((p) => p.value), ['linux/amd64', 'linux/arm64']);
  assert.equal(action.push, false);
  assert.equal(bake.via, 'bake');
  assert.equal(run.via, 'run');
  assert.equal(run.usesSelectedBuilder, false);
  assert.equal(run.load, true);
  assert.equal(run.file, 'x/Dockerfile');
  assert.deepEqual(run.args, { V: '2' });
  assert.equal(run.context, 'x');
});

test('image references compare as Docker reads them', () => {
  assert.equal(normalizeImage('docker.io/library/nginx'), normalizeImage('nginx:latest'));
  assert.equal(normalizeImage('ghcr.io/a/b:1'), 'ghcr.io/a/b:1');
  assert.equal(normalizeImage('localhost:5000/app'), 'localhost:5000/app:latest');
});

test('repository root is the folder above .github', () => {
  assert.equal(repositoryRoot('/repo/.github/workflows/ci.yml'), '/repo');
  assert.equal(repositoryRoot('C:\\repo\\.github\\workflows\\ci.yml'), 'C:\\repo');
  assert.equal(repositoryRoot('/tmp/ci.yml'), '/tmp');
});

test('bad input never throws', () => {
  for (const t of ['', 'jobs: nope\n', 'jobs:\n  a: [1]\n', 'jobs:\n  a:\n    steps: x\n', 'jobs:\n  a:\n    steps:\n      - 1\n      - uses: [x]\n      - run: [x]\n', '- a\n', 'jobs:\n  a:\n    steps:\n      - run: |\n']) {
    const m = parseWorkflow(t, PATH);
    dockerBuilds(m);
  }
});
