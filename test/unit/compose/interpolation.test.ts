import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { interpolations, classifyValue, fallbackOf, hasInterpolation } from '../../../rules/compose/interpolation';

test('interpolations finds every form with its operator, argument and offsets', () => {
  const s = 'a $A ${B} ${C:-c} ${D-d} ${E:?need E} ${F?f} ${G:+g} ${H+h} end';
  const found = interpolations(s);
  assert.deepEqual(
    found.map(({ name, op, arg }) => ({ name, op, arg })),
    [
      { name: 'A', op: '', arg: undefined },
      { name: 'B', op: '', arg: undefined },
      { name: 'C', op: ':-', arg: 'c' },
      { name: 'D', op: '-', arg: 'd' },
      { name: 'E', op: ':?', arg: 'need E' },
      { name: 'F', op: '?', arg: 'f' },
      { name: 'G', op: ':+', arg: 'g' },
      { name: 'H', op: '+', arg: 'h' },
    ],
  );
  assert.deepEqual(found.map((p) => s.slice(p.start, p.end)), ['$A', '${B}', '${C:-c}', '${D-d}', '${E:?need E}', '${F?f}', '${G:+g}', '${H+h}']);
});

test('$NAME stops at the first character that cannot be in a name', () => {
  const s = 'http://$HOST:$PORT_1/path-$X.y';
  assert.deepEqual(interpolations(s).map((p) => s.slice(p.start, p.end)), ['$HOST', '$PORT_1', '$X']);
});

test('$$ is an escaped dollar, and malformed references are left alone', () => {
  assert.deepEqual(interpolations('pa$$word'), []);
  assert.deepEqual(interpolations('$${NOT_A_VAR}'), []);
  assert.deepEqual(interpolations('cost: $5, ${ SPACED }, ${}, ${UNCLOSED, trailing $'), []);
  assert.deepEqual(interpolations('$$$A').map((p) => p.name), ['A']);
});

test('nested defaults are one expression whose argument holds the inner one', () => {
  const s = 'x${A:-${B:-b}}y${C}';
  const found = interpolations(s);
  assert.deepEqual(found.map(({ name, op, arg }) => ({ name, op, arg })), [
    { name: 'A', op: ':-', arg: '${B:-b}' },
    { name: 'C', op: '', arg: undefined },
  ]);
  assert.equal(s.slice(found[0].start, found[0].end), '${A:-${B:-b}}');
  assert.deepEqual(interpolations('${A:-${B'), []);
});

test('classifyValue tells literal, external and hard-coded fallback values apart', () => {
  const cases: [string, string][] = [
    ['changeme', 'literal'],
    ['pa$$word', 'literal'],
    ['', 'literal'],
    ['${DB_PASSWORD}', 'external'],
    ['$DB_PASSWORD', 'external'],
    ['${DB_PASSWORD:?set DB_PASSWORD}', 'external'],
    ['${DB_PASSWORD?missing}', 'external'],
    ['prefix-${VAR}', 'external'],
    ['${A:-}', 'external'],
    ['${A:-${B}}', 'external'],
    ['${DB_PASSWORD:-changeme}', 'fallback'],
    ['${X-changeme}', 'fallback'],
    ['${A:-${B:-secret}}', 'fallback'],
    ['user:${PW:-hunter2}@db', 'fallback'],
    ['${USE:+on}', 'fallback'],
  ];
  for (const [s, expected] of cases) assert.equal(classifyValue(s), expected, s);
});

test('fallbackOf returns the hard-coded default', () => {
  assert.equal(fallbackOf('${DB_PASSWORD:-changeme}'), 'changeme');
  assert.equal(fallbackOf('${X-changeme}'), 'changeme');
  assert.equal(fallbackOf('${A:-${B:-deep}}'), 'deep');
  assert.equal(fallbackOf('${A:-pa$$word}'), 'pa$word');
  assert.equal(fallbackOf('${A}'), undefined);
  assert.equal(fallbackOf('${A:?msg}'), undefined);
  assert.equal(fallbackOf('literal'), undefined);
});

test('hasInterpolation', () => {
  assert.equal(hasInterpolation('${PORT:-80}'), true);
  assert.equal(hasInterpolation('80'), false);
  assert.equal(hasInterpolation('$$80'), false);
});

test('the scanner never throws, keeps offsets in order and inside the string, and is fast on long input', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('$', '{', '}', ':', '-', '?', '+', 'A', '_', '1', ' ') }), (s) => {
      let last = 0;
      for (const p of interpolations(s)) {
        assert.ok(p.start >= last && p.end > p.start && p.end <= s.length);
        assert.equal(s[p.start], '$');
        last = p.end;
      }
      classifyValue(s);
      fallbackOf(s);
    }),
  );
  const long = '${A:-'.repeat(20000) + 'x';
  const t = performance.now();
  interpolations(long);
  classifyValue('$'.repeat(100000) + '{');
  const nested = '${A:-'.repeat(20000) + 'x' + '}'.repeat(20000);
  assert.equal(interpolations(nested).length, 1);
  classifyValue(nested);
  fallbackOf(nested);
  assert.ok(performance.now() - t < 2000); // linear: a quadratic scan takes many seconds here
});
