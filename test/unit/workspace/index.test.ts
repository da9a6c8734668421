/** The workspace model: builds per Dockerfile from Compose, contexts, ignore files, git-ignored paths, updates without rescans. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../../rules/workspace/index';
import { BUILD_EXTRACTORS } from '../../../rules/workspace/extractors';
import { memoryDisk } from '../../helpers/memoryDisk';

const lines = (...l: string[]) => l.join('\n') + '\n';

const FILES = {
  '/repo/docker-compose.yml': lines(
    'services:',
    '  api:',
    '    build:',
    '      context: .',
    '      dockerfile: services/api/Dockerfile',
    '      target: production',
    '      args:',
    '        - PY=3.12',
    '  web:',
    '    build: services/web',
    '  remote:',
    '    build: https://github.com/example/repo.git#main',
    '  inline:',
    '    build:',
    '      dockerfile_inline: FROM scratch',
  ),
  '/repo/services/api/Dockerfile': 'FROM python:3.12-alpine\n',
  '/repo/services/api/app.py': 'print(1)\n',
  '/repo/services/api/.dockerignore': '*.pyc\n',
  '/repo/services/web/Dockerfile': 'FROM node:22-alpine\n',
  '/repo/services/web/Dockerfile.dockerignore': 'node_modules\n',
  '/repo/services/web/.dockerignore': 'ignored-by-the-other\n',
  '/repo/services/web/node_modules/left-pad/index.js': 'x',
  '/repo/tools/Dockerfile': 'FROM alpine:3.20\n',
  '/repo/.gitignore': 'secrets/\n*.log\n!keep.log\n',
  '/repo/secrets/db.txt': 'pw\n',
  '/repo/.git/HEAD': 'ref: refs/heads/main\n',
};

function index(files: Record<string, string> = FILES) {
  const disk = memoryDisk(files);
  return { disk, ws: new WorkspaceIndex(disk, ['/repo'], { extractors: BUILD_EXTRACTORS }).scan() };
}

test('Compose builds: long and short form, resolved against the Compose file folder; remote and inline skipped', () => {
  const { ws } = index();
  assert.deepEqual(
    ws.builds().map((b) => [b.name, b.context, b.dockerfile, b.target, b.args, b.guessed]),
    [
      ['api', '/repo', '/repo/services/api/Dockerfile', 'production', { PY: '3.12' }, false],
      ['web', '/repo/services/web', '/repo/services/web/Dockerfile', undefined, {}, false],
    ],
  );
  assert.equal(ws.builds()[0].range?.start.line, 2);
});

test('a Dockerfile nothing names gets one guessed build in its own folder', () => {
  const { ws } = index();
  assert.deepEqual(ws.buildsOf('/repo/tools/Dockerfile').map((b) => [b.origin, b.context, b.guessed]), [['guess', '/repo/tools', true]]);
  assert.deepEqual(ws.buildsOf('/repo/services/api/Dockerfile').map((b) => [b.origin, b.context]), [['compose', '/repo']]);
});

test('which .dockerignore applies: <Dockerfile>.dockerignore first, else the context root; none elsewhere', () => {
  const { ws } = index();
  const [api] = ws.buildsOf('/repo/services/api/Dockerfile');
  // The context is the repository root: services/api/.dockerignore is not used.
  assert.equal(ws.ignoreFileFor(api), undefined);
  const [web] = ws.buildsOf('/repo/services/web/Dockerfile');
  assert.equal(ws.ignoreFileFor(web), '/repo/services/web/Dockerfile.dockerignore');
});

test('context listing: relative paths and sizes, node_modules and .git noted as folders but not walked', () => {
  const { ws } = index();
  const web = ws.contextListing('/repo/services/web');
  assert.deepEqual(web.files.map((f) => f.path), ['.dockerignore', 'Dockerfile', 'Dockerfile.dockerignore']);
  assert.deepEqual(web.dirs, ['node_modules']);
  const root = ws.contextListing('/repo');
  assert.ok(root.dirs.includes('.git') && !root.files.some((f) => f.path.startsWith('.git/')));
  assert.equal(root.files.find((f) => f.path === 'services/api/app.py')?.size, 9);
  assert.equal(root.truncated, false);
});

test('files by kind', () => {
  const { ws } = index();
  assert.deepEqual(ws.files('dockerfile'), ['/repo/services/api/Dockerfile', '/repo/services/web/Dockerfile', '/repo/tools/Dockerfile']);
  assert.deepEqual(ws.files('dockerignore'), ['/repo/services/api/.dockerignore', '/repo/services/web/.dockerignore', '/repo/services/web/Dockerfile.dockerignore']);
  assert.deepEqual(ws.files('compose'), ['/repo/docker-compose.yml']);
});

test('git-ignored paths follow .gitignore, including folders and negations', () => {
  const { ws } = index();
  assert.equal(ws.gitIgnored('/repo/secrets/db.txt'), true);
  assert.equal(ws.gitIgnored('/repo/services/api/debug.log'), true);
  assert.equal(ws.gitIgnored('/repo/keep.log'), false);
  assert.equal(ws.gitIgnored('/repo/services/api/app.py'), false);
  assert.equal(ws.gitIgnored('/elsewhere/x'), false);
});

test('changes update one folder and the builds, without a rescan', () => {
  const { disk, ws } = index();
  assert.equal(ws.builds().length, 2);
  disk.set('/repo/docker-compose.yml', lines('services:', '  tools:', '    build: tools'));
  ws.changed('/repo/docker-compose.yml');
  assert.deepEqual(ws.builds().map((b) => b.name), ['tools']);
  disk.set('/repo/services/api/api.Dockerfile', 'FROM scratch\n');
  ws.changed('/repo/services/api/api.Dockerfile');
  assert.ok(ws.files('dockerfile').includes('/repo/services/api/api.Dockerfile'));
  disk.set('/repo/services/web/Dockerfile.dockerignore', undefined);
  ws.changed('/repo/services/web/Dockerfile.dockerignore');
  assert.equal(ws.ignoreFileFor(ws.buildsOf('/repo/services/web/Dockerfile')[0]), '/repo/services/web/.dockerignore');
  disk.set('/repo/new/Dockerfile', 'FROM scratch\n');
  ws.changed('/repo/new');
  assert.ok(ws.files('dockerfile').includes('/repo/new/Dockerfile'));
});

test('the walk stops at its cap and says so', () => {
  const many: Record<string, string> = {};
  for (let i = 0; i < 50; i++) many[`/repo/d${i}/f.txt`] = 'x';
  const ws = new WorkspaceIndex(memoryDisk(many), ['/repo'], { maxEntries: 20 }).scan();
  assert.equal(ws.isTruncated, true);
  assert.equal(ws.contextListing('/repo').truncated, true);
});

test('a broken Compose file declares nothing and breaks nothing', () => {
  const { ws } = index({ ...FILES, '/repo/docker-compose.yml': 'services: [' });
  assert.deepEqual(ws.builds(), []);
  assert.equal(ws.buildsOf('/repo/services/api/Dockerfile')[0].guessed, true);
});

test('a service that extends another of the same file builds what that one builds', () => {
  const { ws } = index({
    '/repo/compose.yaml': lines('services:', '  base:', '    build: services/web', '  web-debug:', '    extends: base', '  web-long:', '    extends:', '      service: base', '  other:', '    extends:', '      file: common.yml', '      service: x'),
    '/repo/services/web/Dockerfile': 'FROM node:22-alpine\n',
  });
  assert.deepEqual(ws.buildsOf('/repo/services/web/Dockerfile').map((b) => b.name), ['base', 'web-debug', 'web-long']);
});
