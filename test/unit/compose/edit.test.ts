/** Edits in the file's own style: indentation, sequence indentation, quotes, line breaks, flow or block. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCompose } from '../../../rules/compose/model';
import { appendItem, insertEntry, removePair, scalarSource, yamlStyle } from '../../../rules/yaml/edit';
import { applyEdits, type TextEdit } from '../../../rules';
import { entry } from '../../../rules/yaml/nodes';

const apply = (text: string, edit: TextEdit | undefined) => {
  assert.ok(edit, 'no edit');
  return applyEdits(text, [edit]).text;
};

test('style: indentation step, sequence indentation and quotes come from the file', () => {
  assert.deepEqual(yamlStyle(parseCompose('services:\n    web:\n        ports:\n        - "80:80"\n', '/c.yaml')), { indent: 4, seqIndent: 0, quote: '"' });
  assert.deepEqual(yamlStyle(parseCompose("services:\n  web:\n    ports:\n      - '80:80'\n", '/c.yaml')), { indent: 2, seqIndent: 2, quote: "'" });
  assert.deepEqual(yamlStyle(parseCompose('', '/c.yaml')), { indent: 2, seqIndent: 2, quote: '"' });
});

test('insertEntry: after a related key, in a 4-space file with unindented dashes, keeping comments', () => {
  const text = 'services:\n    web:\n        image: nginx  # pinned below\n        ports:\n        - "80:80"\n        # trailing comment\n    db:\n        image: postgres:16\n';
  const m = parseCompose(text, '/c.yaml');
  const web = m.services[0];
  assert.equal(
    apply(text, insertEntry(m, web.node, 'cap_drop', ['ALL'], { after: ['image'] })),
    'services:\n    web:\n        image: nginx  # pinned below\n        cap_drop:\n        - ALL\n        ports:\n        - "80:80"\n        # trailing comment\n    db:\n        image: postgres:16\n',
  );
  // Without a related key it goes after the last key, before the comment that leads into the next service.
  assert.equal(
    apply(text, insertEntry(m, web.node, 'read_only', true)),
    'services:\n    web:\n        image: nginx  # pinned below\n        ports:\n        - "80:80"\n        read_only: true\n        # trailing comment\n    db:\n        image: postgres:16\n',
  );
});

test('insertEntry: nested mappings, a service with no value, a flow mapping, CRLF, no final newline', () => {
  const text = 'services:\n  web:\n  api: {image: app}\n  db:\n    image: postgres:16';
  const m = parseCompose(text, '/c.yaml');
  const [web, api, db] = m.services;
  assert.equal(apply(text, insertEntry(m, web.node, 'logging', { driver: 'json-file', options: { 'max-size': '10m' } }, { parentKey: web.key })), 'services:\n  web:\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n  api: {image: app}\n  db:\n    image: postgres:16');
  assert.equal(apply(text, insertEntry(m, api.node, 'cap_drop', ['ALL'])), 'services:\n  web:\n  api: {image: app, cap_drop: [ALL]}\n  db:\n    image: postgres:16');
  assert.equal(apply(text, insertEntry(m, db.node, 'read_only', true)), 'services:\n  web:\n  api: {image: app}\n  db:\n    image: postgres:16\n    read_only: true\n');
  const crlf = 'services:\r\n  web:\r\n    image: x\r\n';
  const mc = parseCompose(crlf, '/c.yaml');
  assert.equal(apply(crlf, insertEntry(mc, mc.services[0].node, 'tmpfs', ['/tmp'])), 'services:\r\n  web:\r\n    image: x\r\n    tmpfs:\r\n      - /tmp\r\n');
});

test('appendItem: block and flow sequences, quoted siblings keep their quotes', () => {
  const text = "services:\n  web:\n    security_opt:\n      - 'label:type:x'\n    cap_drop: [NET_RAW]\n    cap_add: []\n";
  const m = parseCompose(text, '/c.yaml');
  const web = m.services[0];
  assert.equal(apply(text, appendItem(m, web.get('security_opt')!.value, 'no-new-privileges:true')), "services:\n  web:\n    security_opt:\n      - 'label:type:x'\n      - 'no-new-privileges:true'\n    cap_drop: [NET_RAW]\n    cap_add: []\n");
  assert.equal(apply(text, appendItem(m, web.get('cap_drop')!.value, 'ALL')), "services:\n  web:\n    security_opt:\n      - 'label:type:x'\n    cap_drop: [NET_RAW, ALL]\n    cap_add: []\n");
  assert.equal(apply(text, appendItem(m, web.get('cap_add')!.value, 'CHOWN')), "services:\n  web:\n    security_opt:\n      - 'label:type:x'\n    cap_drop: [NET_RAW]\n    cap_add: [CHOWN]\n");
});

test('removePair: whole lines with their trailing comment, or the flow text with its comma', () => {
  const text = 'version: "3.8"  # old\nservices:\n  web: {image: x, version: 1, read_only: true}\n';
  const m = parseCompose(text, '/c.yaml');
  assert.equal(apply(text, removePair(m, m.root!, entry(m.root, 'version')!.pair)), 'services:\n  web: {image: x, version: 1, read_only: true}\n');
  const web = m.services[0];
  assert.equal(apply(text, removePair(m, web.node!, web.get('version')!.pair)), 'version: "3.8"  # old\nservices:\n  web: {image: x, read_only: true}\n');
});

test('scalarSource quotes only what YAML would read differently', () => {
  assert.equal(scalarSource('no-new-privileges:true', '"'), 'no-new-privileges:true');
  assert.equal(scalarSource('/run/secrets/db', '"'), '/run/secrets/db');
  assert.equal(scalarSource('true', '"'), '"true"');
  assert.equal(scalarSource('0.50', "'"), "'0.50'");
  assert.equal(scalarSource('10m', '"'), '10m');
  assert.equal(scalarSource('1_000', '"'), '"1_000"');
  assert.equal(scalarSource('1:30', '"'), '"1:30"');
  assert.equal(scalarSource('1e3', '"'), '"1e3"');
  assert.equal(scalarSource('a: b', "'"), "'a: b'");
  assert.equal(scalarSource("it's", "'"), "'it''s'");
  assert.equal(scalarSource('#x', '"'), '"#x"');
  assert.equal(scalarSource('', '"'), '""');
});
