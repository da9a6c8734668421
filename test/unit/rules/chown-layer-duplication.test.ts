import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_1_1, PLAN_1_2, PLAN_1_3, PLAN_2_3 } from '../../fixtures/planExamples';

const t = ruleTester('chown-layer-duplication');

test('chown-layer-duplication flags the plan §2.3 production stage and fixes it exactly', () => {
  const [f] = t.catchesAt(PLAN_2_3, [{ line: 31, character: 4, endCharacter: 55 }]);
  assert.match(f.message, /COPY\/ADD on lines 28, 29, 30 added/);
  assert.equal(f.fixes[0].safe, true);
  const expected = PLAN_2_3.replace('COPY --from=builder /root/.local /home/', 'COPY --from=builder --chown=appuser:appgroup /root/.local /home/')
    .replace('COPY services/', 'COPY --chown=appuser:appgroup services/')
    .replace('COPY shared/', 'COPY --chown=appuser:appgroup shared/')
    .replace('RUN chown -R appuser:appgroup /app /home/appuser/.local && \\', 'RUN chown appuser:appgroup /app && \\');
  assert.ok(expected.includes('    mkdir -p /app/logs && \\\n    chown -R appuser:appgroup /app/logs\n'));
  t.fixes(PLAN_2_3, expected);
  t.catchesNot(PLAN_1_1);
  t.catchesNot(PLAN_1_2);
  t.catchesNot(PLAN_1_3);
});

test('chown-layer-duplication fix: keeps directories that existed, drops the RUN or the command when nothing is left', () => {
  t.fixes(
    lines('FROM node:22', 'WORKDIR /app', 'COPY . .', 'RUN chown -R node:node /app'),
    lines('FROM node:22', 'WORKDIR /app', 'COPY --chown=node:node . .', 'RUN chown node:node /app'),
  );
  t.fixes(
    lines('FROM alpine', 'RUN adduser -D app', 'COPY --from=build /out /opt/app', 'RUN chown -R app /opt/app', 'USER app'),
    lines('FROM alpine', 'RUN adduser -D app', 'COPY --from=build --chown=app /out /opt/app', 'USER app'),
  );
  t.fixes(
    lines('FROM alpine', 'COPY --chown=root bin/ /opt/app/', 'RUN chown -Rv app:app /opt/app && \\', '    chmod +x /opt/app/run'),
    lines('FROM alpine', 'COPY --chown=app:app bin/ /opt/app/', 'RUN chmod +x /opt/app/run'),
  );
  // A WORKDIR inside the chowned directory existed before the copy: it keeps its chown.
  t.fixes(
    lines('FROM python:3.12', 'WORKDIR /srv', 'WORKDIR /srv/app', 'COPY . .', 'RUN chown -R app /srv'),
    lines('FROM python:3.12', 'WORKDIR /srv', 'WORKDIR /srv/app', 'COPY --chown=app . .', 'RUN chown app /srv/app /srv'),
  );
  // CRLF and the backtick escape.
  t.fixes(
    '# escape=`\r\nFROM alpine\r\nWORKDIR /app\r\nCOPY a/ ./a/\r\nRUN mkdir -p /data && `\r\n    chown -R 1000:1000 /app\r\n',
    '# escape=`\r\nFROM alpine\r\nWORKDIR /app\r\nCOPY --chown=1000:1000 a/ ./a/\r\nRUN mkdir -p /data && `\r\n    chown 1000:1000 /app\r\n',
  );
});

test('chown-layer-duplication reports without a fix when the result could differ', () => {
  const noFix = (text: string) => {
    const f = t.catches(text);
    assert.deepEqual(f[0].fixes, [], `no fix expected for:\n${text}`);
  };
  // npm ci wrote node_modules into /app: it needs the chown too.
  noFix(lines('FROM node:22', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'RUN chown -R node /app'));
  // A directory made by a RUN inside it.
  noFix(lines('FROM alpine', 'WORKDIR /app', 'COPY . .', 'RUN mkdir -p /app/logs', 'RUN chown -R app /app'));
  noFix(lines('FROM alpine', 'WORKDIR /app', 'COPY . .', 'RUN mkdir /app/logs', 'RUN chown -R app /app'));
  noFix(lines('FROM alpine', 'WORKDIR /app', 'COPY . .', 'RUN mkdir -m 700 logs', 'RUN chown -R app /app'));
  // The copy is in the stage this one is built FROM.
  noFix(lines('FROM alpine AS base', 'WORKDIR /app', 'COPY . .', 'FROM base', 'RUN chown -R app /app'));
  // The base image may have files in /var/www/html.
  noFix(lines('FROM php:8-apache', 'COPY src/ /var/www/html/src/', 'RUN chown -R www-data /var/www/html'));
  // chmod: reported, not fixed.
  t.catchesAt(lines('FROM alpine', 'COPY app /app', 'RUN chmod -R 755 /app'), [{ line: 2, character: 4, endCharacter: 21 }]);
  noFix(lines('FROM alpine', 'COPY app /app', 'RUN chmod -R 755 /app'));
  noFix(lines('FROM alpine', 'COPY app /app', 'RUN chown -R $APP_USER /app'));
  noFix(lines('FROM alpine', 'COPY app /app', 'RUN <<EOF', 'chown -R app /app', 'EOF'));
});

test('chown-layer-duplication stays quiet where no copied file is rewritten', () => {
  t.catchesNot(lines('FROM alpine', 'COPY app /app', 'RUN mkdir /data && chown -R app /data'));
  t.catchesNot(lines('FROM alpine', 'RUN chown -R app /app', 'COPY app /app'));
  t.catchesNot(lines('FROM alpine', 'WORKDIR /app', 'COPY . .', 'RUN chown app /app'));
  t.catchesNot(lines('FROM alpine', 'COPY app /app', 'RUN chown -R app /app/data'));
  t.catchesNot(lines('FROM alpine AS b', 'COPY app /app', 'FROM alpine', 'RUN chown -R app /app'));
  t.catchesNot(lines('FROM alpine', 'COPY <<EOF /app/x', 'hi', 'EOF', 'RUN ["chown", "app", "/app"]'));
});

test('chown-layer-duplication resolves paths through cd and judges every stage', () => {
  t.fixes(
    lines('FROM alpine AS build', 'WORKDIR /src', 'COPY . ./app/', 'RUN cd /src && chown -R 1000 app', 'FROM scratch', 'COPY --from=build /src/app /app'),
    lines('FROM alpine AS build', 'WORKDIR /src', 'COPY --chown=1000 . ./app/', 'RUN cd /src', 'FROM scratch', 'COPY --from=build /src/app /app'),
  );
});
