/**
 * Docker's matching semantics, row by row (test/fixtures/dockerignoreSemantics.ts,
 * each row citing moby's tests or docs), against Layerwise's matcher; and the same
 * rows against @balena/dockerignore (ignorecase: false), which must agree except on
 * the rows that record where it does not (the reason matcher.ts ports moby instead).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ignore from '@balena/dockerignore';
import { DOCKERIGNORE_SEMANTICS } from '../../fixtures/dockerignoreSemantics';
import { createMatcher, isSent } from '../../../rules/dockerignore/matcher';
import { readPatterns } from '../../../rules/dockerignore/model';

const label = (r: (typeof DOCKERIGNORE_SEMANTICS)[number]) => `${JSON.stringify(r.lines)} ${r.path} → ${r.ignored ? 'ignored' : 'sent'}`;

test('the table is large enough and every row cites its source', () => {
  assert.ok(DOCKERIGNORE_SEMANTICS.length >= 40);
  for (const r of DOCKERIGNORE_SEMANTICS) assert.match(r.source, /^(PM|PM-code|IF|DOCS)\b/, label(r));
});

for (const row of DOCKERIGNORE_SEMANTICS) {
  test(`Layerwise: ${label(row)}`, () => {
    const text = row.lines.join('\n') + '\n';
    assert.equal(createMatcher(readPatterns(text)).ignores(row.path), row.ignored, row.source);
    assert.equal(isSent(text, row.path), !row.ignored);
  });
}

test('@balena/dockerignore agrees with the table except where a row says it does not', () => {
  const disagreements: string[] = [];
  for (const row of DOCKERIGNORE_SEMANTICS) {
    let agrees: boolean;
    try {
      agrees = ignore({ ignorecase: false }).add(row.lines).ignores(row.path) === row.ignored;
    } catch {
      agrees = false; // `c++` makes balena build the invalid regexp /^c++$/ and throw
    }
    if (agrees === !!row.balena) disagreements.push(`${label(row)}${row.balena ? ' (recorded as differing, but agrees)' : ''}`);
  }
  assert.deepEqual(disagreements, []);
});

test('CRLF files read the same as LF files', () => {
  for (const row of DOCKERIGNORE_SEMANTICS) {
    assert.equal(isSent(row.lines.join('\r\n'), row.path), !row.ignored, label(row));
  }
});
