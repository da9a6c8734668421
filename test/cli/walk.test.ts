/** Which files are linted: the walk, explicit files, config ignore/--config, and files that cannot be linted normally. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { project, runCli, jsonResults, write, lines, NPM_INSTALL, NPM_CI, ONLY_NPM } from './harness';

const files = (dir: string, args: string[] = []) => {
  const run = runCli(dir, ['lint', '--format', 'json', ...args]);
  return { run, files: jsonResults(run).map((r) => r.file) };
};

test('the walk picks Dockerfiles by name, sorted, and skips node_modules, .git and other kinds', (t) => {
  const dir = project(t, {
    '.layerwise.yaml': ONLY_NPM(),
    'Dockerfile': NPM_INSTALL,
    'services/api/Dockerfile.dev': NPM_INSTALL,
    'services/api/Dockerfile.md': NPM_INSTALL,
    'services/web/Containerfile': NPM_INSTALL,
    'services/web/app.dockerfile': NPM_INSTALL,
    'B/Dockerfile': NPM_INSTALL,
    'node_modules/pkg/Dockerfile': NPM_INSTALL,
    'deep/node_modules/pkg/Dockerfile': NPM_INSTALL,
    '.git/Dockerfile': NPM_INSTALL,
    'Dockerfile.dockerignore': NPM_INSTALL,
    '.dockerignore': 'node_modules\n',
    'compose.yaml': 'services: {}\n',
    '.github/workflows/ci.yml': 'on: push\n',
    'README.md': NPM_INSTALL,
    'notes.txt': NPM_INSTALL,
  });
  const { run, files: found } = files(dir);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '', 'kinds without rules are skipped silently');
  assert.deepEqual(found, ['B/Dockerfile', 'Dockerfile', 'services/api/Dockerfile.dev', 'services/web/Containerfile', 'services/web/app.dockerfile']);
  const stylish = runCli(dir, ['lint']);
  assert.match(stylish.stdout, /5 problems/);
});

test('an explicitly named file is linted even if its name does not match; the same file named twice counts once', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), 'build/image.txt': NPM_INSTALL, Dockerfile: NPM_INSTALL });
  assert.deepEqual(files(dir, ['build/image.txt', 'Dockerfile', './Dockerfile', '.']).files, ['Dockerfile', 'build/image.txt']);
  // An explicitly named ignore file is still an ignore file, not a Dockerfile.
  write(dir, 'Dockerfile.dockerignore', NPM_INSTALL);
  const r = files(dir, ['Dockerfile.dockerignore']);
  assert.equal(r.run.code, 0);
  assert.deepEqual(r.files, []);
});

test('symlinked folders are followed once, so a link loop ends', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), 'a/Dockerfile': NPM_INSTALL });
  fs.symlinkSync('..', path.join(dir, 'a', 'loop'), 'dir');
  fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'alias'), 'dir');
  const r = files(dir);
  assert.equal(r.run.code, 0, r.run.stderr);
  assert.equal(r.files.length, 1, JSON.stringify(r.files));
});

test('config ignore: globs relative to the config file skip files and folders; ! re-includes', (t) => {
  const dir = project(t, {
    '.layerwise.yaml': ONLY_NPM('info', lines('ignore:', '  - legacy', '  - "**/Dockerfile.old"', '  - "vendor/**"', '  - "!vendor/ours/**"')),
    'Dockerfile': NPM_INSTALL,
    'legacy/Dockerfile': NPM_INSTALL,
    'legacy/deeper/Dockerfile': NPM_INSTALL,
    'x/Dockerfile.old': NPM_INSTALL,
    'vendor/theirs/Dockerfile': NPM_INSTALL,
    'vendor/ours/Dockerfile': NPM_INSTALL,
    'notlegacy/Dockerfile': NPM_INSTALL,
  });
  assert.deepEqual(files(dir).files, ['Dockerfile', 'notlegacy/Dockerfile', 'vendor/ours/Dockerfile']);
  // Explicitly named ignored files are skipped too (CI tools pass changed files by name).
  assert.deepEqual(files(dir, ['legacy/Dockerfile']).files, []);
});

test('the nearest .layerwise.yaml applies per file; --config replaces it for every file', (t) => {
  const dir = project(t, {
    '.layerwise.yaml': ONLY_NPM('info'),
    'Dockerfile': NPM_INSTALL,
    'team/.layerwise.yaml': ONLY_NPM('error', lines('ignore:', '  - skipped')),
    'team/Dockerfile': NPM_INSTALL,
    'team/skipped/Dockerfile': NPM_INSTALL,
    'ci/strict.yaml': ONLY_NPM('warning'),
  });
  const nearest = jsonResults(runCli(dir, ['lint', '--format', 'json']));
  assert.deepEqual(
    nearest.map((r) => [r.file, r.severity]),
    [
      ['Dockerfile', 'info'],
      ['team/Dockerfile', 'error'],
    ],
  );
  const fixed = jsonResults(runCli(dir, ['lint', '--format', 'json', '--config', 'ci/strict.yaml']));
  assert.deepEqual(
    fixed.map((r) => [r.file, r.severity]),
    [
      ['Dockerfile', 'warning'],
      ['team/Dockerfile', 'warning'],
      ['team/skipped/Dockerfile', 'warning'],
    ],
    '--config ignores the nearest config files, their ignore: included',
  );
});

test('a binary file is skipped with a note; an invalid UTF-8 file is linted', (t) => {
  const dir = project(t, {
    '.layerwise.yaml': ONLY_NPM(),
    'bin/Dockerfile': Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01, 0x02, 0xff, 0x0a]),
    'bad/Dockerfile': Buffer.concat([Buffer.from([0xff, 0xfe, 0x80, 0x0a]), Buffer.from(NPM_INSTALL)]),
  });
  const r = files(dir);
  assert.equal(r.run.code, 0, r.run.stderr);
  assert.match(r.run.stderr, /bin\/Dockerfile: skipped \(binary file\)/);
  assert.deepEqual(r.files, ['bad/Dockerfile']);
  assert.equal(jsonResults(r.run)[0].line, 5);
});

test('a 5 MB Dockerfile is linted', (t) => {
  const head = lines('FROM node:22-alpine', 'WORKDIR /app', 'COPY package.json package-lock.json ./');
  const filler: string[] = [];
  let size = head.length;
  for (let i = 0; size < 5 * 1024 * 1024; i++) {
    const line = i % 40 === 0 ? `RUN echo step ${i} && ls /app\n` : `# note ${i}: ${'padding '.repeat(6)}\n`;
    filler.push(line);
    size += line.length;
  }
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), Dockerfile: head + filler.join('') + 'RUN npm install\n' });
  const r = files(dir);
  assert.equal(r.run.code, 0, r.run.stderr);
  assert.equal(jsonResults(r.run)[0].line, 3 + filler.length + 1);
});

test('a file that cannot be read is reported on stderr (exit 2) and the others are still linted', (t) => {
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), 'ok/Dockerfile': NPM_INSTALL });
  fs.mkdirSync(path.join(dir, 'dangling'));
  fs.symlinkSync(path.join(dir, 'nowhere', 'Dockerfile'), path.join(dir, 'dangling', 'Dockerfile'));
  const r = files(dir);
  assert.equal(r.run.code, 2);
  assert.match(r.run.stderr, /dangling\/Dockerfile: cannot read: ENOENT/);
  assert.deepEqual(r.files, ['ok/Dockerfile']);
});

test('a file without read permission is reported on stderr (exit 2)', (t) => {
  if (process.getuid?.() === 0 || process.platform === 'win32') {
    t.skip('running as root (or on Windows): permissions do not stop reading');
    return;
  }
  const dir = project(t, { '.layerwise.yaml': ONLY_NPM(), Dockerfile: NPM_CI, 'locked/Dockerfile': NPM_INSTALL });
  fs.chmodSync(path.join(dir, 'locked/Dockerfile'), 0o000);
  t.after(() => fs.chmodSync(path.join(dir, 'locked/Dockerfile'), 0o644));
  const r = files(dir);
  assert.equal(r.run.code, 2);
  assert.match(r.run.stderr, /locked\/Dockerfile: cannot read: EACCES/);
});
