import { test } from 'node:test';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_1_3, PLAN_2_3 } from '../../fixtures/planExamples';

const t = ruleTester('healthcheck-missing');
const TIMING = '--interval=30s --timeout=5s --start-period=30s --retries=3';

test('healthcheck-missing fires on the shipped stage of a service without a check', () => {
  t.catchesAt(lines('FROM python:3.12-slim', 'EXPOSE 8000', 'CMD ["gunicorn", "app:app"]'), [{ line: 0, character: 5, endCharacter: 21 }]);
  // A server command is enough without EXPOSE.
  t.catchesAt(lines('FROM node:22-alpine', 'CMD npm start'), [{ line: 0, character: 5, endCharacter: 19 }]);
  t.catches(lines('FROM eclipse-temurin:21-jre', 'ENTRYPOINT ["java", "-jar", "/app.jar"]'));
  t.catches(lines('FROM python:3.12', 'CMD python -m http.server 8080'));
  t.catches(lines('FROM python:3.12', 'CMD ["sh", "-c", "exec uvicorn app:app --host 0.0.0.0"]'));
  // Only the shipped (last) stage counts: the builder's check is not inherited by `FROM python`.
  t.catchesAt(lines('FROM python:3.12 AS build', 'HEALTHCHECK CMD true', 'FROM python:3.12-slim AS app', 'EXPOSE 80'), [{ line: 2, character: 5, endCharacter: 21 }]);
});

test('healthcheck-missing stays quiet for checked, deliberate or non-service images', () => {
  t.catchesNot(PLAN_2_3);
  t.catchesNot(PLAN_1_3);
  t.catchesNot(lines('FROM node:22', 'EXPOSE 3000', 'HEALTHCHECK NONE'));
  // Inherited from the stage it is built FROM.
  t.catchesNot(lines('FROM nginx:alpine AS base', 'HEALTHCHECK CMD wget -q -O /dev/null http://localhost/', 'FROM base', 'EXPOSE 80'));
  // A CLI or a batch job is not a service.
  t.catchesNot(lines('FROM python:3.12-slim', 'CMD ["python", "-m", "tool"]'));
  t.catchesNot(lines('FROM alpine AS a', 'EXPOSE 80', 'FROM alpine', 'RUN <<EOF', 'echo hi', 'EOF', 'CMD ["./job"]'));
  t.catchesNot(lines('# escape=`', 'FROM alpine', 'RUN echo a `', '  b', 'CMD ["./job"]'));
  t.catchesNot('FROM node:22\r\nEXPOSE 3000\r\nHEALTHCHECK --start-period=5s CMD curl -f http://localhost:3000/\r\n');
  t.catchesNot('');
  // A dev container is a workspace, not a service.
  t.catchesNot(lines('FROM node:22', 'EXPOSE 3000'), { path: '/project/.devcontainer/Dockerfile' });
});

test('healthcheck-missing fix uses a tool the image has', () => {
  // python:*-slim has no curl or wget: Python's urllib, above the CMD and its comment.
  t.fixes(
    lines('FROM python:3.12-slim', 'EXPOSE 8000', '# serve', 'CMD ["gunicorn", "app:app"]'),
    lines('FROM python:3.12-slim', 'EXPOSE 8000', `HEALTHCHECK ${TIMING} CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/', timeout=4)"`, '# serve', 'CMD ["gunicorn", "app:app"]'),
  );
  // Alpine: BusyBox wget.
  t.fixes(
    lines('FROM node:22-alpine', 'EXPOSE 3000', 'CMD ["node", "server.js"]'),
    lines('FROM node:22-alpine', 'EXPOSE 3000', `HEALTHCHECK ${TIMING} CMD wget -q -O /dev/null http://localhost:3000/ || exit 1`, 'CMD ["node", "server.js"]'),
  );
  // curl installed in an ancestor stage; no CMD: appended, CRLF kept.
  t.fixes(
    'FROM debian:12-slim AS base\r\nRUN apt-get update && apt-get install -y curl\r\nFROM base\r\nEXPOSE 8080',
    `FROM debian:12-slim AS base\r\nRUN apt-get update && apt-get install -y curl\r\nFROM base\r\nEXPOSE 8080\r\nHEALTHCHECK ${TIMING} CMD curl -fsS -o /dev/null http://localhost:8080/ || exit 1`,
  );
  // The first exposed port an HTTP probe can reach.
  t.fixes(
    lines('FROM alpine:3.20', 'EXPOSE 22 8080'),
    lines('FROM alpine:3.20', 'EXPOSE 22 8080', `HEALTHCHECK ${TIMING} CMD wget -q -O /dev/null http://localhost:8080/ || exit 1`),
  );
  // Distroless has no shell: exec form.
  t.fixes(
    lines('FROM gcr.io/distroless/nodejs22-debian12', 'EXPOSE 3000', 'CMD ["server.js"]'),
    lines('FROM gcr.io/distroless/nodejs22-debian12', 'EXPOSE 3000', `HEALTHCHECK ${TIMING} CMD ["node", "-e", "require('http').get('http://localhost:3000/', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]`, 'CMD ["server.js"]'),
  );
});

test('healthcheck-missing offers no fix without a known tool or port', () => {
  const [noTool] = t.catches(lines('FROM debian:12-slim', 'EXPOSE 80', 'CMD ["./server"]'));
  if (noTool.fixes.length) throw new Error('debian-slim has no probe tool: no fix expected');
  const [noPort] = t.catches(lines('FROM python:3.12', 'CMD ["gunicorn", "app:app"]'));
  if (noPort.fixes.length) throw new Error('no EXPOSE: no fix expected');
  const [unknown] = t.catches(lines('FROM example.com/base:1', 'EXPOSE 80'));
  if (unknown.fixes.length) throw new Error('unknown base: no fix expected');
  // PHP-FPM speaks FastCGI, SSH and UDP ports no HTTP: no HTTP probe for them.
  const [fpm] = t.catches(lines('FROM alpine:3.20', 'EXPOSE 9000', 'CMD ["php-fpm"]'));
  if (fpm.fixes.length) throw new Error('php-fpm: no fix expected');
  const [ssh] = t.catches(lines('FROM alpine:3.20', 'EXPOSE 22 5000/udp', 'CMD ["/usr/sbin/sshd", "-D"]'));
  if (ssh.fixes.length) throw new Error('ssh: no fix expected');
});
