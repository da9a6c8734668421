import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes, parseCpus, formatBytes } from '../../../rules/compose/units';

const K = 1024;
const M = K * K;
const G = M * K;

test('parseBytes reads go-units RAMInBytes sizes: binary multiples, any case, optional b / ib', () => {
  const cases: [unknown, number][] = [
    ['512m', 512 * M],
    ['512M', 512 * M],
    ['512mb', 512 * M],
    ['512MiB', 512 * M],
    ['1g', G],
    ['1.5G', 1.5 * G],
    ['2 g', 2 * G],
    ['64k', 64 * K],
    ['1t', 1024 * G],
    ['1p', 1024 * 1024 * G],
    ['100', 100],
    ['100b', 100],
    ['100B', 100],
    ['.5k', 512],
    ['1.5', 1],
    [1048576, M],
    [0, 0],
    [10.9, 10],
  ];
  for (const [input, expected] of cases) assert.equal(parseBytes(input), expected, String(input));
});

test('parseBytes rejects what Compose rejects', () => {
  for (const input of ['', 'm', '1x', '1gg', '1gib2', '1 gb b', '-1g', '1..5g', 'abc', '1gibb', '1bb', '1e', Number.NaN, -5, true, null, undefined, {}, ['1g']]) {
    assert.equal(parseBytes(input), undefined, JSON.stringify(input));
  }
});

test('parseCpus reads numbers and numeric strings', () => {
  assert.equal(parseCpus(0.5), 0.5);
  assert.equal(parseCpus(2), 2);
  assert.equal(parseCpus('0.50'), 0.5);
  assert.equal(parseCpus('1.5'), 1.5);
  assert.equal(parseCpus('.25'), 0.25);
  assert.equal(parseCpus('4'), 4);
  for (const input of ['', 'half', '1.5 cpus', '${CPUS}', '0,5', Number.POSITIVE_INFINITY, null, true]) {
    assert.equal(parseCpus(input), undefined, String(input));
  }
});

test('formatBytes gives the short form Compose accepts', () => {
  assert.equal(formatBytes(512 * M), '512M');
  assert.equal(formatBytes(G), '1G');
  assert.equal(formatBytes(1.5 * G), '1.5G');
  assert.equal(formatBytes(64 * K), '64K');
  assert.equal(formatBytes(100), '100B');
  assert.equal(formatBytes(0), '0B');
  assert.equal(formatBytes(2048 * G), '2T');
  assert.equal(formatBytes(1000 * M + 1), '1000M');
  for (const n of [512 * M, 1.5 * G, 64 * K, 3 * G]) assert.equal(parseBytes(formatBytes(n)), n);
});
