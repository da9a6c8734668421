import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_2_3 } from '../../fixtures/planExamples';
import { parseDuration } from '../../../rules/dockerfile/knowledge/healthcheck';

const t = ruleTester('healthcheck-timing');

test('parseDuration reads Go durations', () => {
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('1.5s'), 1500);
  assert.equal(parseDuration('0'), 0);
  assert.equal(parseDuration('30'), undefined);
  assert.equal(parseDuration('s'), undefined);
  assert.equal(parseDuration('10x'), undefined);
  assert.equal(parseDuration(''), undefined);
});

test('healthcheck-timing fires on a missing start period, a tiny interval, or timeout >= interval', () => {
  t.catchesAt(lines('FROM alpine', 'HEALTHCHECK --interval=30s --timeout=5s CMD true'), [{ line: 1, character: 0, endCharacter: 11 }]);
  t.catchesAt(lines('FROM alpine', 'HEALTHCHECK --interval=2s --timeout=1s --start-period=10s CMD true'), [{ line: 1, character: 12, endCharacter: 25 }]);
  t.catchesAt(lines('FROM alpine', 'HEALTHCHECK --interval=10s --timeout=1m --start-period=10s CMD true'), [{ line: 1, character: 27, endCharacter: 39 }]);
  // Default timeout 30s against a chosen 10s interval: points at the interval.
  t.catchesAt(lines('FROM alpine', 'HEALTHCHECK --interval=10s --start-period=10s CMD true'), [{ line: 1, character: 12, endCharacter: 26 }]);
  // `0s` is the default (30s), set against a 5s interval.
  t.catchesAt(lines('FROM alpine', 'HEALTHCHECK --interval=5s --timeout=0s --start-period=1s CMD true'), [{ line: 1, character: 12, endCharacter: 25 }]);
  t.catchesAt(lines('FROM alpine', 'HEALTHCHECK --timeout=40s --start-period=1s CMD true'), [{ line: 1, character: 12, endCharacter: 25 }]);
  t.catches('FROM alpine\r\nHEALTHCHECK CMD true\r\n');
});

test('healthcheck-timing stays quiet on sensible timing and on Docker defaults', () => {
  t.catchesNot(PLAN_2_3);
  t.catchesNot(lines('FROM alpine', 'HEALTHCHECK --start-period=10s CMD true'));
  t.catchesNot(lines('FROM alpine', 'HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=0s CMD true'));
  t.catchesNot(lines('FROM alpine', 'HEALTHCHECK NONE'));
  // Writing Docker's default interval leaves the default pair (30s/30s): not this file's choice.
  t.catchesNot(lines('FROM alpine', 'HEALTHCHECK --interval=30s --start-period=5s CMD true'));
  t.catchesNot(lines('FROM alpine', 'HEALTHCHECK --interval=bogus --start-period=1s CMD true'));
  t.catchesNot(lines('# escape=`', 'FROM alpine', 'HEALTHCHECK --interval=30s --timeout=5s `', '  --start-period=20s CMD true'));
  t.catchesNot(lines('FROM alpine AS a', 'RUN <<EOF', 'echo HEALTHCHECK', 'EOF', 'FROM alpine'));
});

test('healthcheck-timing fix adds a start period after the flags', () => {
  t.fixes(
    lines('FROM alpine', 'HEALTHCHECK --interval=30s --timeout=5s \\', '  CMD wget -q -O /dev/null http://localhost/ || exit 1'),
    lines('FROM alpine', 'HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \\', '  CMD wget -q -O /dev/null http://localhost/ || exit 1'),
  );
  t.fixes('FROM alpine\r\nHEALTHCHECK CMD true\r\n', 'FROM alpine\r\nHEALTHCHECK --start-period=30s CMD true\r\n');
});
