import { test } from 'node:test';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_2_3 } from '../../fixtures/planExamples';

const t = ruleTester('healthcheck-tool-missing');

test('healthcheck-tool-missing fires on a probe program the image lacks', () => {
  // Debian slim ships neither curl nor wget.
  t.catchesAt(lines('FROM python:3.12-slim', 'HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1'), [{ line: 1, character: 16, endCharacter: 20 }]);
  // Alpine has BusyBox wget but no curl; exec form points at the JSON string.
  t.catchesAt(lines('FROM node:22-alpine', 'HEALTHCHECK CMD ["curl", "-f", "http://localhost:3000/"]'), [{ line: 1, character: 17, endCharacter: 23 }]);
  t.catches(lines('FROM ubuntu:24.04', 'HEALTHCHECK --interval=10s \\', '  CMD wget -qO- http://localhost/ || exit 1'));
  t.catches(lines('FROM python:3.12-alpine', 'HEALTHCHECK CMD node -e "1"'));
  // The check is inherited from the base stage; curl was installed only in a sibling stage.
  t.catchesAt(
    lines('FROM python:3.12-alpine AS base', 'HEALTHCHECK CMD curl -f http://localhost:8001/', 'FROM base AS dev', 'RUN apk add --no-cache curl', 'FROM base AS prod', 'EXPOSE 8001'),
    [{ line: 1, character: 16, endCharacter: 20 }],
  );
  // Removed again.
  t.catches(lines('FROM alpine', 'RUN apk add --no-cache --virtual .deps curl && make && apk del .deps', 'HEALTHCHECK CMD curl -f http://localhost/'));
  // Distroless has no shell: a shell-form check cannot run at all.
  t.catchesAt(lines('FROM gcr.io/distroless/static-debian12', 'HEALTHCHECK CMD /app health'), [{ line: 1, character: 16, endCharacter: 27 }]);
});

test('healthcheck-tool-missing stays quiet when the tool is there or the image unknown', () => {
  t.catchesNot(PLAN_2_3); // production installs curl
  t.catchesNot(lines('FROM python:3.12', 'HEALTHCHECK CMD curl -f http://localhost:8000/'));
  // The full images hold hundreds of packages: only curl and wget are known, nothing is known missing.
  t.catchesNot(lines('FROM node:22', 'HEALTHCHECK CMD python3 -c "print(1)"'));
  t.catchesNot(lines('FROM python:3.12-bookworm', 'HEALTHCHECK CMD wget -q -O /dev/null http://localhost:8000/'));
  t.catchesNot(lines('FROM nginx', 'HEALTHCHECK CMD curl -f http://localhost/'));
  t.catchesNot(lines('FROM nginx:1.27-alpine', 'HEALTHCHECK CMD curl -f http://localhost/'));
  t.catchesNot(lines('FROM node:22-alpine', 'HEALTHCHECK CMD wget -q -O /dev/null http://localhost:3000/ || exit 1'));
  t.catchesNot(lines('FROM python:3.12-slim', 'HEALTHCHECK CMD python -c "print(1)"'));
  t.catchesNot(lines('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10', 'HEALTHCHECK CMD curl -f http://localhost/'));
  t.catchesNot(lines('FROM debian:12-slim', 'COPY --from=curlimages/curl:8.8.0 /usr/bin/curl /usr/bin/curl', 'HEALTHCHECK CMD curl -f http://localhost/'));
  t.catchesNot(lines('FROM debian:12-slim', 'RUN apt-get install -y $TOOLS', 'HEALTHCHECK CMD curl -f http://localhost/'));
  t.catchesNot(lines('FROM debian:12-slim', 'COPY install.sh /', 'RUN /install.sh', 'HEALTHCHECK CMD curl -f http://localhost/'));
  t.catchesNot(lines('FROM alpine', 'COPY packages.txt /', 'RUN xargs apk add < /packages.txt', 'HEALTHCHECK CMD curl -f http://localhost/'));
  t.catchesNot(lines('FROM mycorp/base:1', 'HEALTHCHECK CMD curl -f http://localhost/'));
  t.catchesNot(lines('ARG BASE', 'FROM ${BASE}', 'HEALTHCHECK CMD curl -f http://localhost/'));
  t.catchesNot(lines('FROM gcr.io/distroless/python3-debian12', 'HEALTHCHECK CMD ["python3", "-c", "print(1)"]'));
  t.catchesNot(lines('FROM alpine', 'RUN <<EOF', 'apk add --no-cache curl', 'EOF', 'HEALTHCHECK CMD curl -f http://localhost/'));
  t.catchesNot(lines('# escape=`', 'FROM alpine', 'RUN apk add `', '  curl', 'HEALTHCHECK CMD curl -f http://localhost/'));
  t.catchesNot('FROM alpine\r\nRUN apk add curl\r\nHEALTHCHECK CMD curl -f http://localhost/\r\n');
  t.catchesNot(lines('FROM alpine', 'HEALTHCHECK NONE'));
});

test('healthcheck-tool-missing fix switches to a tool the image has', () => {
  t.fixes(
    lines('FROM node:22-alpine', 'HEALTHCHECK --interval=30s CMD curl -f http://localhost:3000/health || exit 1'),
    lines('FROM node:22-alpine', 'HEALTHCHECK --interval=30s CMD wget -q -O /dev/null http://localhost:3000/health || exit 1'),
  );
  t.fixes(
    lines('FROM node:22-alpine', 'HEALTHCHECK CMD ["curl", "-f", "http://localhost:3000/"]'),
    lines('FROM node:22-alpine', 'HEALTHCHECK CMD ["wget", "-q", "-O", "/dev/null", "http://localhost:3000/"]'),
  );
  t.fixes(
    'FROM python:3.12-slim\r\nHEALTHCHECK CMD curl -f http://localhost:8000/\r\n',
    `FROM python:3.12-slim\r\nHEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/', timeout=4)"\r\n`,
  );
});

test('healthcheck-tool-missing fix installs the tool when no other is there', () => {
  t.fixes(
    lines('FROM debian:12-slim', 'EXPOSE 80', 'HEALTHCHECK CMD curl -f http://localhost/ || exit 1'),
    lines('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*', 'EXPOSE 80', 'HEALTHCHECK CMD curl -f http://localhost/ || exit 1'),
  );
  // The switch comes first; the install is the second choice.
  t.fixes(
    lines('FROM alpine', 'HEALTHCHECK CMD curl -f http://localhost/'),
    lines('FROM alpine', 'RUN apk add --no-cache curl', 'HEALTHCHECK CMD curl -f http://localhost/'),
    { fixIndex: 1 },
  );
  // Not as a non-root user.
  const [f] = t.catches(lines('FROM debian:12-slim AS base', 'USER app', 'FROM base', 'HEALTHCHECK CMD nc -z localhost 80'));
  if (f.fixes.length) throw new Error('no install fix for a non-root user');
});
