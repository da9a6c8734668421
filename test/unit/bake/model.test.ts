import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBake, withPrint, builtTargetNames } from '../../../rules/bake/model';
import { lines } from '../../helpers/ruleTester';

const HCL = lines(
  '# shared settings',
  'variable "TAG" {',
  '  default = "latest"',
  '}',
  'REGISTRY = "docker.io/acme"',
  'variable "PY" {}',
  '',
  'group "default" {',
  '  targets = ["api", "worker"]',
  '}',
  '',
  'target "_common" {',
  '  context = "."',
  '  cache-from = ["type=gha,scope=common"]',
  '  args = {',
  '    BASE = "3.12"',
  '    KEEP = "yes"',
  '  }',
  '}',
  '',
  'target "api" {',
  '  inherits = ["_common"]',
  '  dockerfile = "services/api/Dockerfile"',
  '  target = "runtime"',
  '  tags = ["${REGISTRY}/api:${TAG}"]',
  '  cache-from = ["type=gha,scope=api"]',
  '  args = { BASE = "3.13", PYV = "${PY}" }',
  '}',
  '',
  'target "worker" {',
  '  name = "worker-${svc}"',
  '  matrix = {',
  '    svc = ["a", "b"]',
  '  }',
  '  dockerfile = "services/${svc}/Dockerfile"',
  '  // a line comment',
  '  tags = tag("x")',
  '}',
);

test('HCL: variables, inherits with buildx merge rules, matrix expansion, unknown values', () => {
  const m = parseBake(HCL, '/p/docker-bake.hcl');
  assert.equal(m.format, 'hcl');
  assert.deepEqual(m.targets.map((t) => [t.name, t.built]), [['_common', false], ['api', true], ['worker-a', true], ['worker-b', true]]);
  const api = m.target('api')!;
  assert.equal(api.context, '.');
  assert.equal(api.dockerfile, 'services/api/Dockerfile');
  assert.equal(api.target, 'runtime');
  assert.deepEqual(api.tags, ['docker.io/acme/api:latest']);
  // cache-from appends across inherits; args merge by key; an arg using a variable without default is unknown.
  assert.deepEqual(api.cacheFrom, ['type=gha,scope=common', 'type=gha,scope=api']);
  assert.ok(api.unknown.has('args'));
  assert.equal(api.ranges.context?.block, '_common');
  assert.equal(api.ranges.context?.inherited, true);
  assert.equal(api.ranges.dockerfile?.inherited, false);
  assert.equal(HCL.slice(api.nameStart, api.nameEnd), 'api');
  const wa = m.target('worker-a')!;
  assert.equal(wa.dockerfile, 'services/a/Dockerfile');
  assert.deepEqual(wa.matrix, { svc: 'a' });
  assert.ok(wa.unknown.has('tags'));
  assert.equal(m.target('worker-b')!.dockerfile, 'services/b/Dockerfile');
  assert.deepEqual(m.groups.map((g) => [g.name, g.targets]), [['default', ['api', 'worker']]]);
  assert.deepEqual(m.comments, [{ line: 0, text: ' shared settings' }, { line: 35, text: ' a line comment' }]);
  assert.deepEqual(builtTargetNames(m), ['api', 'worker-a', 'worker-b']);
});

test('HCL: args merge by key through inherits when all are known', () => {
  const m = parseBake(lines('target "base" {', '  args = { A = "1", B = "2" }', '}', 'target "app" {', '  inherits = ["base"]', '  args = { B = "3", C = null }', '}'));
  assert.deepEqual(m.target('app')!.args, { A: '1', B: '3' });
  assert.equal(m.target('base')!.built, false);
});

test('HCL: escapes, heredocs and numbers', () => {
  const m = parseBake(
    lines(
      'target "t" {',
      '  target = "a\\"b$${X}"',
      '  args = { N = 3, B = true }',
      '  dockerfile-inline = <<-EOT',
      '    FROM alpine AS base',
      '      RUN echo',
      '    EOT',
      '}',
    ),
  );
  const t = m.target('t')!;
  assert.equal(t.target, 'a"b${X}');
  assert.deepEqual(t.args, { N: '3', B: 'true' });
  assert.equal(t.dockerfileInline, 'FROM alpine AS base\n  RUN echo\n');
});

test('HCL: a half-typed file keeps its complete blocks and reports a syntax problem', () => {
  const m = parseBake(lines('target "a" {', '  context =', '}', 'target "b" {', '  dockerfile = "D"', '}'));
  assert.ok(m.syntaxErrors.length > 0);
  assert.equal(m.target('b')!.dockerfile, 'D');
  assert.ok(m.target('a'));
});

test('bad input never throws', () => {
  for (const text of ['', '{', 'target {', 'target "x" { inherits = ["x"] }', 'target "a" { inherits = ["b"] }\ntarget "b" { inherits = ["a"] }', '"', '{"target": []}', '{"target": {"a": "x"}}', '[1,2]', 'variable "A" { default = A }\ntarget "t" { context = A }']) {
    const m = parseBake(text, text.startsWith('{') || text.startsWith('[') ? '/p/docker-bake.json' : '/p/docker-bake.hcl');
    assert.ok(Array.isArray(m.targets));
  }
});

test('JSON: targets, groups, variables and inherits with offsets', () => {
  const text = JSON.stringify(
    {
      variable: { TAG: { default: 'v1' } },
      group: { default: { targets: ['app'] } },
      target: {
        base: { context: 'src', 'cache-to': ['type=registry,ref=r/cache,mode=max'] },
        app: { inherits: ['base'], dockerfile: 'Dockerfile.app', tags: ['r/app:${TAG}'], 'cache-from': [{ type: 'gha' }] },
      },
    },
    null,
    2,
  );
  const m = parseBake(text, '/p/docker-bake.json');
  assert.equal(m.format, 'json');
  const app = m.target('app')!;
  assert.equal(app.context, 'src');
  assert.deepEqual(app.tags, ['r/app:v1']);
  assert.deepEqual(app.cacheTo, ['type=registry,ref=r/cache,mode=max']);
  assert.deepEqual(app.cacheFrom, ['type=gha']);
  assert.equal(text.slice(app.nameStart, app.nameEnd), 'app');
  assert.equal(text.slice(app.ranges.context!.attr.expr.start, app.ranges.context!.attr.expr.end), '"src"');
  assert.equal(m.target('base')!.built, false);
  assert.deepEqual(m.comments, []);
});

test('withPrint: bake\'s own values, positions from the text, cache objects as strings', () => {
  const m = parseBake(lines('target "api" {', '  context = "${CTX}"', '  dockerfile = "D"', '}'), '/p/docker-bake.hcl');
  assert.ok(m.target('api')!.unknown.has('context'));
  const p = withPrint(m, {
    group: { default: { targets: ['api'] } },
    target: { api: { context: 'services', dockerfile: 'D', args: { A: '1' }, 'cache-from': [{ type: 'gha', scope: 'api' }], 'cache-to': ['type=gha,mode=max'] } },
  });
  const api = p.target('api')!;
  assert.equal(p.evaluatedBy, 'print');
  assert.equal(api.context, 'services');
  assert.equal(api.unknown.size, 0);
  assert.deepEqual(api.cacheFrom, ['type=gha,scope=api']);
  assert.deepEqual(api.args, { A: '1' });
  assert.equal(api.ranges.context?.attr.name, 'context');
  assert.equal(p.text.slice(api.nameStart, api.nameEnd), 'api');
});
