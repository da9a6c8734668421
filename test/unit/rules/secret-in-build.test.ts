import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_1_1, PLAN_1_2, PLAN_1_3, PLAN_2_3 } from '../../fixtures/planExamples';
import { isSecretName, secretFile } from '../../../rules/dockerfile/knowledge/secrets';

const t = ruleTester('secret-in-build');

test('secret names follow BuildKit words', () => {
  for (const n of ['NPM_TOKEN', 'API_KEY', 'apikey', 'DB_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_AUTH', 'PRIVATE_KEY', 'CREDENTIALS']) assert.ok(isSecretName(n), n);
  for (const n of ['TOKENIZERS_PARALLELISM', 'MONKEY', 'PUBLIC_KEY', 'TOKEN_FILE', 'SECRET_KEY_PATH', 'AUTH_URL', 'GPG_KEY', 'NODE_VERSION', 'PASSWORDS']) assert.ok(!isSecretName(n), n);
  assert.equal(secretFile('.env'), 'env');
  assert.equal(secretFile('config/.env.production'), 'env');
  assert.equal(secretFile('.env.example'), undefined);
  assert.equal(secretFile('id_ed25519'), 'key');
  assert.equal(secretFile('id_ed25519.pub'), undefined);
  assert.equal(secretFile('nodesource.gpg.key'), undefined);
  assert.equal(secretFile('.npmrc'), undefined);
  assert.equal(secretFile('home/.docker/config.json'), 'credentials');
});

test('secret-in-build: a literal value is an error at the name, a variable a warning', () => {
  const f = t.catchesAt(lines('FROM alpine:3.20', 'ENV API_KEY=abc123 LOG_LEVEL=info', 'ARG NPM_TOKEN', 'ENV GH_TOKEN=$NPM_TOKEN'), [
    { line: 1, character: 4, endCharacter: 11 },
    { line: 2, character: 4, endCharacter: 13 },
    { line: 3, character: 4, endCharacter: 12 },
  ]);
  assert.deepEqual(f.map((x) => x.severity), ['error', 'warning', 'warning']);
  t.catchesAt(lines('ARG DB_PASSWORD=hunter2', 'FROM alpine:3.20'), [{ line: 0, character: 4, endCharacter: 15 }]);
  t.catchesAt(lines('FROM alpine:3.20', 'ENV SECRET_KEY "s3cr3t value"'), [{ line: 1, character: 4, endCharacter: 14 }]);
  // BuildKit declares every name of `ARG A B=1`.
  t.catchesAt(lines('FROM alpine:3.20', 'ARG MODE=prod DEPLOY_KEY="a b" C'), [{ line: 1, character: 14, endCharacter: 24 }]);
});

test('secret-in-build flags copied secret files and literal registry tokens', () => {
  const f = t.catchesAt(lines('FROM node:22-alpine', 'COPY .env package.json ./', 'COPY ["id_rsa", "/root/.ssh/"]', 'RUN echo "//npm.registry.local/:_authToken=npm_abc" > .npmrc'), [
    { line: 1, character: 5, endCharacter: 9 },
    { line: 2, character: 6, endCharacter: 14 },
    { line: 3, character: 9, endCharacter: 51 },
  ]);
  assert.deepEqual(f.map((x) => x.severity), ['warning', 'error', 'error']);
});

test('secret-in-build flags a token written into a file the RUN keeps', () => {
  const f = t.catchesAt(
    lines(
      'FROM node:22-alpine',
      'RUN --mount=type=secret,id=npm,env=NPM_TOKEN echo "//npm.registry.local/:_authToken=${NPM_TOKEN}" >> ~/.npmrc && npm ci',
      'RUN --mount=type=secret,id=npm,env=T npm config set //npm.registry.local/:_authToken "$T" && npm ci',
      'RUN --mount=type=secret,id=npm,env=T npm config set //npm.registry.local/:_authToken "$T" && npm ci && npm config delete //npm.registry.local/:_authToken',
    ),
    [
      { line: 1, character: 50, endCharacter: 97 },
      { line: 2, character: 52, endCharacter: 84 },
    ],
  );
  assert.deepEqual(f.map((x) => x.severity), ['warning', 'warning']);
});

