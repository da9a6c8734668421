/** The Compose model reads YAML as Compose does: anchors, merge keys, `!reset`, comments, positions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCompose } from '../../../rules/compose/model';
import { composeSupport } from '../../../rules/compose/support';
import { entry, keyValueItems, scalarText, span } from '../../../rules/yaml/nodes';
import { lines } from '../../helpers/ruleTester';

const FILE = lines(
  '# top comment',
  'x-common: &common',
  '  restart: unless-stopped',
  '  security_opt: [no-new-privileges:true]',
  'x-more: &more',
  '  restart: always',
  '  user: "1000"',
  'services:',
  '  api:',
  '    <<: [*common, *more]',
  '    build: ./api',
  '    # layerwise-ignore compose-privileged',
  '    privileged: true',
  '    environment:',
  '      - A=1',
  "      - 'B=two words'",
  '      - C',
  '  db:',
  '    <<: *common',
  '    image: postgres:16',
  '    security_opt: !reset []',
  '    environment: {PGDATA: /data, EMPTY: }',
  '  empty:',
);

test('services in order, built from the workspace or not, empty service has no node', () => {
  const m = parseCompose(FILE, '/p/compose.yaml');
  assert.deepEqual(m.services.map((s) => [s.name, s.built, s.node === null]), [['api', true, false], ['db', false, false], ['empty', false, true]]);
  const api = m.services[0];
  assert.equal(FILE.slice(api.keyStart, api.keyEnd), 'api');
});

test('merge keys: own keys win, earlier sources win over later, inherited is marked', () => {
  const m = parseCompose(FILE, '/p/compose.yaml');
  const [api, db] = m.services;
  const restart = api.get('restart');
  assert.equal(scalarText(restart?.value), 'unless-stopped');
  assert.equal(restart?.inherited, true);
  assert.equal(scalarText(api.get('user')?.value), '1000');
  assert.equal(api.get('build')?.inherited, false);
  // `!reset` removes what the anchor gave.
  assert.equal(db.get('security_opt'), undefined);
  assert.equal(scalarText(db.get('restart')?.value), 'unless-stopped');
});

test('environment in list and map form with exact name and value offsets', () => {
  const m = parseCompose(FILE, '/p/compose.yaml');
  const list = keyValueItems(m.services[0].get('environment')?.value ?? null, FILE);
  assert.deepEqual(list.map((i) => [i.name, i.value, i.form]), [['A', '1', 'list'], ['B', 'two words', 'list'], ['C', undefined, 'list']]);
  assert.equal(FILE.slice(list[1].valueStart, list[1].valueEnd), 'two words');
  assert.equal(FILE.slice(list[1].nameStart, list[1].nameEnd), 'B');
  const map = keyValueItems(m.services[1].get('environment')?.value ?? null, FILE);
  assert.deepEqual(map.map((i) => [i.name, i.value, i.form]), [['PGDATA', '/data', 'map'], ['EMPTY', undefined, 'map']]);
  assert.equal(FILE.slice(map[0].valueStart, map[0].valueEnd), '/data');
});

test('plain() is the file as Compose reads it', () => {
  const m = parseCompose(FILE, '/p/compose.yaml');
  const plain = m.plain() as { services: Record<string, Record<string, unknown>> };
  assert.equal(plain.services.api.restart, 'unless-stopped');
  assert.equal(plain.services.db.security_opt, undefined);
  assert.deepEqual(plain.services.api.security_opt, ['no-new-privileges:true']);
});

test('comments are read from the source, and suppressions attach to the key below', () => {
  const m = parseCompose(FILE, '/p/compose.yaml');
  assert.deepEqual(m.comments.map((c) => [c.line, c.text.trim()]), [[0, 'top comment'], [11, 'layerwise-ignore compose-privileged']]);
  // A finding on the `true` of privileged (line 12) belongs to the statement on line 12.
  assert.equal(composeSupport.statementLine(m, 12), 12);
  // A list item belongs to its key's statement.
  assert.equal(composeSupport.statementLine(m, 15), 13);
  // A `#` inside a quoted string or block scalar is not a comment.
  const m2 = parseCompose(lines('services:', '  a:', '    command: "echo # not a comment"', '    entrypoint: |', '      # not either'), '/p/compose.yaml');
  assert.deepEqual(m2.comments, []);
});

test('syntax errors have positions; duplicate keys are errors as in Compose', () => {
  const m = parseCompose(lines('services:', '  a:', '    image: x', '    image: y'), '/p/compose.yaml');
  assert.equal(m.syntaxErrors.length, 1);
  assert.match(m.syntaxErrors[0].message, /unique/i);
  assert.equal(m.lines.positionAt(m.syntaxErrors[0].start).line, 3);
});

test('bad input never throws: not a mapping, services as a list, alias bombs, deep nesting', () => {
  const texts = [
    '',
    'just a string',
    '- a\n- b\n',
    'services:\n  - web\n',
    'services: 3\n',
    'services:\n  web: nginx\n',
    'services:\n  web: [a, b]\n',
    'a: &a [*a]\n',
    'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n',
    '['.repeat(5000),
    'services:\n  web:\n    <<: *missing\n',
    'services:\n  web:\n    <<: 42\n',
  ];
  for (const t of texts) {
    const m = parseCompose(t, '/p/compose.yaml');
    m.plain();
    m.statements();
    for (const s of m.services) s.get('image');
    assert.ok(m);
  }
  assert.equal(entry(parseCompose('services:\n  web: nginx\n', '/p/c.yaml').services[0].node, 'image'), undefined);
  assert.deepEqual(span(null), undefined);
});
