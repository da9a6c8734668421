/**
 * Property-based robustness of the engine (fast-check): Dockerfiles built from real
 * instruction fragments, then mutated (inserted characters, deleted or swapped lines,
 * truncation, random bytes, huge lines). For every input: no exception, no rule
 * error, and fix-all settles: the text it produces parses, and fixing it again
 * changes nothing. Timing belongs to `npm run bench`; the generous per-test timeout
 * only catches runaway work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { engine, fixAll } from '../../rules';

const FRAGMENTS = [
  '# syntax=docker/dockerfile:1',
  '# escape=`',
  'ARG PY=3.12',
  'FROM python:${PY}-alpine AS base',
  'FROM node:22 AS build',
  'FROM base AS production',
  'FROM scratch',
  'WORKDIR /app',
  'ENV PYTHONUNBUFFERED=1 HOME=/home/app',
  'USER appuser',
  'USER 0',
  'COPY . .',
  'COPY package*.json ./',
  'COPY --from=build /app/dist /srv',
  'COPY requirements.txt .',
  'ADD https://example.invalid/x.tgz /tmp/',
  'RUN pip install --no-cache-dir -r requirements.txt',
  'RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r requirements.txt',
  'RUN --mount=type=cache,target=/root/.npm npm ci && npm cache clean --force',
  'RUN npm install',
  'RUN apk add --no-cache gcc musl-dev curl',
  'RUN apt-get update && apt-get install -y build-essential && rm -rf /var/lib/apt/lists/*',
  'RUN pip install flask>=2.0 "django<5"',
  'RUN chown -R appuser:appgroup /app',
  'RUN addgroup -S app && adduser -S -G app app',
  'RUN <<EOF\napk add vim\nEOF',
  'RUN ["pip", "install", "x"]',
  'RUN go mod download && go build -o /out ./...',
  'RUN echo a \\\n  # comment\n  && pip install y',
  'EXPOSE 8000',
  'HEALTHCHECK --interval=2s CMD curl -f http://localhost:9000/ || exit 1',
  'HEALTHCHECK NONE',
  'CMD ["uvicorn", "app:app", "--reload"]',
  'ENTRYPOINT ["gosu", "app", "python"]',
  'ENV API_TOKEN=abc123',
  'ARG NPM_TOKEN',
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), n: fc.integer({ min: 1000, max: 20000 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.kind) {
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'bytes': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + String.fromCharCode(...m.bytes) + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'swap': {
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'delete':
      lines.splice(m.at % lines.length, 1);
      return lines.join('\n');
    case 'huge': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + 'x'.repeat(m.n) + text.slice(at);
    }
  }
}

const dockerfile = fc
  .tuple(fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 14 }), fc.array(mutation, { maxLength: 4 }), fc.boolean())
  .map(([parts, mutations, crlf]) => {
    const text = mutations.reduce(apply, parts.join('\n') + '\n');
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

test('any Dockerfile-like text: no exception, and fix-all settles', { timeout: 300_000 }, () => {
  fc.assert(
    fc.property(dockerfile, (text) => {
      const errors: string[] = [];
      const onRuleError = (id: string, e: unknown) => errors.push(`${id}: ${e instanceof Error ? e.stack : String(e)}`);
      const path = '/prop/Dockerfile';
      const linted = engine.lint('dockerfile', text, path, { onRuleError });
      assert.ok(linted);
      const fixed = fixAll(engine, 'dockerfile', text, path, { unsafe: true, onRuleError });
      assert.ok(engine.parse('dockerfile', fixed.text, path), 'the fixed text parses');
      const again = fixAll(engine, 'dockerfile', fixed.text, path, { unsafe: true, onRuleError, maxPasses: 1 });
      assert.equal(again.text, fixed.text, 'fixing the fixed text again changes nothing');
      assert.equal(errors.join('\n'), '', 'no rule may throw');
    }),
    { numRuns: 1000, seed: Number(process.env.LAYERWISE_PROPERTY_SEED ?? 20261127) },
  );
});

/** Service bodies (4-space keys under a 2-space service name), anchors and top-level keys. */
const COMPOSE_KEYS = [
  '    build: .',
  '    image: postgres',
  '    image: nginx:1.27',
  '    <<: *common',
  '    privileged: true',
  '    read_only: true',
  '    read_only: false',
  '    security_opt:\n      - seccomp:unconfined\n      - no-new-privileges:false',
  '    security_opt: [apparmor=unconfined]',
  '    cap_drop: [NET_RAW]',
  '    cap_add:\n      - NET_BIND_SERVICE  # low ports',
  '    environment:\n      - DB_PASSWORD=changeme\n      - API_TOKEN=${TOKEN:-dev}\n      - LOG_LEVEL=info',
  '    environment:\n      SECRET_KEY: "s3cret"\n      PASSWORD_FILE: /run/secrets/pw',
  '    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - type: bind\n        source: /run/docker.sock\n        target: /sock',
  '    network_mode: host',
  '    pid: "host"',
  '    depends_on:\n      - db\n      - cache',
  '    depends_on: [db]',
  '    healthcheck:\n      test: ["CMD", "pg_isready"]\n      interval: 10s',
  '    logging:\n      driver: json-file',
  '    mem_limit: 256m\n    mem_reservation: 1g',
  '    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n          memory: 128M\n        reservations:\n          memory: 1G',
  '    secrets:\n      - db_password',
  '    tmpfs: /tmp',
  '    ports: !reset []',
  '    # a comment line',
  '    x-note: anything',
];
const COMPOSE_TOP = ['version: "3.8"', 'x-common: &common\n  restart: unless-stopped\n  security_opt: [no-new-privileges:true]', 'secrets:\n  db_password:\n    file: ./secrets/db.txt', 'name: demo'];

