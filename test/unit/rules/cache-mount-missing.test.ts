import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { engine, applyEdits } from '../../../rules';

const t = ruleTester('cache-mount-missing');

/** Every cache-mount finding of the other two rules on a text (the fixes must not create any). */
function otherCacheFindings(text: string): string[] {
  return engine
    .lint('dockerfile', text, '/p/Dockerfile')!
    .findings.filter((f) => f.ruleId === 'cache-mount-defeated' || f.ruleId === 'cache-mount-wrong-target')
    .map((f) => `${f.ruleId}@${f.range.start.line}: ${f.message}`);
}

test('cache-mount-missing points at the install verb of each package manager without a mount', () => {
  t.catchesAt(lines('FROM python:3.12', 'COPY req.txt .', 'RUN pip install -r req.txt'), [{ line: 2, character: 8, endCharacter: 15 }]);
  t.catchesAt(lines('FROM node:22', 'COPY package*.json ./', 'RUN npm ci && pip3 install x'), [
    { line: 2, character: 8, endCharacter: 10 },
    { line: 2, character: 19, endCharacter: 26 },
  ]);
  // A bare `yarn` has no verb: the program is the spot.
  t.catchesAt(lines('FROM node:22', 'RUN yarn --frozen-lockfile'), [{ line: 1, character: 4, endCharacter: 8 }]);
  t.catchesAt(lines('FROM golang:1.22', 'RUN go mod download && go build -o /app .'), [{ line: 1, character: 11, endCharacter: 19 }]);
  t.catches(lines('FROM python:3.12', 'RUN python3 -m pip install x'));
  t.catches(lines('FROM rust:1.80', 'RUN cargo build --release'));
  t.catches(lines('FROM maven:3-eclipse-temurin-21', 'RUN mvn -B dependency:go-offline'));
  t.catches(lines('FROM gradle:8-jdk21', 'RUN ./gradlew build'));
  t.catches(lines('FROM ruby:3.3', 'RUN bundle install'));
  t.catches(lines('FROM php:8.3', 'RUN composer install'));
  t.catches(lines('FROM mcr.microsoft.com/dotnet/sdk:8.0', 'RUN dotnet restore'));
  t.catches(lines('FROM node:22', 'RUN pnpm install --frozen-lockfile'));
  t.catches(lines('FROM python:3.12', 'RUN uv sync --frozen'));
  t.catches(lines('FROM python:3.12', 'RUN poetry install --no-root'));
});

test('cache-mount-missing: warning for language package managers, info for OS ones', () => {
  const f = t.findings(lines('FROM python:3.11-alpine', 'RUN apk add --no-cache gcc && pip install x', 'RUN apt-get install -y curl'));
  assert.deepEqual(f.map((x) => [x.range.start.line, x.severity]), [
    [1, 'info'],
    [1, 'warning'],
    [2, 'info'],
  ]);
});

