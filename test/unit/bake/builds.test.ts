import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBake } from '../../../rules/bake/model';
import { bakeBuilds } from '../../../rules/bake/builds';
import { lines } from '../../helpers/ruleTester';

test('bakeBuilds: built targets with paths as written, relative to the bake file\'s folder', () => {
  const text = lines(
    'target "_base" {',
    '  context = "."',
    '  args = { PY = "3.12" }',
    '}',
    'target "api" {',
    '  inherits = ["_base"]',
    '  dockerfile = "services/api/Dockerfile"',
    '  target = "production"',
    '}',
    'target "dash" {',
    '  context = "services/dash"',
    '}',
    'target "remote" {',
    '  context = "https://github.com/acme/x.git"',
    '}',
    'target "inline" {',
    '  dockerfile-inline = "FROM alpine"',
    '}',
    'target "unknown" {',
    '  context = pick()',
    '}',
    'target "cwd" {',
    '  context = "cwd://sub"',
    '}',
  );
  const builds = bakeBuilds(parseBake(text, '/repo/ci/docker-bake.hcl'));
  assert.deepEqual(
    builds.map((b) => ({ ...b, range: b.range && [b.range.start.line, b.range.start.character, b.range.end.character] })),
    [
      { origin: 'bake', file: '/repo/ci/docker-bake.hcl', baseDir: '/repo/ci', context: '.', dockerfile: 'services/api/Dockerfile', dockerfileRelativeTo: 'context', target: 'production', args: { PY: '3.12' }, name: 'api', range: [4, 8, 11] },
      { origin: 'bake', file: '/repo/ci/docker-bake.hcl', baseDir: '/repo/ci', context: 'services/dash', dockerfile: undefined, dockerfileRelativeTo: 'context', target: undefined, args: {}, name: 'dash', range: [9, 8, 12] },
      { origin: 'bake', file: '/repo/ci/docker-bake.hcl', baseDir: '/repo/ci', context: 'sub', dockerfile: undefined, dockerfileRelativeTo: 'context', target: undefined, args: {}, name: 'cwd', range: [21, 8, 11] },
    ],
  );
});
