import { test } from 'node:test';
import { PLAN_3_2 } from '../../fixtures/planExamples';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('compose-unconfined');

test('flags the plan §3.2 example at seccomp:unconfined', () => {
  const plan = PLAN_3_2;
  const [f] = t.catchesAt(plan, [{ line: 5, character: 8, endCharacter: 26 }]);
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /seccomp:\.\/profile\.json/);
  assert.deepEqual(f.fixes, []);
});

test('flags every unconfined spelling at the item, warning even for a published image', () => {
  const f = t.catchesAt(
    lines('services:', '  db:', '    image: postgres:16', '    security_opt:', '      - seccomp=unconfined', '      - apparmor:unconfined', '      - "apparmor=unconfined"', '      - label:disable', '      - label=disable', '      - systempaths=unconfined'),
    [
      { line: 4, character: 8, endCharacter: 26 },
      { line: 5, character: 8, endCharacter: 27 },
      { line: 6, character: 8, endCharacter: 29 },
      { line: 7, character: 8, endCharacter: 21 },
      { line: 8, character: 8, endCharacter: 21 },
      { line: 9, character: 8, endCharacter: 30 },
    ],
  );
  assert.ok(f.every((x) => x.severity === 'warning'));
  t.catchesAt(lines('services:', '  api: {build: ., security_opt: [seccomp:unconfined]}'), [{ line: 1, character: 33, endCharacter: 51 }]);
});

test('flags an unconfined option coming from an anchor, at the anchor, for each service using it', () => {
  const f = t.catchesAt(lines('x-loose: &loose', '  security_opt: [apparmor:unconfined]', 'services:', '  a:', '    <<: *loose', '    build: .', '  b:', '    <<: *loose', '    build: .'), [
    { line: 1, character: 17, endCharacter: 36 },
    { line: 1, character: 17, endCharacter: 36 },
  ]);
  assert.match(f[0].message, /"a"/);
  assert.match(f[1].message, /"b"/);
});

test('stays quiet on confined services, custom profiles and labels', () => {
  t.catchesNot(lines('services:', '  api:', '    build: .', '    security_opt:', '      - no-new-privileges:true', '      - seccomp:./profile.json', '      - apparmor:docker-default', '      - label:type:svc_t', '      - label=level:s0:c100,c200'));
  t.catchesNot(lines('services:', '  api: {build: ., security_opt: [no-new-privileges]}'));
  t.catchesNot(lines('x-loose: &loose', '  security_opt: [seccomp:unconfined]', 'services:', '  api:', '    <<: *loose', '    build: .', '    security_opt: !reset []'));
  t.catchesNot(lines('x-loose: &loose', '  security_opt: [seccomp:unconfined]', 'services:', '  api:', '    <<: *loose', '    build: .', '    security_opt: [no-new-privileges:true]'));
  // Not an option name Docker knows: nothing to say.
  t.catchesNot(lines('services:', '  api:', '    build: .', '    security_opt: [unconfined, seccomp, constructor, "toString=unconfined"]'));
});

test('bad input does not throw', () => {
  t.catchesNot(lines('services:', '  - api'));
  t.catchesNot('services: nope\n');
  t.catchesNot(lines('services:', '  api: nginx'));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    security_opt: seccomp:unconfined'));
  t.catchesNot(lines('services:', '  api:', '    build: .', '    security_opt: [{a: b}, 1, null]'));
});
