import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, memoryFiles, ruleTester } from '../../helpers/ruleTester';

const t = ruleTester('gha-build-cache-missing');

const head = ['jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: docker/setup-buildx-action@v3'];

test('flags build-push-action without caches on its uses value', () => {
  t.catchesAt(lines(...head, '      - name: Build', '        uses: docker/build-push-action@v6', '        with:', '          tags: ghcr.io/acme/api:latest', '          push: true'), [{ line: 6, character: 14, endCharacter: 41 }]);
});

test('plan §1.4 and §5.2 steps have both caches; cache-from alone (pull-request builds) is fine; run steps are not judged', () => {
  t.catchesNot(
    lines(
      ...head,
      '      - name: Build and push',
      '        uses: docker/build-push-action@v6',
      '        with:',
      '          context: .',
      '          file: services/websocket-ingestion/Dockerfile',
      '          push: true',
      '          tags: user/homeiq-websocket:latest',
      '          cache-from: type=gha',
      '          cache-to: type=gha,mode=max',
    ),
  );
  t.catchesNot(lines(...head, '      - uses: docker/build-push-action@v6', '        with:', '          cache-from: type=gha,scope=api'));
  t.catchesNot(lines(...head, '      - run: docker build -t x .'));
});

test('fix: adds a gha import and a mode=max export next to the tags, scoped by image name, keeping comments', () => {
  t.fixes(
    lines(...head, '      - name: Build', '        uses: docker/build-push-action@v6', '        with:', '          tags: ghcr.io/acme/api:latest  # the image', '          push: true'),
    lines(
      ...head,
      '      - name: Build',
      '        uses: docker/build-push-action@v6',
      '        with:',
      '          tags: ghcr.io/acme/api:latest  # the image',
      '          cache-from: type=gha,scope=api',
      '          cache-to: type=gha,mode=max,scope=api',
      '          push: true',
    ),
  );
});

test('fix: scope from the matrix key the step uses; 4-space indentation kept', () => {
  t.fixes(
    lines('jobs:', '    build:', '        strategy:', '            matrix:', '                service: [api, web]', '        steps:', '            - uses: docker/build-push-action@v6', '              with:', '                  file: services/${{ matrix.service }}/Dockerfile'),
    lines('jobs:', '    build:', '        strategy:', '            matrix:', '                service: [api, web]', '        steps:', '            - uses: docker/build-push-action@v6', '              with:', '                  file: services/${{ matrix.service }}/Dockerfile', '                  cache-from: type=gha,scope=${{ matrix.service }}', '                  cache-to: type=gha,mode=max,scope=${{ matrix.service }}'),
  );
});

test('fix: creates with: after uses, and extends a flow mapping (quoted, commas are flow indicators)', () => {
  t.fixes(
    lines('jobs:', '  j:', '    steps:', '      - id: image', '        uses: docker/build-push-action@v6', '        if: always()'),
    lines('jobs:', '  j:', '    steps:', '      - id: image', '        uses: docker/build-push-action@v6', '        with:', '          cache-from: type=gha,scope=image', '          cache-to: type=gha,mode=max,scope=image', '        if: always()'),
  );
  t.fixes(
    lines('jobs:', '  j:', '    steps:', '      - uses: docker/build-push-action@v6', '        with: { tags: app:1 }'),
    lines('jobs:', '  j:', '    steps:', '      - uses: docker/build-push-action@v6', '        with: { tags: app:1, cache-from: "type=gha,scope=app", cache-to: "type=gha,mode=max,scope=app" }'),
  );
});

test('the gha fix is unsafe (the default docker driver cannot export it); importing an exported cache is safe', () => {
  const [f] = t.catches(lines(...head, '      - uses: docker/build-push-action@v6'));
  assert.equal(f.fixes[0].safe, false);
  const text = lines(...head, '      - uses: docker/build-push-action@v6', '        with:', '          cache-to: type=registry,ref=ghcr.io/acme/cache:api,mode=max');
  const [g] = t.catchesAt(text, [{ line: 5, character: 14, endCharacter: 41 }]);
  assert.equal(g.fixes[0].safe, true);
  t.fixes(text, lines(...head, '      - uses: docker/build-push-action@v6', '        with:', '          cache-to: type=registry,ref=ghcr.io/acme/cache:api,mode=max', '          cache-from: type=registry,ref=ghcr.io/acme/cache:api'));
});

test('bake-action: flagged without cache in set or in its bake files; quiet when either has one', () => {
  const bake = lines('jobs:', '  j:', '    steps:', '      - uses: docker/bake-action@v5', '        with:', '          targets: all');
  const [f] = t.catchesAt(bake, [{ line: 3, character: 14, endCharacter: 35 }]);
  assert.deepEqual(f.fixes, []);
  t.catchesNot(lines('jobs:', '  j:', '    steps:', '      - uses: docker/bake-action@v5', '        with:', '          set: |', '            *.cache-from=type=gha', '            *.cache-to=type=gha,mode=max'));
  t.catchesNot(bake, { files: memoryFiles({ '/project/docker-bake.hcl': 'target "api" {\n  cache-from = ["type=gha,scope=api"]\n}\n' }) });
  t.catches(bake, { files: memoryFiles({ '/project/docker-bake.hcl': 'target "api" {\n  context = "."\n}\n' }) });
});

test('bad input', () => {
  const [f] = t.catches(lines('jobs:', '  j:', '    steps:', '      - uses: docker/build-push-action@v6', '        with: nope'));
  assert.deepEqual(f.fixes, [], 'no second with: key');
  t.catchesNot('jobs: []\n');
});