const composeFile = fc
  .tuple(
    fc.subarray(COMPOSE_TOP),
    fc.array(fc.tuple(fc.constantFrom('db', 'cache', 'api', 'web'), fc.array(fc.constantFrom(...COMPOSE_KEYS), { maxLength: 8 })), { minLength: 1, maxLength: 4 }),
    fc.array(mutation, { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([top, services, mutations, crlf]) => {
    const body = services.map(([name, keys]) => [`  ${name}:`, ...keys].join('\n')).join('\n');
    const text = mutations.reduce(apply, [...top, 'services:', body].join('\n') + '\n');
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

test('any Compose-like text: no exception, fix-all settles, and fixes never break valid YAML', { timeout: 300_000 }, () => {
  fc.assert(
    fc.property(composeFile, (text) => {
      const errors: string[] = [];
      const onRuleError = (id: string, e: unknown) => errors.push(`${id}: ${e instanceof Error ? e.stack : String(e)}`);
      const path = '/prop/compose.yaml';
      const linted = engine.lint('compose', text, path, { onRuleError });
      assert.ok(linted);
      const validBefore = !linted.findings.some((f) => f.ruleId === 'compose-syntax');
      const fixed = fixAll(engine, 'compose', text, path, { unsafe: true, onRuleError });
      const after = engine.lint('compose', fixed.text, path, { onRuleError });
      if (validBefore) assert.deepEqual(after?.findings.filter((f) => f.ruleId === 'compose-syntax').map((f) => f.message), [], `the fixes broke the YAML:\n${fixed.text}`);
      const again = fixAll(engine, 'compose', fixed.text, path, { unsafe: true, onRuleError, maxPasses: 1 });
      assert.equal(again.text, fixed.text, 'fixing the fixed text again changes nothing');
      assert.equal(errors.join('\n'), '', 'no rule may throw');
    }),
    { numRuns: 500, seed: Number(process.env.LAYERWISE_PROPERTY_SEED ?? 20261127) },
  );
});

/** .dockerignore lines: comments, exceptions, root-only and `**` patterns, inline comments, odd characters. */
const IGNORE_LINES = ['# comment', '.git', '**/.git', '__pycache__/', '**/__pycache__', '*.py[cod]', '!README.md', 'node_modules', 'models/  # keep', '  # indented', '/abs/path', '../up', '.', '!', '[a-', 'c++/', '**', '*', '!**/*.md', 'dist/*.whl', '\\*literal'];
const ignoreFile = fc
  .tuple(fc.array(fc.constantFrom(...IGNORE_LINES), { minLength: 1, maxLength: 12 }), fc.array(mutation, { maxLength: 3 }), fc.boolean())
  .map(([parts, mutations, crlf]) => {
    const text = mutations.reduce(apply, parts.join('\n') + '\n');
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

/** Workflow steps: build-push-action with caches, setup actions, run scripts with docker build. */
const WORKFLOW_STEPS = [
  '      - uses: actions/checkout@v4',
  '      - uses: docker/setup-buildx-action@master',
  '      - uses: docker/setup-qemu-action@v3',
  '      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: services/api/Dockerfile\n          platforms: linux/amd64,linux/arm64\n          tags: acme/api:ci\n          cache-from: type=gha\n          cache-to: type=gha,mode=max',
  '      - uses: docker/build-push-action@v6\n        with:\n          push: false\n          tags: acme/web:${{ matrix.service }}',
  '      - run: docker run --rm acme/web:ci true',
  '      - run: |\n          docker buildx build --cache-to type=gha,mode=max -f Dockerfile .',
  '      - uses: aquasecurity/trivy-action@0.28.0\n        with:\n          image-ref: acme/api:ci',
  '      - uses: actions/setup-python@v5\n        with:\n          python-version: "3.11"',
  '      - name: weird\n        uses: ./local-action',
];
const workflowFile = fc
  .tuple(fc.array(fc.constantFrom(...WORKFLOW_STEPS), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.array(mutation, { maxLength: 3 }))
  .map(([steps, matrix, mutations]) => {
    const head = ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', ...(matrix ? ['    strategy:', '      matrix:', '        service: [api, web]'] : []), '    steps:'];
    return mutations.reduce(apply, [...head, ...steps].join('\n') + '\n');
  });

for (const [name, kind, path, arbitrary] of [
  ['.dockerignore', 'dockerignore', '/prop/.dockerignore', ignoreFile],
  ['workflow', 'workflow', '/prop/.github/workflows/ci.yml', workflowFile],
] as const) {
  test(`any ${name}-like text: no exception, and fix-all settles`, { timeout: 300_000 }, () => {
    fc.assert(
      fc.property(arbitrary, (text) => {
        const errors: string[] = [];
        const onRuleError = (id: string, e: unknown) => errors.push(`${id}: ${e instanceof Error ? e.stack : String(e)}`);
        assert.ok(engine.lint(kind, text, path, { onRuleError }));
        const fixed = fixAll(engine, kind, text, path, { unsafe: true, onRuleError });
        const again = fixAll(engine, kind, fixed.text, path, { unsafe: true, onRuleError, maxPasses: 1 });
        assert.equal(again.text, fixed.text, 'fixing the fixed text again changes nothing');
        assert.equal(errors.join('\n'), '', 'no rule may throw');
      }),
      { numRuns: 500, seed: Number(process.env.LAYERWISE_PROPERTY_SEED ?? 20261127) },
    );
  });
}
