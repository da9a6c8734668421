/** Fix → WorkspaceEdit and the single minimal edit fix-all sends (server/fixToWorkspaceEdit.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyEdits } from '../../rules/core/text';
import type { Fix } from '../../rules/core/types';
import { fixToWorkspaceEdit, minimalEdit, type EditEnvironment, type EditSupport } from '../../server/fixToWorkspaceEdit';

const FULL: EditSupport = { documentChanges: true, create: true, rename: true };
const NONE: EditSupport = { documentChanges: false, create: false, rename: false };
const dir = path.resolve('/tmp/ws/app');
const target = { uri: pathToFileURL(path.join(dir, 'Dockerfile')).href, version: 7, fsPath: path.join(dir, 'Dockerfile') };
const env = (support: EditSupport, existing: string[] = []): EditEnvironment => ({
  support,
  openVersion: () => null,
  exists: (p) => existing.includes(p),
  read: (p) => (existing.includes(p) ? '' : undefined),
});
const at = (line: number, character: number) => ({ line, character });
const edit = { range: { start: at(1, 4), end: at(1, 11) }, newText: 'ci' };

test('plain text fixes: versioned documentChanges when supported, changes otherwise', () => {
  const fix: Fix = { title: 't', safe: true, edits: [edit] };
  assert.deepEqual(fixToWorkspaceEdit(fix, target, env(FULL)), { documentChanges: [{ textDocument: { uri: target.uri, version: 7 }, edits: [edit] }] });
  assert.deepEqual(fixToWorkspaceEdit(fix, target, env(NONE)), { changes: { [target.uri]: [edit] } });
});

test('other files: created relative to the document folder, renamed, edited; unsupported clients get nothing', () => {
  const fix: Fix = {
    title: 't',
    safe: true,
    edits: [edit],
    otherFiles: [{ path: '.dockerignore', create: 'node_modules\n' }, { path: '../old.txt', renameTo: '../new.txt' }],
  };
  const we = fixToWorkspaceEdit(fix, target, env(FULL))!;
  const ignoreUri = pathToFileURL(path.join(dir, '.dockerignore')).href;
  assert.deepEqual(we.documentChanges, [
    { textDocument: { uri: target.uri, version: 7 }, edits: [edit] },
    { kind: 'create', uri: ignoreUri, options: { ignoreIfExists: true } },
    { textDocument: { uri: ignoreUri, version: null }, edits: [{ range: { start: at(0, 0), end: at(0, 0) }, newText: 'node_modules\n' }] },
    { kind: 'rename', oldUri: pathToFileURL('/tmp/ws/old.txt').href, newUri: pathToFileURL('/tmp/ws/new.txt').href, options: { ignoreIfExists: true } },
  ]);
  assert.equal(fixToWorkspaceEdit(fix, target, env(NONE)), undefined);
  assert.equal(fixToWorkspaceEdit(fix, target, env({ documentChanges: true, create: true, rename: false })), undefined);
  // An existing file is left alone unless the fix overwrites it.
  const existing = fixToWorkspaceEdit({ edits: [], otherFiles: [{ path: '.dockerignore', create: 'x' }] }, target, env(FULL, [path.join(dir, '.dockerignore')]));
  assert.deepEqual(existing, { documentChanges: [] });
  // Untitled documents have no folder to resolve other files against.
  assert.equal(fixToWorkspaceEdit(fix, { uri: 'untitled:Untitled-1', version: 1 }, env(FULL)), undefined);
});

test('minimalEdit turns one text into the other with one small edit', () => {
  const cases: [string, string][] = [
    ['RUN npm install\nRUN npm i\n', 'RUN npm ci\nRUN npm ci\n'],
    ['a\r\nb\r\nc\r\n', 'a\r\nX\r\nb\r\nc\r\n'],
    ['a\r\nb', 'a\nb'],
    ['a\nb', 'a\r\nb'],
    ['x😀y', 'x😁y'],
    ['😀', '😁'],
    ['', 'FROM a\n'],
    ['FROM a\n', ''],
    ['abc', 'abXbc'],
  ];
  for (const [before, after] of cases) {
    const e = minimalEdit(before, after)!;
    assert.equal(applyEdits(before, [e]).text, after, JSON.stringify([before, after, e]));
  }
  assert.equal(minimalEdit('same', 'same'), undefined);
  assert.deepEqual(minimalEdit('FROM a\nRUN npm install\n', 'FROM a\nRUN npm ci\n'), {
    range: { start: at(1, 8), end: at(1, 15) },
    newText: 'ci',
  });
  // Never ends between \r and \n or inside a surrogate pair.
  const crlf = minimalEdit('a\r\nb', 'a\nb')!;
  assert.ok(crlf.range.start.character <= 1 && crlf.range.start.line === 0);
  const emoji = minimalEdit('😀', '😁')!;
  assert.deepEqual(emoji.range, { start: at(0, 0), end: at(0, 2) });
});
