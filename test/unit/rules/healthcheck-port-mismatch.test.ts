import { test } from 'node:test';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_2_3 } from '../../fixtures/planExamples';

const t = ruleTester('healthcheck-port-mismatch');

test('healthcheck-port-mismatch fires on a probed port that is not exposed', () => {
  t.catchesAt(lines('FROM python:3.12', 'EXPOSE 8000', 'HEALTHCHECK CMD curl -f http://localhost:8001/health || exit 1'), [{ line: 2, character: 41, endCharacter: 45 }]);
  // ENV resolves in the check; EXPOSE resolves ARG at build time.
  t.catchesAt(lines('FROM python:3.12', 'ARG PORT=8000', 'ENV APP_PORT=9000', 'EXPOSE ${PORT}/tcp', 'HEALTHCHECK CMD curl -f http://127.0.0.1:${APP_PORT}/'), [{ line: 4, character: 41, endCharacter: 52 }]);
  t.catchesAt(lines('FROM alpine', 'EXPOSE 5432', 'HEALTHCHECK CMD ["nc", "-z", "localhost", "5433"]'), [{ line: 2, character: 43, endCharacter: 47 }]);
  // A URL without a port probes 80; the host is pointed at.
  t.catchesAt(lines('FROM nginx', 'EXPOSE 8080', 'HEALTHCHECK CMD curl -f http://localhost/'), [{ line: 2, character: 31, endCharacter: 40 }]);
  // Inherited EXPOSE and check, shipped stage only.
  t.catches(lines('FROM node:22 AS base', 'EXPOSE 3000', 'HEALTHCHECK CMD curl -f http://0.0.0.0:3001/', 'FROM base'));
});

test('healthcheck-port-mismatch stays quiet when the port matches or cannot be known', () => {
  t.catchesNot(PLAN_2_3);
  t.catchesNot(lines('FROM python:3.12', 'EXPOSE 8000-8010 9000/udp', 'HEALTHCHECK CMD curl -f http://localhost:8005/'));
  t.catchesNot(lines('FROM python:3.12', 'ENV PORT=8000', 'EXPOSE $PORT', 'HEALTHCHECK CMD curl -f http://localhost:$PORT/'));
  // ARG is gone at run time: `$PORT` in the check does not resolve.
  t.catchesNot(lines('FROM python:3.12', 'ARG PORT=8000', 'EXPOSE 9000', 'HEALTHCHECK CMD curl -f http://localhost:$PORT/'));
  t.catchesNot(lines('FROM python:3.12', 'EXPOSE ${UNSET}', 'HEALTHCHECK CMD curl -f http://localhost:8001/'));
  t.catchesNot(lines('FROM python:3.12', 'HEALTHCHECK CMD curl -f http://localhost:8001/'));
  t.catchesNot(lines('FROM python:3.12', 'EXPOSE 80', 'HEALTHCHECK CMD curl -f http://example.com:8001/ http://localhost.example:81/'));
  t.catchesNot(lines('FROM python:3.12 AS dev', 'EXPOSE 80', 'HEALTHCHECK CMD curl -f http://localhost:81/', 'FROM python:3.12', 'EXPOSE 81'));
  t.catchesNot(lines('# escape=`', 'FROM python:3.12', 'EXPOSE 8000', 'HEALTHCHECK --interval=5s `', '  CMD curl -f http://localhost:8000/'));
  t.catchesNot('FROM python:3.12\r\nEXPOSE 8000\r\nHEALTHCHECK CMD curl -f http://localhost:8000/\r\n');
});

test('healthcheck-port-mismatch fix probes the single exposed port', () => {
  t.fixes(
    lines('FROM python:3.12', 'EXPOSE 8000', 'HEALTHCHECK --interval=30s \\', '  CMD curl -f http://localhost:8001/health || exit 1'),
    lines('FROM python:3.12', 'EXPOSE 8000', 'HEALTHCHECK --interval=30s \\', '  CMD curl -f http://localhost:8000/health || exit 1'),
  );
  t.fixes(
    lines('FROM alpine', 'EXPOSE 5432', 'HEALTHCHECK CMD ["nc", "-z", "localhost", "5433"]'),
    lines('FROM alpine', 'EXPOSE 5432', 'HEALTHCHECK CMD ["nc", "-z", "localhost", "5432"]'),
  );
  const [f] = t.catches(lines('FROM python:3.12', 'EXPOSE 8000 9000', 'HEALTHCHECK CMD curl -f http://localhost:8001/'));
  if (f.fixes.length) throw new Error('two exposed ports: no fix expected');
});
