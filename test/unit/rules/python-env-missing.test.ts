import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_1_1, PLAN_1_3, PLAN_2_3 } from '../../fixtures/planExamples';

const t = ruleTester('python-env-missing');

test('python-env-missing fires on the plan single-stage builder (§1.1) at its base image, with a safe fix', () => {
  const [f] = t.catchesAt(PLAN_1_1, [{ line: 1, character: 5, endCharacter: 23 }]);
  assert.match(f.message, /without `PYTHONUNBUFFERED` and `PYTHONDONTWRITEBYTECODE`/);
  assert.equal(f.fixes[0].safe, true);
  t.fixes(PLAN_1_1, PLAN_1_1.replace('WORKDIR /app\n', 'WORKDIR /app\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\n'));
});

test('python-env-missing is quiet where both are in effect or Python does not run', () => {
  // §2.3: production is FROM base, which sets both.
  t.catchesNot(PLAN_2_3);
  t.catchesNot(PLAN_1_3);
  t.catchesNot(lines('FROM python:3.12-slim', 'ENV PYTHONUNBUFFERED=0 PYTHONDONTWRITEBYTECODE=yes'));
  t.catchesNot(lines('FROM python:3.12 AS build', 'RUN pip install x', 'FROM gcr.io/distroless/static', 'COPY --from=build /x /x'));
  t.catchesNot(lines('FROM alpine', 'RUN apk add curl', 'CMD ["sh"]'));
  // Set in the stage the shipped one is built FROM.
  t.catchesNot(lines('FROM python:3.12 AS base', 'ENV PYTHONUNBUFFERED=1 \\', '    PYTHONDONTWRITEBYTECODE=1', 'FROM base AS prod', 'CMD ["python", "app.py"]'));
});

test('python-env-missing: what counts as running Python, and only what is missing is added', () => {
  t.catchesAt(lines('FROM debian:12', 'RUN apt-get install -y python3 && pip3 install flask'), [{ line: 0, character: 5, endCharacter: 14 }]);
  t.catches(lines('FROM ubuntu', 'CMD ["/usr/local/bin/gunicorn", "app:app"]'));
  t.catches(lines('FROM docker.io/library/python:3.12'));
  t.fixes(
    lines('FROM python:3.12-slim AS base', 'WORKDIR /app', 'ENV PYTHONUNBUFFERED=1', '# app', 'COPY . .', 'FROM base AS prod', 'CMD ["python", "app.py"]'),
    lines('FROM python:3.12-slim AS base', 'WORKDIR /app', 'ENV PYTHONUNBUFFERED=1', '# app', 'COPY . .', 'FROM base AS prod', 'ENV PYTHONDONTWRITEBYTECODE=1', 'CMD ["python", "app.py"]'),
  );
});

test('python-env-missing fix keeps CRLF, the escape directive and a missing final newline', () => {
  t.fixes(
    '# escape=`\r\nFROM python:3.12 AS app\r\nENV A=1 `\r\n    B=2\r\nCMD python app.py\r\n',
    '# escape=`\r\nFROM python:3.12 AS app\r\nENV A=1 `\r\n    B=2\r\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\r\nCMD python app.py\r\n',
  );
  t.fixes('FROM python:3.12', 'FROM python:3.12\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\n');
  t.catches(lines('FROM python:3.12', 'RUN <<EOF', 'pip install x', 'EOF'));
});

test('python-env-missing reads the legacy `ENV NAME value` form and ignores ARG', () => {
  t.catchesNot(lines('FROM python:3.12', 'ENV PYTHONUNBUFFERED 1', 'ENV PYTHONDONTWRITEBYTECODE 1'));
  const [f] = t.catches(lines('FROM python:3.12', 'ARG PYTHONUNBUFFERED=1', 'ENV PYTHONDONTWRITEBYTECODE=1'));
  assert.equal(f.fixes[0].title, 'Add `ENV PYTHONUNBUFFERED=1`');
});
