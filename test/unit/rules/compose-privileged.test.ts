import { test } from 'node:test';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('compose-privileged');

test('flags privileged: true at the key and value, also from an anchor', () => {
  t.catchesAt(lines('services:', '  mon:', '    image: m:1', '    privileged: true'), [{ line: 3, character: 4, endCharacter: 20 }]);
  t.catchesAt(lines('services:', '  mon: {image: m:1, privileged: "true"}'), [{ line: 1, character: 20, endCharacter: 38 }]);
  t.catchesAt(lines('x-p: &p', '  privileged: true', 'services:', '  a:', '    <<: *p', '    image: a:1'), [{ line: 1, character: 2, endCharacter: 18 }]);
});

test('quiet for false, absent, reset and bad input', () => {
  t.catchesNot(lines('services:', '  mon:', '    image: m:1', '    privileged: false'));
  t.catchesNot(lines('services:', '  mon:', '    image: m:1'));
  t.catchesNot(lines('x-p: &p', '  privileged: true', 'services:', '  a:', '    <<: *p', '    privileged: !reset null'));
  t.catchesNot(lines('services:', '  - privileged: true'));
  t.catchesNot('privileged: true\n');
});

test('# layerwise-ignore above the key, and -file at the top, suppress it', () => {
  t.catchesNot(lines('services:', '  mon:', '    image: m:1', '    # layerwise-ignore compose-privileged', '    privileged: true'));
  t.catchesNot(lines('# layerwise-ignore-file compose-privileged', 'services:', '  mon:', '    image: m:1', '    privileged: true'));
  // A comment above another key does not reach it.
  t.catches(lines('services:', '  mon:', '    # layerwise-ignore compose-privileged', '    image: m:1', '    privileged: true'));
});
