import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, memoryFiles, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('compose-no-new-privileges');

test('flags a service without it on the service name: warning when built, info for a published image', () => {
  const f = t.catchesAt(lines('services:', '  api:', '    build: .', '  db:', '    image: postgres:16'), [
    { line: 1, character: 2, endCharacter: 5 },
    { line: 3, character: 2, endCharacter: 4 },
  ]);
  assert.deepEqual(f.map((x) => x.severity), ['warning', 'info']);
});

test('accepts every spelling, and one from an anchor', () => {
  for (const v of ['no-new-privileges', 'no-new-privileges:true', 'no-new-privileges=true', '"no-new-privileges:true"']) {
    t.catchesNot(lines('services:', '  api:', '    build: .', '    security_opt:', `      - ${v}`));
  }
  t.catchesNot(lines('x-hardened: &hardened', '  security_opt: [no-new-privileges:true]', 'services:', '  api:', '    <<: *hardened', '    build: .'));
});

test('flags no-new-privileges:false at the item and sets it to true', () => {
  t.catchesAt(lines('services:', '  api:', '    build: .', '    security_opt:', '      - no-new-privileges:false'), [{ line: 4, character: 8, endCharacter: 31 }]);
  t.fixes(lines('services:', '  api:', '    build: .', '    security_opt:', '      - no-new-privileges:false'), lines('services:', '  api:', '    build: .', '    security_opt:', '      - no-new-privileges:true'));
});

test('fix: appends to the own list (plan §3.2 shape), keeping comments', () => {
  t.fixes(
    lines('services:', '  api:', '    build: .', '    security_opt:', '      - seccomp:./profile.json  # custom profile', '    cap_drop:', '      - ALL'),
    lines('services:', '  api:', '    build: .', '    security_opt:', '      - seccomp:./profile.json  # custom profile', '      - no-new-privileges:true', '    cap_drop:', '      - ALL'),
  );
});

test('fix: adds the key beside related keys, in a 4-space file with unindented dashes', () => {
  t.fixes(
    lines('services:', '    api:', '        build: .', '        cap_drop:', '        - ALL', '        ports:', '        - "8080:8080"'),
    lines('services:', '    api:', '        build: .', '        cap_drop:', '        - ALL', '        security_opt:', '        - no-new-privileges:true', '        ports:', '        - "8080:8080"'),
  );
});

test('fix: never edits a shared anchor; the service gets its own list repeating the anchor items', () => {
  t.fixes(
    lines('x-common: &common', '  security_opt:', '    - label:type:svc_t', 'services:', '  api:', '    <<: *common', '    build: .', '  web:', '    <<: *common', '    image: nginx:1.27'),
    lines('x-common: &common', '  security_opt:', '    - label:type:svc_t', 'services:', '  api:', '    <<: *common', '    build: .', '    security_opt:', '      - label:type:svc_t', '      - no-new-privileges:true', '  web:', '    <<: *common', '    image: nginx:1.27'),
  );
});

test('fix: flow mapping and empty service', () => {
  t.fixes(lines('services:', '  api: {build: .}'), lines('services:', '  api: {build: ., security_opt: [no-new-privileges:true]}'));
  t.fixes(lines('services:', '  api:', '  db:', '    image: postgres:16', '    security_opt: [no-new-privileges]'), lines('services:', '  api:', '    security_opt:', '      - no-new-privileges:true', '  db:', '    image: postgres:16', '    security_opt: [no-new-privileges]'));
});

test('the fix is unsafe: not part of fix-all', () => {
  const [f] = t.catches(lines('services:', '  api:', '    build: .'));
  assert.equal(f.fixes[0].safe, false);
});

test('bad input', () => {
  t.catchesNot(lines('services:', '  - api'));
  t.catchesNot('services: nope\n');
  t.catches(lines('services:', '  api: nginx'));
});

test('not in override files: their services are partial and get the rest from the base', () => {
  t.catchesNot(lines('services:', '  api:', '    build: .'), { path: '/project/docker-compose.prod.yml' });
  t.catchesNot(lines('services:', '  api:', '    build: .'), { path: '/project/compose.override.yaml' });
  t.catches(lines('services:', '  api:', '    build: .'), { path: '/project/docker-compose.yml' });
});

test('security_opt: !reset is a key already: no fix that would write a second one', () => {
  const [f] = t.catches(lines('x-c: &c', '  security_opt: [label:disable]', 'services:', '  api:', '    <<: *c', '    build: .', '    security_opt: !reset []'));
  assert.deepEqual(f.fixes, []);
});

test('compose.<env>.yaml is an override only beside a base file: an included file is judged on its own', () => {
  const text = lines('services:', '  api:', '    build: .');
  t.catches(text, { path: '/repo/ops/compose.monitoring.yaml', files: memoryFiles({ '/repo/ops/compose.monitoring.yaml': text, '/repo/compose.yaml': 'include: [ops/compose.monitoring.yaml]\n' }) });
  t.catchesNot(text, { path: '/repo/compose.prod.yaml', files: memoryFiles({ '/repo/compose.prod.yaml': text, '/repo/compose.yaml': 'services: {}\n' }) });
});
