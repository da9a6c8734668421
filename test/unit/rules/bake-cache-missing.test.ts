import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { importOf } from '../../../rules/bake/rules/bake-cache-missing';

const t = ruleTester('bake-cache-missing');

test('fires on the name of a built target with no cache, and adds a scoped gha cache in the file\'s indentation', () => {
  const text = lines('group "default" {', '    targets = ["api"]', '}', '', 'target "api" {', '    context = "."', '    dockerfile = "services/api/Dockerfile" # the API', '}');
  const [f] = t.catchesAt(text, [{ line: 4, character: 8, endCharacter: 11 }]);
  assert.match(f.message, /Target "api" has no build cache/);
  assert.equal(f.fixes[0].safe, false);
  t.fixes(
    text,
    lines('group "default" {', '    targets = ["api"]', '}', '', 'target "api" {', '    context = "."', '    dockerfile = "services/api/Dockerfile" # the API', '    cache-from = ["type=gha,scope=api"]', '    cache-to = ["type=gha,mode=max,scope=api"]', '}'),
  );
});

test('CRLF files keep CRLF; an empty block takes two spaces', () => {
  t.fixes('target "a" {\r\n  context = "."\r\n}\r\n', 'target "a" {\r\n  context = "."\r\n  cache-from = ["type=gha,scope=a"]\r\n  cache-to = ["type=gha,mode=max,scope=a"]\r\n}\r\n');
  t.fixes(lines('target "a" {', '}'), lines('target "a" {', '  cache-from = ["type=gha,scope=a"]', '  cache-to = ["type=gha,mode=max,scope=a"]', '}'));
});

test('a matrix block is reported once, and its fix scopes by the name template', () => {
  const text = lines('target "svc" {', '  name = "svc-${s}"', '  matrix = { s = ["api", "dash"] }', '  context = "services/${s}"', '}');
  const [f] = t.catchesAt(text, [{ line: 0, character: 8, endCharacter: 11 }]);
  assert.match(f.message, /Targets "svc-api", "svc-dash" \(from "svc"\) have no build cache/);
  t.fixes(text, lines('target "svc" {', '  name = "svc-${s}"', '  matrix = { s = ["api", "dash"] }', '  context = "services/${s}"', '  cache-from = ["type=gha,scope=svc-${s}"]', '  cache-to = ["type=gha,mode=max,scope=svc-${s}"]', '}'));
});

test('cache-to without cache-from: reported on cache-to, fixed with the matching import (safe)', () => {
  const text = lines('target "api" {', '  cache-to = ["type=registry,ref=acme/cache:api,mode=max", "type=local,dest=/tmp/c"]', '}');
  const [f] = t.catchesAt(text, [{ line: 1, character: 2, endCharacter: 10 }]);
  assert.equal(f.fixes[0].safe, true);
  t.fixes(text, lines('target "api" {', '  cache-to = ["type=registry,ref=acme/cache:api,mode=max", "type=local,dest=/tmp/c"]', '  cache-from = ["type=registry,ref=acme/cache:api", "type=local,src=/tmp/c"]', '}'));
});

test('quiet: cache set (own, inherited, unknown), no-cache, abstract parents, the plan\'s bake file', () => {
  t.catchesNot(lines('target "_base" {', '  cache-from = ["type=gha"]', '}', 'target "api" {', '  inherits = ["_base"]', '}'));
  t.catchesNot(lines('target "api" {', '  cache-from = split(",", CACHE)', '}'));
  t.catchesNot(lines('target "api" {', '  no-cache = true', '}'));
  t.catchesNot(lines('target "api" {', '  cache-from = ["type=gha,scope=api"]', '}'));
  t.catchesNot(
    lines(
      'group "default" {',
      '  targets = ["websocket", "dashboard"]',
      '}',
      'target "websocket" {',
      '  context = "."',
      '  dockerfile = "services/websocket-ingestion/Dockerfile"',
      '  tags = ["homeiq/websocket:latest"]',
      '  cache-from = ["type=gha"]',
      '  cache-to = ["type=gha,mode=max"]',
      '}',
      'target "dashboard" {',
      '  context = "services/health-dashboard"',
      '  dockerfile = "Dockerfile"',
      '  cache-from = ["type=gha"]',
      '  cache-to = ["type=gha,mode=max"]',
      '}',
    ),
  );
});

test('no fix where the text cannot take one: one-line blocks, JSON; still reported', () => {
  const [a] = t.catches(lines('target "a" { context = "." }'));
  assert.deepEqual(a.fixes, []);
  const [j] = t.catches('{"target": {"a": {"context": "."}}}\n', { path: '/project/docker-bake.json' });
  assert.deepEqual(j.fixes, []);
  t.catchesNot(lines('# layerwise-ignore bake-cache-missing', 'target "a" {', '}'));
});

test('importOf keeps the source and drops export-only options', () => {
  assert.equal(importOf('type=gha,mode=max,scope=api'), 'type=gha,scope=api');
  assert.equal(importOf('type=s3,region=eu,bucket=b,mode=max,ignore-error=true'), 'type=s3,region=eu,bucket=b');
  assert.equal(importOf('type=inline'), undefined);
  assert.equal(importOf('acme/cache:api'), undefined);
});
