import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_1_1, PLAN_1_2, PLAN_1_3, PLAN_2_3 } from '../../fixtures/planExamples';

const t = ruleTester('build-tools-in-final-stage');

test('build-tools-in-final-stage flags the plan single-stage builders (§1.1, §1.2) at each package', () => {
  const spans = [{ line: 6, character: 23, endCharacter: 49 }];
  const [f] = t.catchesAt(PLAN_1_1, spans);
  assert.match(f.message, /^`gcc`, `musl-dev`, `linux-headers` are build tools .* installed in stage `builder`/);
  assert.match(f.message, /builder stage/);
  t.catchesAt(PLAN_1_2, spans.map((s) => ({ ...s, line: 4 })));
});

test('build-tools-in-final-stage is quiet on the plan multi-stage example (§2.3) and §1.3', () => {
  t.catchesNot(PLAN_2_3);
  t.catchesNot(PLAN_1_3);
});

test('build-tools-in-final-stage: what ships', () => {
  // Installed in the stage the shipped one is built FROM.
  const [f] = t.catchesAt(lines('FROM python:3.12-slim AS base', 'RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev', 'FROM base AS prod', 'CMD ["python"]'), [
    { line: 1, character: 65, endCharacter: 78 },
  ]);
  assert.match(f.message, /stage `base`, which stage `prod` is built FROM/);
  t.catchesAt(lines('FROM alpine', 'RUN apk add build-base=0.5-r3 cmake'), [{ line: 1, character: 12, endCharacter: 35 }]);
  t.catches(lines('FROM fedora', 'RUN dnf install -y gcc-c++ python3-devel'));
  t.catches(lines('FROM debian', 'RUN apt-get install -y g++-12'));
  // Removed in a later RUN: still in a layer.
  t.catches(lines('FROM alpine', 'RUN apk add gcc', 'RUN apk del gcc'));
  // Across lines: the first package word.
  t.catchesAt(lines('FROM debian', 'RUN apt-get install -y \\', '    gcc \\', '    curl \\', '    make'), [{ line: 2, character: 4, endCharacter: 7 }]);
  // CRLF and the backtick escape.
  t.catchesAt('# escape=`\r\nFROM alpine\r\nRUN apk add `\r\n    make\r\n', [{ line: 3, character: 4, endCharacter: 8 }]);
});

test('build-tools-in-final-stage: what does not ship or is removed in the same RUN', () => {
  t.catchesNot(lines('FROM alpine', 'RUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps'));
  t.catchesNot(lines('FROM alpine', 'RUN apk add -t .bd gcc && make && apk del .bd'));
  t.catchesNot(lines('FROM debian', 'RUN apt-get install -y gcc make && make && apt-get purge -y gcc make'));
  t.catchesNot(lines('FROM debian', 'RUN apt-get install -y gcc && apt-mark auto gcc && apt-get autoremove -y'));
  t.catchesNot(
    lines('FROM debian', "RUN savedAptMark=\"$(apt-mark showmanual)\"; apt-get install -y gcc libc6-dev; apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove"),
  );
  t.catchesNot(lines('FROM golang:1.23 AS build', 'RUN apt-get install -y gcc', 'FROM gcr.io/distroless/static', 'COPY --from=build /out /app'));
  t.catchesNot(lines('FROM alpine', 'RUN apk add curl udev', 'RUN apk add $BUILD_DEPS'));
  t.catchesNot(lines('FROM alpine', 'RUN <<EOF', 'apk add --virtual .b gcc', 'apk del .b', 'EOF'));
  t.catchesNot(lines('FROM alpine', 'RUN ["apk", "add", "curl"]'));
  // Removed through a computed list: any of them may go.
  t.catchesNot(lines('FROM debian', "RUN apt-get install -y build-essential && make && apt-get remove --purge -y $(cat /tmp/new)"));
  // Development files are meant to hold toolchains.
  t.catchesNot(lines('FROM debian', 'RUN apt-get install -y build-essential'), { path: '/p/.devcontainer/Dockerfile' });
  t.catchesNot(lines('FROM debian', 'RUN apt-get install -y build-essential'), { path: '/p/Dockerfile.dev' });
});