test('secret-in-build stays quiet on ordinary names, files and secret mounts', () => {
  t.catchesNot(PLAN_1_1);
  t.catchesNot(PLAN_1_2);
  t.catchesNot(PLAN_1_3);
  t.catchesNot(PLAN_2_3);
  t.catchesNot(lines('ARG GITHUB_TOKEN', 'FROM alpine:3.20', 'ENV TOKENIZERS_PARALLELISM=false PUBLIC_KEY=abc TOKEN_FILE=/run/secrets/t PASSWORD=""', 'ENV DOCKER_CREDENTIAL_GCR_CONFIG /kaniko/.config/gcloud/docker_credential_gcr_config.json'));
  t.catchesNot(lines('FROM node:22-alpine', 'COPY .npmrc .env.example package.json ./', 'COPY --from=build /app/.env /app/'));
  t.catchesNot(lines('FROM node:22-alpine', 'RUN --mount=type=secret,id=npm,env=NPM_TOKEN echo "//r/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc'));
  t.catchesNot(lines('FROM alpine:3.20', 'RUN <<EOF', 'ENV API_KEY=abc', 'EOF'));
  t.catchesNot('# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nENV APP_NAME=x `\r\n  LOG=1\r\n');
});

test('secret-in-build fix turns a RUN-only ARG into a secret mount (target form for the default engine)', () => {
  t.fixes(
    lines('FROM node:22-alpine', 'ARG NPM_TOKEN', 'COPY package*.json ./', 'RUN echo "//npm.registry.local/:_authToken=${NPM_TOKEN}" > .npmrc && \\', '    npm ci && rm .npmrc'),
    lines('FROM node:22-alpine', 'COPY package*.json ./', 'RUN --mount=type=secret,id=npm_token export NPM_TOKEN="$(cat /run/secrets/npm_token)" && echo "//npm.registry.local/:_authToken=${NPM_TOKEN}" > .npmrc && \\', '    npm ci && rm .npmrc'),
  );
});

test('secret-in-build fix uses env= with a current syntax directive, keeping CRLF', () => {
  t.fixes(
    '# syntax=docker/dockerfile:1\r\nFROM python:3.12-alpine\r\nARG PIP_TOKEN\r\nRUN pip install -i https://u:$PIP_TOKEN@pypi.example/simple x\r\nRUN --mount=type=cache,target=/root/.cache/pip pip download y --token=${PIP_TOKEN}\r\n',
    '# syntax=docker/dockerfile:1\r\nFROM python:3.12-alpine\r\nRUN --mount=type=secret,id=pip_token,env=PIP_TOKEN pip install -i https://u:$PIP_TOKEN@pypi.example/simple x\r\nRUN --mount=type=secret,id=pip_token,env=PIP_TOKEN --mount=type=cache,target=/root/.cache/pip pip download y --token=${PIP_TOKEN}\r\n',
  );
  t.fixes(
    lines('FROM alpine:3.20', 'ARG API_TOKEN', 'RUN <<EOF', 'curl -H "Authorization: $API_TOKEN" https://x', 'EOF'),
    lines('FROM alpine:3.20', 'RUN --mount=type=secret,id=api_token,env=API_TOKEN <<EOF', 'curl -H "Authorization: $API_TOKEN" https://x', 'EOF'),
    { config: { dockerfile: { minEngine: '28.0' } } },
  );
});

test('secret-in-build offers no fix when the ARG is read outside RUN', () => {
  for (const text of [
    lines('FROM alpine:3.20', 'ARG API_TOKEN', 'ENV X=$API_TOKEN'),
    lines('FROM alpine:3.20', 'ARG API_TOKEN', 'RUN ["sh", "-c", "echo $API_TOKEN"]'),
    lines('FROM alpine:3.20', 'ARG API_TOKEN'),
    lines('FROM alpine:3.20', 'ARG API_TOKEN OTHER=1', 'RUN echo $API_TOKEN'),
  ]) {
    const f = t.catches(text);
    assert.deepEqual(f.flatMap((x) => x.fixes), [], text);
  }
});
