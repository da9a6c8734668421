import { test } from 'node:test';
import { lines, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('compose-syntax');

test('reports YAML errors where the parser found them', () => {
  t.catchesAt(lines('services:', '  web:', '    image: nginx:1.27', '    image: nginx:1.26'), [{ line: 3, character: 4, endCharacter: 9 }]);
  const [f] = t.catches(lines('services:', '  web:', '    ports: [80:80', '  db:', '    image: postgres:16'));
  if (!/flow|\]/i.test(f.message)) throw new Error(`unclear message: ${f.message}`);
  t.catches(lines('services:', '\tweb:', '\t\timage: x'));
});

test('quiet on valid files, anchors and Compose tags', () => {
  t.catchesNot(lines('x-c: &c', '  restart: always', 'services:', '  web:', '    <<: *c', '    image: nginx:1.27', '    ports: !reset []', '    environment: !override', '      A: "1"'));
  t.catchesNot('');
  t.catchesNot('# only a comment\n');
});
