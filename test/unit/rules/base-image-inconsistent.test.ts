import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';
import { inWorkspace } from '../../helpers/workspace';

const t = ruleTester('base-image-inconsistent');

const repo = (mine: string, extra: Record<string, string> = {}) =>
  inWorkspace(
    {
      '/repo/a/Dockerfile': lines('FROM python:3.12-alpine AS base', 'FROM base'),
      '/repo/b/Dockerfile': lines('FROM python:3.12-alpine'),
      '/repo/c/Dockerfile': lines('FROM node:22-alpine AS build', 'FROM python:3.12-alpine'),
      '/repo/mine/Dockerfile': mine,
      ...extra,
    },
    '/repo/mine/Dockerfile',
  );

test('a minority version or variant is reported at the image, naming the majority and where it is used', () => {
  const text = lines('FROM python:3.11-slim AS build', 'FROM node:22-alpine');
  const [f] = t.catchesAt(text, [{ line: 0, character: 5, endCharacter: 21 }], repo(text));
  assert.match(f.message, /differs from `python:3\.12-alpine`, which 3 other Dockerfile\(s\) use \(\.\.\/a\/Dockerfile, \.\.\/b\/Dockerfile, \.\.\/c\/Dockerfile\)/);
  t.fixes(text, lines('FROM python:3.12-alpine AS build', 'FROM node:22-alpine'), repo(text));
});

test('quiet: the majority itself, ties, stage names, scratch, variables, digests, a baseImages policy, no workspace', () => {
  t.catchesNot(lines('FROM python:3.12-alpine'), repo(lines('FROM python:3.12-alpine')));
  const tie = inWorkspace({ '/repo/a/Dockerfile': 'FROM node:20\n', '/repo/mine/Dockerfile': 'FROM node:22\n' }, '/repo/mine/Dockerfile');
  t.catchesNot('FROM node:22\n', tie);
  const text = lines('ARG PY', 'FROM python:${PY}-slim', 'FROM scratch', 'FROM python:3.10@sha256:' + 'a'.repeat(64));
  t.catchesNot(text, repo(text));
  // A variable with a default resolves, so it is judged, but the fix cannot rewrite it.
  const withDefault = lines('ARG PY=3.11', 'FROM python:${PY}-slim');
  const [f] = t.catches(withDefault, repo(withDefault));
  assert.deepEqual(f.fixes, []);
  t.catchesNot(lines('FROM python:3.11-slim'), { ...repo(lines('FROM python:3.11-slim')), config: { baseImages: { python: 'python:3.12-alpine' } } });
  t.catchesNot(lines('FROM python:3.11-slim'));
});
