import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_1_1, PLAN_1_3, PLAN_2_3 } from '../../fixtures/planExamples';

const t = ruleTester('user-missing');

test('user-missing fires on a final stage without USER, at its FROM', () => {
  t.catchesAt(lines('FROM golang:1.23 AS build', 'RUN go build -o /app .', 'FROM alpine:3.20', 'COPY --from=build /app /app', 'CMD ["/app"]'), [
    { line: 2, character: 0, endCharacter: 16 },
  ]);
  // The plan's §1.1 and §1.3 examples set no USER.
  t.catches(PLAN_1_1);
  t.catches(PLAN_1_3);
  // scratch has no users: a static binary there runs as uid 0.
  t.catches(lines('FROM scratch', 'COPY app /app', 'ENTRYPOINT ["/app"]'));
});

test('user-missing fires on a last USER root, at the user', () => {
  t.catchesAt(lines('FROM node:22-alpine', 'USER node', 'RUN npm ci', 'USER root', 'CMD ["node", "server.js"]'), [{ line: 3, character: 5, endCharacter: 9 }]);
  t.catchesAt(lines('FROM node:22-alpine', 'USER 0:0'), [{ line: 1, character: 5, endCharacter: 8 }]);
  // A user set only in a stage that does not ship does not count.
  t.catches(lines('FROM python:3.12 AS build', 'USER app', 'FROM python:3.12', 'CMD ["python"]'));
});

test('user-missing stays quiet when the shipped stage runs as non-root', () => {
  t.catchesNot(PLAN_2_3);
  t.catchesNot(lines('FROM node:22-alpine AS base', 'USER node', 'FROM base AS prod', 'CMD ["node", "x.js"]'));
  t.catchesNot(lines('FROM alpine:3.20', 'USER root', 'RUN apk add curl', 'USER 1001:1001'));
  t.catchesNot(lines('FROM gcr.io/distroless/static-debian12:nonroot', 'COPY app /app'));
  t.catchesNot(lines('FROM cgr.dev/chainguard/python:latest', 'COPY . /app'));
  t.catchesNot(lines('FROM bitnami/nginx:1.27', 'COPY site /app'));
  t.catchesNot(lines('ARG BASE', 'FROM $BASE', 'CMD ["x"]'));
  // Dev containers pick their user in devcontainer.json.
  t.catchesNot(lines('FROM mcr.microsoft.com/devcontainers/base:bookworm', 'USER root'));
  t.catchesNot(lines('FROM ubuntu:24.04', 'RUN apt-get update'), { path: '/p/.devcontainer/Dockerfile' });
  t.catchesNot(lines('FROM alpine:3.20', 'ARG APP_USER', 'USER $APP_USER'));
  t.catchesNot('# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN echo `\r\n  hi\r\n');
  t.catchesNot(lines('FROM alpine:3.20', 'RUN <<EOF', 'adduser -D app', 'EOF', 'USER app'));
  t.catchesNot('FROM alpine:3.20\r\nRUN adduser -D app\r\nUSER app\r\nCMD ["sh"]\r\n');
});

test('user-missing is info when the entrypoint drops privileges', () => {
  const [f] = t.catches(lines('FROM debian:12', 'RUN apt-get install -y gosu', 'COPY entrypoint.sh /', 'ENTRYPOINT ["/entrypoint.sh"]'));
  assert.equal(f.severity, 'info');
  const [g] = t.catches(lines('FROM alpine:3.20', 'RUN apk add su-exec && adduser -D app', 'CMD ["su-exec", "app", "server"]'));
  assert.equal(g.severity, 'info');
  const [h] = t.catches(lines('FROM alpine:3.20', 'ENTRYPOINT ["/entrypoint.sh"]'));
  assert.equal(h.severity, 'warning');
});

test('user-missing fix creates an Alpine user before CMD', () => {
  t.fixes(
    lines('FROM python:3.12-alpine', 'COPY . /app', '', 'CMD ["python", "-m", "app"]'),
    lines('FROM python:3.12-alpine', 'COPY . /app', '', 'RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app', 'USER app', 'CMD ["python", "-m", "app"]'),
  );
});

test('user-missing fix goes above the comment that introduces CMD', () => {
  t.fixes(
    lines('FROM alpine:3.20', 'COPY app /app', '# Start the app', '# (no shell)', 'CMD ["/app"]'),
    lines('FROM alpine:3.20', 'COPY app /app', 'RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app', 'USER app', '# Start the app', '# (no shell)', 'CMD ["/app"]'),
  );
});

test('user-missing fix creates a Debian user at the end of the stage, keeping CRLF', () => {
  t.fixes(
    'FROM python:3.12-slim AS build\r\nRUN pip install x\r\nFROM python:3.12-slim\r\nCOPY --from=build /x /x\r\n',
    'FROM python:3.12-slim AS build\r\nRUN pip install x\r\nFROM python:3.12-slim\r\nCOPY --from=build /x /x\r\nRUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app\r\nUSER app\r\n',
  );
});

test('user-missing fix switches to an account the file or the image has', () => {
  t.fixes(
    lines('FROM python:3.12-alpine AS base', 'RUN adduser -S -u 1001 appuser', 'FROM base', 'COPY . /app', 'USER root', 'CMD ["python"]'),
    lines('FROM python:3.12-alpine AS base', 'RUN adduser -S -u 1001 appuser', 'FROM base', 'COPY . /app', 'USER root', 'USER appuser', 'CMD ["python"]'),
  );
  t.fixes(lines('FROM node:22-alpine', 'COPY . .', 'CMD ["node", "x.js"]'), lines('FROM node:22-alpine', 'COPY . .', 'USER node', 'CMD ["node", "x.js"]'));
  t.fixes(lines('FROM gcr.io/distroless/static-debian12', 'COPY app /app'), lines('FROM gcr.io/distroless/static-debian12', 'COPY app /app', 'USER nonroot'));
  t.fixes(lines('FROM scratch', 'COPY app /app', 'ENTRYPOINT ["/app"]'), lines('FROM scratch', 'COPY app /app', 'USER 10001', 'ENTRYPOINT ["/app"]'));
});
