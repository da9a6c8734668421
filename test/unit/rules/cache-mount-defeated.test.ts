import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';

const t = ruleTester('cache-mount-defeated');

import { PLAN_1_1, PLAN_1_2, PLAN_1_3, PLAN_2_3 } from '../../fixtures/planExamples';

test('cache-mount-defeated flags the plan examples: --no-cache-dir under a pip cache mount (§1.1, §1.2, §2.3)', () => {
  t.catchesAt(PLAN_1_1, [{ line: 11, character: 16, endCharacter: 30 }]);
  t.catchesAt(PLAN_1_2, [{ line: 11, character: 16, endCharacter: 30 }]);
  t.catchesAt(PLAN_2_3, [{ line: 11, character: 16, endCharacter: 30 }]);
  t.fixes(PLAN_1_1, PLAN_1_1.replace('pip install --no-cache-dir --user', 'pip install --user'));
  t.fixes(PLAN_2_3, PLAN_2_3.replace('pip install --no-cache-dir --user', 'pip install --user'));
});

test('cache-mount-defeated flags the plan example: npm cache clean under an npm cache mount (§1.3), not the .vite cache', () => {
  const [f] = t.catchesAt(PLAN_1_3, [{ line: 9, character: 31, endCharacter: 54 }]);
  assert.match(f.message, /`npm cache clean --force` empties the cache mount on \/root\/\.npm/);
  t.fixes(PLAN_1_3, PLAN_1_3.replace('npm ci --prefer-offline && npm cache clean --force', 'npm ci --prefer-offline'));
});