test('cache-mount-missing names the directory for the user and environment in effect', () => {
  const [nonRoot] = t.catches(lines('FROM python:3.12', 'RUN useradd -m -u 1001 app', 'USER app', 'RUN pip install x'));
  assert.match(nonRoot.message, /pip's cache \(\/home\/app\/\.cache\/pip\)/);
  assert.match(nonRoot.message, /--mount=type=cache,target=\/home\/app\/\.cache\/pip,uid=1001/);
  const [arg] = t.catches(lines('FROM python:3.12', 'ARG PIP_CACHE_DIR=/cache/pip', 'RUN pip install x'));
  assert.match(arg.message, /\(\/cache\/pip\)/);
  const [xdg] = t.catches(lines('FROM python:3.12', 'ENV XDG_CACHE_HOME=/xdg', 'RUN pip install x'));
  assert.match(xdg.message, /\(\/xdg\/pip\)/);
  const [ruby] = t.catches(lines('FROM ruby:3.3-slim', 'RUN bundle install'));
  assert.match(ruby.message, /\/usr\/local\/bundle\/cache/);
  const [composer] = t.catches(lines('FROM composer:2', 'RUN composer install'));
  assert.match(composer.message, /\(\/tmp\/cache\)/);
  const [unknown] = t.catches(lines('FROM python:3.12', 'USER 1001', 'RUN pip install x'));
  assert.match(unknown.message, /location is unknown here: the home directory of uid 1001 is not known/);
  assert.deepEqual(unknown.fixes, []);
  const [noUid] = t.catches(lines('FROM python:3.12', 'USER app', 'RUN pip install x'));
  assert.match(noUid.message, /uid= of app, which this file does not show/);
  assert.deepEqual(noUid.fixes, []);
  const [env] = t.catches(lines('FROM python:3.12', 'ENV PIP_NO_CACHE_DIR=1', 'RUN pip install x'));
  assert.match(env.message, /`PIP_NO_CACHE_DIR=1` \(set by ENV/);
  assert.deepEqual(env.fixes, []);
});

test('cache-mount-missing stays quiet when a mount covers the cache, or nothing downloads', () => {
  t.catchesNot(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install -r req.txt'));
  // A parent directory or a part of the cache counts.
  t.catchesNot(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache pip install x'));
  t.catchesNot(lines('FROM golang:1.22', 'RUN --mount=type=cache,target=/go/pkg/mod/cache go mod download'));
  t.catchesNot(lines('FROM golang:1.22', 'ENV GOCACHE /go-build', 'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/go-build go build .'));
  t.catchesNot(lines('FROM rust:1.80', 'RUN --mount=type=cache,target=/usr/local/cargo/registry cargo build'));
  t.catchesNot(lines('FROM node:22', 'RUN --mount=type=cache,target=/root/.yarn YARN_CACHE_FOLDER=/root/.yarn yarn install'));
  t.catchesNot(lines('FROM node:22', 'ENV PNPM_HOME=/pnpm', 'RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile'));
  t.catchesNot(lines('FROM debian', 'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y x'));
  // Only the lists need /var/lib/apt, and only when this RUN updates them.
  t.catchesNot(lines('FROM debian', 'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y x'));
  t.catchesNot(lines('FROM node:22', 'RUN npm run build && yarn build && yarn --version && pip freeze && go version && apk del x && apt-get remove -y x'));
  t.catchesNot(lines('FROM node:22', 'RUN npm ci --offline && cargo build --offline && mvn -o package && gradle --offline build'));
  t.catchesNot(lines('FROM python:3.12', 'RUN pip install --no-index --find-links /wheels x'));
  t.catchesNot(lines('FROM ruby:3.3', 'RUN bundle --version && bundle exec rake'));
  t.catchesNot(lines('FROM mcr.microsoft.com/dotnet/sdk:8.0', 'RUN dotnet publish -c Release --no-restore'));
  // Windows images cache elsewhere: not judged.
  t.catchesNot(lines('# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN pip install `', '    -r req.txt'));
  // A mount shaped like the tool's cache but in the wrong place is cache-mount-wrong-target's.
  t.catchesNot(lines('FROM python:3.12', 'RUN useradd -u 1001 app', 'USER app', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x'));
  t.catchesNot(lines('FROM alpine', 'RUN --mount=type=cache,target=/var/cache/apk apk add --update curl'));
});

test('cache-mount-missing is quiet on clean multi-stage files, heredocs and exec form with mounts', () => {
  t.catchesNot(
    lines(
      '# syntax=docker/dockerfile:1',
      'FROM node:22-alpine AS deps',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN --mount=type=cache,target=/root/.npm npm ci',
      'FROM python:3.12-slim AS py',
      'RUN --mount=type=cache,target=/root/.cache/pip <<EOF',
      'set -e',
      'pip install -r req.txt',
      'EOF',
      'FROM deps AS build',
      'COPY . .',
      'RUN --mount=type=cache,target=/app/.vite npm run build',
      'FROM nginx:alpine',
      'COPY --from=build /app/dist /usr/share/nginx/html',
    ),
  );
  t.catchesNot(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip ["pip", "install", "x"]'));
});

test('cache-mount-missing in heredocs, exec form, CRLF and with the escape directive', () => {
  t.catchesAt(lines('FROM python:3.12', 'RUN <<EOF', 'set -e', 'pip install x', 'EOF'), [{ line: 3, character: 4, endCharacter: 11 }]);
  t.catchesAt(lines('FROM python:3.12', 'RUN ["pip", "install", "x"]'), [{ line: 1, character: 12, endCharacter: 21 }]);
  t.catchesAt('FROM python:3.12\r\nRUN pip \\\r\n    install x\r\n', [{ line: 2, character: 4, endCharacter: 11 }]);
  t.catchesAt(lines('# escape=`', 'FROM python:3.12', 'RUN pip `', '    install x'), [{ line: 3, character: 4, endCharacter: 11 }]);
});

test('cache-mount-missing fix: pip, dropping --no-cache-dir (the mount keeps the cache out of the layer)', () => {
  t.fixes(
    lines('FROM python:3.12', 'COPY req.txt .', 'RUN pip install --no-cache-dir -r req.txt'),
    lines('FROM python:3.12', 'COPY req.txt .', 'RUN --mount=type=cache,target=/root/.cache/pip pip install -r req.txt'),
  );
  t.fixes(
    lines('FROM python:3.12', 'RUN PIP_NO_CACHE_DIR=1 pip install x \\', '    --no-cache-dir \\', '    y'),
    lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install x \\', '    y'),
  );
});

test('cache-mount-missing fix: non-root users get uid/gid, from the file or the base image', () => {
  t.fixes(
    lines('FROM python:3.12-alpine', 'RUN addgroup -g 1001 -S appgroup && adduser -S appuser -u 1001 -G appgroup', 'USER appuser', 'RUN pip install --user x'),
    lines('FROM python:3.12-alpine', 'RUN addgroup -g 1001 -S appgroup && adduser -S appuser -u 1001 -G appgroup', 'USER appuser', 'RUN --mount=type=cache,target=/home/appuser/.cache/pip,uid=1001,gid=1001 pip install --user x'),
  );
  t.fixes(lines('FROM node:22', 'USER node', 'WORKDIR /home/node/app', 'RUN npm ci'), lines('FROM node:22', 'USER node', 'WORKDIR /home/node/app', 'RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci'));
  t.fixes(
    lines('FROM mcr.microsoft.com/dotnet/sdk:8.0', 'USER $APP_UID', 'RUN dotnet restore'),
    lines('FROM mcr.microsoft.com/dotnet/sdk:8.0', 'USER $APP_UID', 'RUN --mount=type=cache,target=/home/app/.nuget/packages,uid=1654,gid=1654 dotnet restore'),
  );
  t.fixes(lines('FROM python:3.12', 'USER 1001:1001', 'ENV HOME=/app', 'RUN pip install x'), lines('FROM python:3.12', 'USER 1001:1001', 'ENV HOME=/app', 'RUN --mount=type=cache,target=/app/.cache/pip,uid=1001,gid=1001 pip install x'));
});

test('cache-mount-missing fix: apk mounts /etc/apk/cache and refreshes the index instead of --no-cache', () => {
  t.fixes(lines('FROM alpine:3.20', 'RUN apk add --no-cache curl'), lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/etc/apk/cache apk add --update curl'));
  t.fixes(lines('FROM alpine:3.20', 'RUN apk add curl'), lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/etc/apk/cache apk add --update curl'));
  t.fixes(lines('FROM alpine:3.20', 'RUN apk update && apk add --no-cache curl'), lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/etc/apk/cache apk update && apk add curl'));
  t.fixes(lines('FROM alpine:3.20', 'RUN apk add -U curl'), lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/etc/apk/cache apk add -U curl'));
});

test('cache-mount-missing fix: apt gets both locked mounts, loses docker-clean and its own clean-up (unsafe)', () => {
  const before = lines(
    'FROM debian:bookworm-slim',
    'RUN apt-get update && \\',
    '    apt-get install -y --no-install-recommends curl && \\',
    '    apt-get clean && \\',
    '    rm -rf /var/lib/apt/lists/*',
  );
  const after = lines(
    'FROM debian:bookworm-slim',
    `RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache && apt-get update && \\`,
    '    apt-get install -y --no-install-recommends curl',
  );
  t.fixes(before, after);
  const [f] = t.findings(before);
  assert.equal(f.fixes[0].safe, false);
  // Once docker-clean is gone, the fix is safe and only mounts the archives (no update in this RUN).
  t.fixes(
    lines('FROM debian', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean', 'RUN apt-get install -y curl'),
    lines('FROM debian', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean', 'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y curl'),
  );
  assert.equal(t.findings(lines('FROM debian', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean', 'RUN apt-get install -y curl'))[0].fixes[0].safe, true);
});

test('cache-mount-missing fix: uv copies from the mount; go gets both caches; others', () => {
  t.fixes(lines('FROM python:3.12', 'RUN uv sync --frozen'), lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/uv UV_LINK_MODE=copy uv sync --frozen'));
  t.fixes(lines('FROM python:3.12', 'ENV UV_LINK_MODE=copy', 'RUN uv sync'), lines('FROM python:3.12', 'ENV UV_LINK_MODE=copy', 'RUN --mount=type=cache,target=/root/.cache/uv uv sync'));
  t.fixes(
    lines('FROM golang:1.22', 'RUN go build -o /app .'),
    lines('FROM golang:1.22', 'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /app .'),
  );
  t.fixes(
    lines('FROM rust:1.80', 'RUN cargo build --release'),
    lines('FROM rust:1.80', 'RUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/usr/local/cargo/git cargo build --release'),
  );
  t.fixes(lines('FROM php:8.3-cli', 'RUN composer install'), lines('FROM php:8.3-cli', 'RUN --mount=type=cache,target=/root/.composer/cache composer install'));
  t.fixes(lines('FROM ruby:3.3', 'RUN bundle install'), lines('FROM ruby:3.3', 'RUN --mount=type=cache,target=/usr/local/bundle/cache bundle install'));
  t.fixes(
    lines('FROM python:3.12', 'RUN poetry install --no-root'),
    lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pypoetry/artifacts --mount=type=cache,target=/root/.cache/pypoetry/cache poetry install --no-root'),
  );
  t.fixes(lines('FROM node:22', 'RUN npm ci && npm cache clean --force'), lines('FROM node:22', 'RUN --mount=type=cache,target=/root/.npm npm ci'));
});

test('cache-mount-missing fix in heredocs, exec form, CRLF and with the escape directive', () => {
  t.fixes(lines('FROM python:3.12', 'RUN <<EOF', 'pip install --no-cache-dir x', 'EOF'), lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip <<EOF', 'pip install x', 'EOF'));
  t.fixes(lines('FROM python:3.12', 'RUN ["pip", "install", "x"]'), lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip ["pip", "install", "x"]'));
  // Exec form cannot lose a word this way: no fix.
  assert.deepEqual(t.findings(lines('FROM python:3.12', 'RUN ["pip", "install", "--no-cache-dir", "x"]'))[0].fixes, []);
  t.fixes('FROM python:3.12\r\nRUN pip install \\\r\n    --no-cache-dir \\\r\n    x\r\n', 'FROM python:3.12\r\nRUN --mount=type=cache,target=/root/.cache/pip pip install \\\r\n    x\r\n');
  t.fixes(lines('# escape=`', 'FROM python:3.12', 'RUN pip install `', '    --no-cache-dir `', '    x'), lines('# escape=`', 'FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install `', '    x'));
});

test('cache-mount-missing fix is unsafe when a later RUN reads the files offline, none for Yarn Plug n Play', () => {
  const dotnet = lines('FROM mcr.microsoft.com/dotnet/sdk:8.0', 'COPY *.csproj .', 'RUN dotnet restore', 'COPY . .', 'RUN dotnet publish -c Release -o /app --no-restore');
  const [f] = t.findings(dotnet);
  assert.equal(f.fixes[0].safe, false);
  assert.match(f.fixes[0].title, /line 5 reads these files without downloading/);
  const [pnp] = t.catches(lines('FROM node:22', 'COPY .yarnrc.yml package.json yarn.lock ./', 'RUN yarn install --immutable'));
  assert.equal(pnp.severity, 'info');
  assert.deepEqual(pnp.fixes, []);
  assert.match(pnp.message, /Plug'n'Play/);
  const nm = lines('FROM node:22', 'ENV YARN_NODE_LINKER=node-modules', 'RUN yarn install --immutable');
  t.fixes(nm, lines('FROM node:22', 'ENV YARN_NODE_LINKER=node-modules', 'RUN --mount=type=cache,target=/root/.yarn/berry/cache YARN_ENABLE_GLOBAL_CACHE=true yarn install --immutable'));
  assert.equal(t.findings(nm)[0].fixes[0].safe, false);
});

test('cache-mount-missing fixes create no cache-mount-defeated or cache-mount-wrong-target finding', () => {
  const cases = [
    lines('FROM python:3.12', 'RUN PIP_NO_CACHE_DIR=1 pip install --no-cache-dir x && pip cache purge && rm -rf /root/.cache/pip'),
    lines('FROM node:22', 'USER node', 'RUN npm ci --prefer-offline && npm cache clean --force'),
    lines('FROM alpine', 'RUN apk add --no-cache curl && rm -rf /var/cache/apk/*'),
    lines('FROM debian', 'RUN apt-get update && apt-get install -y x && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb'),
    lines('FROM python:3.12', 'RUN uv pip install --system --no-cache x'),
    lines('FROM golang:1.22', 'RUN go mod download && go build . && go clean -modcache -cache'),
    lines('FROM composer:2', 'RUN composer install --no-cache && composer clear-cache'),
    lines('FROM node:22', 'RUN pnpm install && pnpm store prune'),
    lines('FROM python:3.12-alpine AS base', 'RUN addgroup -g 1001 -S g && adduser -S u -u 1001 -G g', 'FROM base', 'USER u', 'RUN pip install --user x'),
  ];
  for (const text of cases) {
    for (const f of t.findings(text)) {
      const fix = f.fixes[0];
      assert.ok(fix, `no fix for:\n${text}`);
      const out = applyEdits(text, fix.edits).text;
      assert.deepEqual(otherCacheFindings(out), [], `after the fix:\n${out}`);
      assert.deepEqual(t.findings(out).filter((x) => x.range.start.line === f.range.start.line && x.message === f.message), []);
    }
  }
});
