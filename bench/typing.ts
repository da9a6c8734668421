/**
 * Bench (c) as the issue states it: the real language server over stdio, a 300-line
 * Dockerfile (several stages, long continued RUNs, comments) in a small service folder
 * with a Compose file and a .dockerignore (so the workspace rules run too), edited one
 * character at a time, `lintDelay: 0` (no debounce). Each keystroke is one incremental
 * didChange; its latency is the time until the diagnostics for that version arrive.
 * The next keystroke is sent only then, so every figure is one full lint.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspTestClient, uriOf } from '../test/protocol/lspClient';

export interface TypingBench {
  lines: number;
  keystrokes: number;
  p50: number;
  p99: number;
  max: number;
}

/** A 300-line Dockerfile of the kind a monorepo service has (builder, tests, runtime stages). */
export function dockerfile300(): string {
  const out = ['# syntax=docker/dockerfile:1', 'ARG PYTHON_VERSION=3.12', ''];
  let stage = 0;
  while (out.length < 280) {
    const name = `stage${stage}`;
    out.push(`# ---- ${name}: dependencies and build ----`, `FROM python:\${PYTHON_VERSION}-slim AS ${name}`, 'WORKDIR /app', 'ENV PYTHONDONTWRITEBYTECODE=1 \\', '    PYTHONUNBUFFERED=1');
    out.push('RUN apt-get update && \\', '    apt-get install -y --no-install-recommends \\');
    for (const pkg of ['build-essential', 'curl', 'git', 'libpq-dev', 'libffi-dev', 'pkg-config']) out.push(`      ${pkg} \\`);
    out.push('    && rm -rf /var/lib/apt/lists/*', `COPY services/app${stage}/requirements.txt .`);
    out.push('RUN --mount=type=cache,target=/root/.cache/pip \\', '    pip install -r requirements.txt');
    for (let i = 0; i < 6; i++) out.push(`COPY services/app${stage}/src/module${i}/ ./src/module${i}/`);
    out.push('RUN python -m compileall -q src', `LABEL org.opencontainers.image.title="app${stage}"`, 'USER 10001', 'HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8080/health || exit 1', 'EXPOSE 8080', '');
    stage++;
  }
  out.push('FROM python:${PYTHON_VERSION}-slim AS runtime', 'WORKDIR /app', `COPY --from=stage${stage - 1} /app /app`, 'USER 10001', 'CMD ["python", "-m", "src"]');
  while (out.length < 300) out.push('# padding comment line');
  return out.slice(0, 300).join('\n') + '\n';
}

const TYPED = 'RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir flask gunicorn';

export async function benchTyping(): Promise<TypingBench> {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-bench-typing-')));
  const file = path.join(root, 'Dockerfile');
  const text = dockerfile300();
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(root, 'docker-compose.yml'), 'services:\n  app:\n    build: .\n    image: example/app:dev\n');
  fs.writeFileSync(path.join(root, '.dockerignore'), '**/.git\n**/__pycache__\n');
  const client = await LspTestClient.start({ root, settings: { enable: true, lintDelay: 0, languageFeatures: { enable: true }, rules: {} } });
  try {
    await client.waitFor('the index', () => client.logs.some((l) => l.startsWith('Indexed the workspace')), 60_000);
    const uri = uriOf(file);
    await client.open(uri, text);
    await client.diagnosticsFor(uri, () => true, 1);
    // Type a new line before the runtime stage, one character per didChange.
    const line = text.split('\n').findIndex((l) => l.startsWith('FROM python:${PYTHON_VERSION}-slim AS runtime'));
    let v = await client.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\n' }]);
    await client.diagnosticsFor(uri, () => true, v);
    const times: number[] = [];
    for (let rounds = 0; rounds < 3; rounds++) {
      for (let i = 0; i < TYPED.length; i++) {
        const start = performance.now();
        v = await client.change(uri, [{ range: { start: { line, character: i }, end: { line, character: i } }, text: TYPED[i] }]);
        await client.diagnosticsFor(uri, () => true, v);
        times.push(performance.now() - start);
      }
      // Delete it again, one character at a time from the end (Backspace).
      for (let i = TYPED.length; i > 0; i--) {
        const start = performance.now();
        v = await client.change(uri, [{ range: { start: { line, character: i - 1 }, end: { line, character: i } }, text: '' }]);
        await client.diagnosticsFor(uri, () => true, v);
        times.push(performance.now() - start);
      }
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    return { lines: text.split('\n').length - 1, keystrokes: times.length, p50: at(0.5), p99: at(0.99), max: times[times.length - 1] };
  } finally {
    // A clean exit (a --cpu-prof profile is written only then), then make sure.
    await client.shutdown().catch(() => undefined);
    client.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchTyping().then((r) => console.log(JSON.stringify(r)));
}
