import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';

const t = ruleTester('cache-mount-wrong-target');

test('cache-mount-wrong-target: root home after USER, pointing at the target value', () => {
  const text = lines('FROM python:3.12-slim', 'RUN groupadd -g 1001 app && useradd -m -u 1001 -g app app', 'USER app', 'RUN --mount=type=cache,target=/root/.cache/pip pip install -r req.txt');
  const [f] = t.catchesAt(text, [{ line: 3, character: 30, endCharacter: 46 }]);
  assert.match(f.message, /pip's cache is \/home\/app\/\.cache\/pip for app/);
  t.fixes(text, text.replace('target=/root/.cache/pip', 'target=/home/app/.cache/pip,uid=1001,gid=1001'));
  // The generic cache root keeps its shape.
  const generic = lines('FROM python:3.12-slim', 'RUN useradd -m -u 1001 app', 'USER app', 'RUN --mount=type=cache,target=/root/.cache pip install x');
  t.fixes(generic, generic.replace('target=/root/.cache', 'target=/home/app/.cache,uid=1001'));
});

test('cache-mount-wrong-target: environment that moves the cache', () => {
  const npm = lines('FROM node:22', 'ENV npm_config_cache=/tmp/npm', 'RUN --mount=type=cache,target=/root/.npm npm ci');
  t.catchesAt(npm, [{ line: 2, character: 30, endCharacter: 40 }]);
  t.fixes(npm, npm.replace('target=/root/.npm', 'target=/tmp/npm'));
  const go = lines('FROM golang:1.22', 'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/go-build go build .');
  t.fixes(go, go.replace('target=/go-build', 'target=/root/.cache/go-build'));
  t.catchesNot(lines('FROM golang:1.22', 'ENV GOCACHE /go-build', 'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/go-build go build .'));
  const argDriven = lines('FROM python:3.12', 'ARG PIP_CACHE_DIR=/cache/pip', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x');
  t.fixes(argDriven, argDriven.replace('target=/root/.cache/pip', 'target=/cache/pip'));
});

test("cache-mount-wrong-target: Docker's examples that miss the official images", () => {
  // Bundler downloads into $GEM_HOME/cache in the ruby image, not /root/.gem.
  const ruby = lines('FROM ruby:3.3', 'WORKDIR /app', 'COPY Gemfile Gemfile.lock ./', 'RUN --mount=type=cache,target=/root/.gem bundle install');
  t.catchesAt(ruby, [{ line: 3, character: 30, endCharacter: 40 }]);
  t.fixes(ruby, ruby.replace('target=/root/.gem', 'target=/usr/local/bundle/cache'));
  // Composer's /tmp/cache is right in the composer image (COMPOSER_HOME=/tmp) only.
  const php = lines('FROM php:8.3-cli', 'COPY --from=composer:2 /usr/bin/composer /usr/bin/composer', 'RUN --mount=type=cache,target=/tmp/cache composer install');
  t.fixes(php, php.replace('target=/tmp/cache', 'target=/root/.composer/cache'));
  t.catchesNot(lines('FROM composer:2', 'RUN --mount=type=cache,target=/tmp/cache composer install'));
  // Composer on an XDG system uses ~/.cache/composer: accepted too.
  t.catchesNot(lines('FROM php:8.3-cli', 'RUN --mount=type=cache,target=/root/.cache/composer composer install'));
});

test('cache-mount-wrong-target: apk caches packages in /etc/apk/cache, not /var/cache/apk', () => {
  const text = lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/var/cache/apk apk add curl');
  const [f] = t.catchesAt(text, [{ line: 1, character: 30, endCharacter: 44 }]);
  assert.match(f.message, /apk's package cache is \/etc\/apk\/cache/);
  // With the cache on, the index comes from the cache: the fix refreshes it.
  t.fixes(text, lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/etc/apk/cache apk add --update curl'));
  t.fixes(lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/var/cache/apk apk --update add curl'), lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/etc/apk/cache apk --update add curl'));
  // `--no-cache` is cache-mount-defeated's to turn into `--update`.
  t.fixes(lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/var/cache/apk apk add --no-cache curl'), lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/etc/apk/cache apk add --no-cache curl'));
  // Linked, /var/cache/apk is where apk caches.
  t.catchesNot(lines('FROM alpine:3.20', 'RUN ln -s /var/cache/apk /etc/apk/cache', 'RUN --mount=type=cache,target=/var/cache/apk apk add curl'));
});

test('cache-mount-wrong-target: a root-owned mount the non-root user cannot write', () => {
  const text = lines('FROM python:3.12', 'RUN useradd -m -u 1001 app', 'USER app', 'RUN --mount=type=cache,target=/home/app/.cache/pip pip install x');
  const [f] = t.catchesAt(text, [{ line: 3, character: 4, endCharacter: 50 }]);
  assert.match(f.message, /created owned by root/);
  t.fixes(text, text.replace('target=/home/app/.cache/pip', 'target=/home/app/.cache/pip,uid=1001'));
  // A wrong uid is corrected in place.
  const wrongUid = lines('FROM node:22', 'USER node', 'RUN --mount=type=cache,target=/home/node/.npm,uid=1001 npm ci');
  t.fixes(wrongUid, lines('FROM node:22', 'USER node', 'RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci'));
  t.catchesNot(lines('FROM node:22', 'USER node', 'RUN --mount=type=cache,target=/home/node/.npm,uid=1000 npm ci'));
  t.catchesNot(lines('FROM node:22', 'USER node', 'RUN --mount=type=cache,target=/home/node/.npm,mode=0777 npm ci'));
  t.catchesNot(lines('FROM node:22', 'USER node', 'RUN --mount=type=cache,target=/home/node/.npm,gid=1000,mode=0775 npm ci'));
  // Unknown uid: reported, no fix.
  const [unknown] = t.catches(lines('FROM python:3.12', 'USER app', 'RUN --mount=type=cache,target=/home/app/.cache/pip pip install x'));
  assert.deepEqual(unknown.fixes, []);
  // OS package managers run as root: no uid needed.
  t.catchesNot(lines('FROM alpine', 'USER app', 'RUN --mount=type=cache,target=/etc/apk/cache sudo apk add -U x'));
});

test('cache-mount-wrong-target: a mount over what the tool installs takes the install out of the image', () => {
  const nm = lines('FROM node:22', 'WORKDIR /app', 'RUN --mount=type=cache,target=/app/node_modules npm ci');
  const [f] = t.catchesAt(nm, [{ line: 2, character: 4, endCharacter: 47 }]);
  assert.match(f.message, /installs into \/app\/node_modules/);
  assert.equal(f.fixes[0].safe, false);
  t.fixes(nm, nm.replace('target=/app/node_modules', 'target=/root/.npm'));
  t.catches(lines('FROM ruby:3.3', 'RUN --mount=type=cache,target=/usr/local/bundle bundle install'));
  t.catches(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.local pip install --user x'));
  t.catches(lines('FROM rust:1.80', 'RUN --mount=type=cache,target=/usr/local/cargo cargo build --release'));
  // Copied out in the same RUN: deliberate.
  t.catchesNot(lines('FROM node:22', 'WORKDIR /app', 'RUN --mount=type=cache,target=/app/node_modules npm ci && cp -r node_modules /prod_modules'));
  t.catchesNot(lines('FROM rust:1.80', 'WORKDIR /app', 'RUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/app/target cargo build --release && cp target/release/app /usr/local/bin/'));
});

test('cache-mount-wrong-target: Yarn 2+ with Plug n Play installs into its cache (info, no fix)', () => {
  const text = lines('FROM node:22-alpine', 'WORKDIR /app', 'COPY yarn.lock package.json .yarnrc.yml ./', 'RUN yarn set version berry', 'RUN --mount=type=cache,target=/app/.yarn/cache yarn');
  const [f] = t.catchesAt(text, [{ line: 4, character: 4, endCharacter: 46 }]);
  assert.equal(f.severity, 'info');
  assert.deepEqual(f.fixes, []);
  t.catchesNot(lines('FROM node:22-alpine', 'WORKDIR /app', 'ENV YARN_NODE_LINKER=node-modules', 'RUN --mount=type=cache,target=/root/.yarn/berry/cache yarn install --immutable'));
});

test('cache-mount-wrong-target: quoted USER, and a misspelt apt target', () => {
  t.fixes(
    lines('FROM python:3.12', 'ARG UID=1001', 'ENV HOME=/home/u', 'USER "$UID:$UID"', 'RUN --mount=type=cache,target=/home/u/.cache/pip pip install x'),
    lines('FROM python:3.12', 'ARG UID=1001', 'ENV HOME=/home/u', 'USER "$UID:$UID"', 'RUN --mount=type=cache,target=/home/u/.cache/pip,uid=1001,gid=1001 pip install x'),
  );
  const apt = lines('FROM python:3.9-slim', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean', 'RUN --mount=type=cache,target=/var/apt/cache apt-get install -y gcc');
  t.fixes(apt, apt.replace('target=/var/apt/cache', 'target=/var/cache/apt'));
});

test('cache-mount-wrong-target: unknown homes are judged only where they surely miss', () => {
  const [f] = t.catches(lines('FROM python:3.12', 'USER 1001', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x'));
  assert.deepEqual(f.fixes, []);
  assert.match(f.message, /not under \/root/);
  t.catchesNot(lines('FROM python:3.12', 'USER 1001', 'RUN --mount=type=cache,target=/cache/pip pip install x'));
});

test('cache-mount-wrong-target stays quiet on unrelated or right mounts', () => {
  // The plan's build-output cache (§1.3).
  t.catchesNot(lines('FROM node:18-alpine AS builder', 'WORKDIR /app', 'COPY . .', 'RUN --mount=type=cache,target=/app/.vite \\', '    npm run build'));
  t.catchesNot(lines('FROM node:22', 'RUN --mount=type=cache,target=/app/.vite --mount=type=cache,target=/root/.npm npm ci'));
  // Shaped like pip's cache, but the RUN runs npm only.
  t.catchesNot(lines('FROM node:22', 'RUN --mount=type=cache,target=/root/.cache/pip npm ci'));
  t.catchesNot(lines('FROM alpine', 'RUN --mount=type=cache,target=/cache1,sharing=locked apk add -U x'));
  t.catchesNot(lines('FROM golang:1.22', 'RUN --mount=type=cache,target=/go/pkg/mod/cache go mod download'));
  t.catchesNot(lines('FROM debian', 'RUN --mount=type=cache,target=/var/cache/apt/archives,sharing=locked --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update && apt-get install -y x'));
  t.catchesNot(lines('FROM python:3.12', 'RUN --mount=type=cache,target=$PIP_CACHE pip install x'));
  t.catchesNot(
    lines(
      '# syntax=docker/dockerfile:1',
      'FROM python:3.12-slim AS build',
      'RUN --mount=type=cache,target=/root/.cache/pip <<EOF',
      'pip install -r req.txt',
      'EOF',
      'FROM node:22 AS web',
      'USER node',
      'RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 ["npm", "ci"]',
      'FROM python:3.12-slim',
      'COPY --from=build /usr/local /usr/local',
    ),
  );
});

test('cache-mount-wrong-target in heredocs, exec form, CRLF and with the escape directive', () => {
  t.fixes(
    lines('FROM python:3.12', 'USER 1001:1001', 'ENV HOME=/app', 'RUN --mount=type=cache,target=/root/.cache/pip <<EOF', 'pip install x', 'EOF'),
    lines('FROM python:3.12', 'USER 1001:1001', 'ENV HOME=/app', 'RUN --mount=type=cache,target=/app/.cache/pip,uid=1001,gid=1001 <<EOF', 'pip install x', 'EOF'),
  );
  t.fixes(
    lines('FROM node:22', 'ENV npm_config_cache=/tmp/npm', 'RUN --mount=type=cache,target=/root/.npm ["npm", "ci"]'),
    lines('FROM node:22', 'ENV npm_config_cache=/tmp/npm', 'RUN --mount=type=cache,target=/tmp/npm ["npm", "ci"]'),
  );
  t.fixes('FROM alpine\r\nRUN --mount=type=cache,target=/var/cache/apk \\\r\n    apk add -U curl\r\n', 'FROM alpine\r\nRUN --mount=type=cache,target=/etc/apk/cache \\\r\n    apk add -U curl\r\n');
  t.fixes(
    lines('# escape=`', 'FROM ruby:3.3', 'RUN --mount=type=cache,target=/root/.gem `', '    bundle install'),
    lines('# escape=`', 'FROM ruby:3.3', 'RUN --mount=type=cache,target=/usr/local/bundle/cache `', '    bundle install'),
  );
});
