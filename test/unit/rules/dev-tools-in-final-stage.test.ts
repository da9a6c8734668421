import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_1_1, PLAN_1_3, PLAN_2_3 } from '../../fixtures/planExamples';

const t = ruleTester('dev-tools-in-final-stage');

/** §2.3 without its production stage: the development stage is the one that ships. */
const PLAN_2_3_DEV_LAST = PLAN_2_3.slice(0, PLAN_2_3.indexOf('\n# Production stage') + 1);

/** §4.2's hot-reload stage, placed before §2.3's production stage. */
const PLAN_4_2_STAGE = lines(
  '# Add development stage with hot-reload',
  'FROM base AS development',
  'RUN apk add --no-cache curl',
  'COPY --from=builder /root/.local /root/.local',
  'ENV PATH=/root/.local/bin:$PATH',
  'ENV PYTHONUNBUFFERED=1',
  'ENV WATCHFILES_FORCE_POLLING=true',
  'WORKDIR /app',
  'CMD ["watchfiles", "python -m src.main", "src/"]',
);

test('dev-tools-in-final-stage is quiet on the plan examples: the development stage does not ship (§2.3, §4.2)', () => {
  t.catchesNot(PLAN_2_3);
  t.catchesNot(PLAN_1_1);
  t.catchesNot(PLAN_1_3);
  t.catchesNot(PLAN_2_3.replace('# Production stage', PLAN_4_2_STAGE + '# Production stage'));
});

test('dev-tools-in-final-stage fires when the plan development stage is the one that ships', () => {
  const [f] = t.catchesAt(PLAN_2_3_DEV_LAST, [
    { line: 15, character: 28, endCharacter: 35 },
    { line: 15, character: 36, endCharacter: 50 },
  ]);
  assert.match(f.message, /`iputils` is an editor or debugging\/network tool, installed where it ships \(stage `development`\)/);
  // curl is not a dev tool: health checks use it.
  t.catchesNot(lines('FROM alpine', 'RUN apk add --no-cache curl wget procps ca-certificates'));
  // §4.2's stage shipped by default: the reloader fires.
  t.catchesAt(lines('FROM python:3.12-alpine AS base', PLAN_4_2_STAGE.trimEnd()), [{ line: 9, character: 5, endCharacter: 17 }]);
});

test('dev-tools-in-final-stage: packages, dev servers and debug settings that ship', () => {
  t.catchesAt(lines('FROM debian AS base', 'RUN apt-get install -y vim strace', 'FROM base AS prod', 'CMD ["app"]'), [
    { line: 1, character: 23, endCharacter: 26 },
    { line: 1, character: 27, endCharacter: 33 },
  ]);
  t.catchesAt(lines('FROM python:3.12', 'RUN pip install --no-cache-dir pytest==8.0 requests'), [{ line: 1, character: 31, endCharacter: 42 }]);
  t.catches(lines('FROM node:22', 'RUN npm install -g nodemon'));
  t.catchesAt(lines('FROM python:3.12', 'CMD uvicorn app:app --host 0.0.0.0 --reload'), [{ line: 1, character: 35, endCharacter: 43 }]);
  t.catchesAt(lines('FROM python:3.12', 'CMD ["gunicorn", "--reload", "app:app"]'), [{ line: 1, character: 17, endCharacter: 27 }]);
  t.catchesAt(lines('FROM node:22', 'CMD ["npm", "run", "dev"]'), [{ line: 1, character: 19, endCharacter: 24 }]);
  t.catches(lines('FROM python:3.12', 'CMD ["flask", "run", "--debug"]'));
  t.catches(lines('FROM python:3.12', 'CMD python manage.py runserver 0.0.0.0:8000'));
  t.catchesAt(lines('FROM python:3.12', 'ENV FLASK_DEBUG=1', 'CMD ["flask", "run"]'), [{ line: 1, character: 4, endCharacter: 17 }]);
  // Inherited CMD.
  t.catches(lines('FROM node:22 AS base', 'CMD ["nodemon", "index.js"]', 'FROM base AS prod'));
});

test('dev-tools-in-final-stage: exempt files and stages, production commands', () => {
  t.catchesNot(lines('FROM alpine', 'RUN apk add vim'), { path: '/p/Dockerfile.dev' });
  t.catchesNot(lines('FROM alpine', 'RUN apk add vim'), { path: '/p/.devcontainer/Dockerfile' });
  t.catchesNot(lines('FROM node:22 AS dev', 'RUN npm i -g nodemon', 'CMD ["nodemon"]', 'FROM node:22 AS prod', 'CMD ["node", "index.js"]'));
  t.catchesNot(lines('FROM python:3.12', 'ENV FLASK_DEBUG=0', 'CMD ["gunicorn", "app:app"]'));
  t.catchesNot(lines('FROM python:3.12', 'CMD uvicorn app:app --host 0.0.0.0'));
  t.catchesNot(lines('FROM node:22', 'CMD ["npm", "run", "start"]'));
  t.catchesNot(lines('FROM node:22', 'RUN npm install jest'));
  t.catchesNot('# escape=`\r\nFROM alpine\r\nRUN apk add `\r\n    curl\r\n');
  t.catchesNot(lines('FROM alpine', 'RUN <<EOF', 'apk add --virtual .dbg strace', 'apk del .dbg', 'EOF'));
});

test('dev-tools-in-final-stage: an image whose command runs the tool is that tool', () => {
  t.catchesNot(lines('FROM alpine', 'RUN apk add strace', 'ENTRYPOINT ["strace"]'));
  t.catchesNot(lines('FROM debian', 'RUN apt-get install -y netcat-openbsd', 'ENTRYPOINT ["nc"]'));
  t.catchesNot(lines('FROM alpine', 'RUN apk add emacs', 'CMD ["/usr/bin/emacs", "-batch"]'));
  t.catches(lines('FROM alpine', 'RUN apk add strace vim', 'ENTRYPOINT ["strace"]'));
});
