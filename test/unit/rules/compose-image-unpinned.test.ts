import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, ruleTester } from '../../helpers/ruleTester';
import { imagePinning } from '../../../rules/compose/knowledge/imageRef';

const t = ruleTester('compose-image-unpinned');

test('flags an image with no tag or latest, on the value, as a warning with no fix', () => {
  const f = t.catchesAt(lines('services:', '  db:', '    image: postgres', '  cache:', '    image: "redis:latest"  # quoted'), [
    { line: 2, character: 11, endCharacter: 19 },
    { line: 4, character: 11, endCharacter: 25 },
  ]);
  assert.deepEqual(f.map((x) => x.severity), ['warning', 'warning']);
  assert.deepEqual(f.map((x) => x.fixes), [[], []]);
  assert.match(f[0].message, /"postgres" has no tag/);
  assert.match(f[1].message, /uses the "latest" tag/);
});

test('registries, ports and paths: a port is not a tag', () => {
  for (const image of ['ghcr.io/org/app', 'localhost:5000/app', 'registry.example.com:443/team/app:latest', 'library/nginx']) {
    t.catchesAt(lines('services:', '  app:', `    image: ${image}`), [{ line: 2, character: 11, endCharacter: 11 + image.length }]);
  }
  t.catchesAt(lines('services:', '    app: {image: localhost:5000/app}'), [{ line: 1, character: 17, endCharacter: 35 }]);
});

test('interpolation: a latest or tagless default is flagged, an unknown tag is not', () => {
  const f = t.catchesAt(lines('services:', '  app:', '    image: "app:${TAG:-latest}"'), [{ line: 2, character: 11, endCharacter: 31 }]);
  assert.match(f[0].message, /falls back to "latest"/);
  t.catches(lines('services:', '  app:', '    image: ${REGISTRY:-docker.io}/app'));
  t.catches(lines('services:', '  app:', '    image: ${REGISTRY}/postgres'));
  t.catches(lines('services:', '  app:', '    image: ${IMAGE:-postgres}'));
  for (const image of ['${IMAGE}', 'app:${TAG}', 'app:${TAG:?set TAG}', 'org/${NAME}', '${IMAGE:-postgres:16}', 'app:${TAG:-1.4}', 'app:${TAG:-}']) {
    t.catchesNot(lines('services:', '  app:', `    image: "${image}"`));
  }
});

test('quiet for tags, digests, built images, anchors providing build, extends and !reset', () => {
  for (const image of ['postgres:16.4-alpine', 'postgres@sha256:0123abcd', 'postgres:latest@sha256:0123abcd', 'localhost:5000/app:1.2']) {
    t.catchesNot(lines('services:', '  app:', `    image: ${image}`));
  }
  t.catchesNot(lines('services:', '  api:', '    build: .', '    image: ghcr.io/org/api'));
  t.catchesNot(lines('services:', '  api: {build: {context: .}, image: "org/api:latest"}'));
  t.catchesNot(lines('x-build: &build', '  build: .', 'services:', '  api:', '    <<: *build', '    image: org/api'));
  t.catchesNot(lines('services:', '  api:', '    extends: {file: base.yaml, service: api}', '    image: org/api'));
  t.catchesNot(lines('x-img: &img', '  image: postgres', 'services:', '  db:', '    <<: *img', '    image: !reset', '    build: .'));
});

test('an image from an anchor is flagged where it is written', () => {
  t.catchesAt(lines('x-img: &img', '  image: postgres', 'services:', '  db:', '    <<: *img'), [{ line: 1, character: 9, endCharacter: 17 }]);
});

test('imagePinning', () => {
  assert.deepEqual(imagePinning('postgres'), { pin: 'none', fromDefault: false });
  assert.deepEqual(imagePinning('localhost:5000/app'), { pin: 'none', fromDefault: false });
  assert.deepEqual(imagePinning('app:${TAG-latest}'), { pin: 'latest', fromDefault: true });
  assert.deepEqual(imagePinning('app:${TAG:-${DEFAULT_TAG:-latest}}'), { pin: 'latest', fromDefault: true });
  assert.deepEqual(imagePinning('${REGISTRY:-ghcr.io}/app'), { pin: 'none', fromDefault: false });
  assert.deepEqual(imagePinning('app:$${X}'), { pin: 'tag', fromDefault: false });
  assert.deepEqual(imagePinning('app@${DIGEST}'), { pin: 'digest', fromDefault: false });
  assert.deepEqual(imagePinning('app:${TAG:+x}'), { pin: 'unknown', fromDefault: false });
});

test('bad input does not throw', () => {
  t.catchesNot(lines('services:', '  - api'));
  t.catchesNot('services: nope\n');
  t.catchesNot(lines('services:', '  a: just-a-string', '  b: [1, 2]', '  c:', '  d:', '    image:', '  e:', '    image: [x]', '  f:', '    image: 42', '  g:', '    image: ""'));
});

test('not in override files: the base may build the image this names', () => {
  t.catchesNot('services:\n  api:\n    image: registry.example/api\n', { path: '/project/docker-compose.prod.yml' });
});