test('cache-mount-defeated: flags and settings that turn the cache off', () => {
  t.catchesAt(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip PIP_NO_CACHE_DIR=1 pip install x'), [{ line: 1, character: 47, endCharacter: 65 }]);
  t.catchesAt(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/uv uv sync --no-cache'), [{ line: 1, character: 54, endCharacter: 64 }]);
  t.catches(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install --no-cache'));
  t.catches(lines('FROM composer:2', 'RUN --mount=type=cache,target=/tmp/cache composer install --no-cache'));
  t.catches(lines('FROM alpine', 'RUN --mount=type=cache,target=/etc/apk/cache apk add --no-cache curl'));
  // A mount in the wrong place is still meant for the tool: the flag still defeats it.
  t.catches(lines('FROM alpine', 'RUN --mount=type=cache,target=/var/cache/apk apk add --no-cache curl'));
  // From ENV (even "0": pip treats any value as off): reported at the install, no fix.
  const [env] = t.catchesAt(lines('FROM python:3.12', 'ENV PIP_NO_CACHE_DIR=0', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x'), [{ line: 2, character: 51, endCharacter: 58 }]);
  assert.deepEqual(env.fixes, []);
  assert.match(env.message, /PIP_NO_CACHE_DIR=0/);
  t.catches(lines('FROM python:3.12', 'ARG UV_NO_CACHE=1', 'RUN --mount=type=cache,target=/root/.cache/uv uv sync'));
  t.catchesNot(lines('FROM python:3.12', 'ENV UV_NO_CACHE=0', 'RUN --mount=type=cache,target=/root/.cache/uv uv sync'));
});

test('cache-mount-defeated: commands that wipe the mounted cache', () => {
  t.catchesAt(lines('FROM node:22', 'RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install && yarn cache clean'), [{ line: 1, character: 75, endCharacter: 91 }]);
  t.catches(lines('FROM node:22', 'ENV PNPM_HOME=/pnpm', 'RUN --mount=type=cache,target=/pnpm/store pnpm install && pnpm store prune'));
  t.catches(lines('FROM golang:1.22', 'RUN --mount=type=cache,target=/go/pkg/mod go mod download && go clean -modcache'));
  t.catches(lines('FROM composer:2', 'RUN --mount=type=cache,target=/tmp/cache composer install && composer clear-cache'));
  t.catches(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x && pip cache purge'));
  t.catches(lines('FROM debian', 'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get install -y x && apt-get clean'));
  // `rm` of the mounted directory or what is inside it.
  t.catchesAt(
    lines('FROM debian', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean', 'RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && rm -rf /var/lib/apt/lists/*'),
    [{ line: 2, character: 83, endCharacter: 103 }],
  );
  t.catches(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x && rm -rf ~/.cache/pip/*'));
  t.catches(lines('FROM python:3.12', 'WORKDIR /app', 'RUN --mount=type=cache,target=/app/.cache rm -rf .cache/x'));
  // An `rm` of a directory that contains the mount: reported, no fix (it deletes more than the cache).
  const [around] = t.catches(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x && rm -rf /root/.cache'));
  assert.deepEqual(around.fixes, []);
});

test('cache-mount-defeated: Debian docker-clean empties an apt cache mount unless removed first', () => {
  const text = lines('FROM debian:bookworm', 'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y curl');
  const [f] = t.catchesAt(text, [{ line: 1, character: 4, endCharacter: 59 }]);
  assert.equal(f.fixes[0].safe, false);
  t.fixes(
    text,
    lines(
      'FROM debian:bookworm',
      `RUN --mount=type=cache,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache && apt-get install -y curl`,
    ),
  );
  t.catchesNot(lines('FROM debian:bookworm', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean', 'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y curl'));
  t.catchesNot(lines('FROM debian:bookworm AS base', "RUN echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/keep-cache && rm -f /etc/apt/apt.conf.d/docker-clean", 'FROM base', 'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y curl'));
  // Only the lists are mounted: docker-clean does not touch them.
  t.catchesNot(lines('FROM debian', 'RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update && apt-get install -y x'));
});

test('cache-mount-defeated stays quiet where nothing defeats a mount', () => {
  t.catchesNot(lines('FROM python:3.12', 'RUN pip install --no-cache-dir x && pip cache purge'));
  t.catchesNot(lines('FROM node:22', 'RUN npm ci && npm cache clean --force'));
  t.catchesNot(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x && rm -rf /tmp/* /var/lib/apt/lists/*'));
  t.catchesNot(lines('FROM node:22', 'RUN --mount=type=cache,target=/app/.vite npm run build && rm -rf dist/tmp'));
  // A mount for another tool: pip's flag does not defeat the npm cache.
  t.catchesNot(lines('FROM node:22', 'RUN --mount=type=cache,target=/root/.npm npm ci && pip install --no-cache-dir x'));
  t.catchesNot(lines('FROM golang:1.22', 'RUN --mount=type=cache,target=/go/pkg/mod go build . && go clean -cache'));
  t.catchesNot(lines('FROM alpine', 'RUN --mount=type=cache,target=/etc/apk/cache apk add --update curl && rm -rf /var/cache/apk/*'));
  t.catchesNot(PLAN_1_3.replace(' && npm cache clean --force', ''));
  t.catchesNot(
    lines(
      'FROM python:3.12-slim AS build',
      'RUN --mount=type=cache,target=/root/.cache/pip <<EOF',
      'set -e',
      'pip install -r req.txt',
      'EOF',
      'FROM python:3.12-slim',
      'COPY --from=build /usr/local /usr/local',
    ),
  );
});

test('cache-mount-defeated fixes remove the command with its connector and keep continuations sensible', () => {
  t.fixes(
    lines('FROM node:22', 'RUN --mount=type=cache,target=/root/.npm npm ci && npm cache clean --force && npm run build'),
    lines('FROM node:22', 'RUN --mount=type=cache,target=/root/.npm npm ci && npm run build'),
  );
  t.fixes(
    lines('FROM node:22', 'RUN --mount=type=cache,target=/root/.npm npm cache clean --force; npm ci'),
    lines('FROM node:22', 'RUN --mount=type=cache,target=/root/.npm npm ci'),
  );
  t.fixes(
    lines('FROM debian', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean', 'RUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt,sharing=locked \\', '    apt-get update && \\', '    apt-get install -y curl && \\', '    rm -rf /var/lib/apt/lists/*'),
    lines('FROM debian', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean', 'RUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt,sharing=locked \\', '    apt-get update && \\', '    apt-get install -y curl'),
  );
  // Only the operand that is in the cache goes when the `rm` also deletes other things.
  t.fixes(
    lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x && rm -rf /tmp/x /root/.cache/pip'),
    lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x && rm -rf /tmp/x'),
  );
  t.fixes(
    lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip export PIP_NO_CACHE_DIR=1 && pip install x'),
    lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x'),
  );
  t.fixes(
    lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip PIP_NO_CACHE_DIR=1 pip install x'),
    lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x'),
  );
  // `|| true` keeps its meaning only with the command: no fix.
  assert.deepEqual(t.findings(lines('FROM node:22', 'RUN --mount=type=cache,target=/root/.npm npm ci && npm cache clean --force || true'))[0].fixes, []);
});

test('cache-mount-defeated fix for apk turns --no-cache into --update unless the RUN already refreshes the index', () => {
  t.fixes(lines('FROM alpine', 'RUN --mount=type=cache,target=/etc/apk/cache apk add --no-cache curl'), lines('FROM alpine', 'RUN --mount=type=cache,target=/etc/apk/cache apk add --update curl'));
  t.fixes(lines('FROM alpine', 'RUN --mount=type=cache,target=/etc/apk/cache apk update && apk add --no-cache curl'), lines('FROM alpine', 'RUN --mount=type=cache,target=/etc/apk/cache apk update && apk add curl'));
  assert.match(t.findings(lines('FROM alpine', 'RUN --mount=type=cache,target=/etc/apk/cache apk add --no-cache curl'))[0].fixes[0].title, /Replace `--no-cache` with `--update`/);
});

test('cache-mount-defeated in heredocs, exec form, CRLF and with the escape directive', () => {
  t.fixes(
    lines('FROM node:22', 'RUN --mount=type=cache,target=/root/.npm <<EOF', 'npm ci', 'npm cache clean --force', 'EOF'),
    lines('FROM node:22', 'RUN --mount=type=cache,target=/root/.npm <<EOF', 'npm ci', 'EOF'),
  );
  const [exec] = t.catchesAt(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip ["pip", "install", "--no-cache-dir", "x"]'), [{ line: 1, character: 66, endCharacter: 82 }]);
  assert.deepEqual(exec.fixes, []);
  t.fixes(
    'FROM node:22\r\nRUN --mount=type=cache,target=/root/.npm \\\r\n    npm ci && \\\r\n    npm cache clean --force\r\n',
    'FROM node:22\r\nRUN --mount=type=cache,target=/root/.npm \\\r\n    npm ci\r\n',
  );
  t.fixes(
    lines('# escape=`', 'FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip `', '    pip install `', '    --no-cache-dir `', '    x'),
    lines('# escape=`', 'FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip `', '    pip install `', '    x'),
  );
});
