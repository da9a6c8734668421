/**
 * Bench (c) and (d) with the real language server over stdio, on a generated
 * monorepo of N services (a root Compose file building each with the repository root
 * as context, a bake file, a matrix workflow, a .dockerignore per service):
 *   (d) time from `initialized` to the "Indexed the workspace" log, and the server's
 *       resident memory after indexing (Linux: /proc/<pid>/status VmRSS);
 *   (c) didChange → publishDiagnostics latency on one service's Dockerfile, with the
 *       workspace rules running (median of several edits).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspTestClient, uriOf } from '../test/protocol/lspClient';

export interface WorkspaceBench {
  services: number;
  files: number;
  indexMs: number;
  rssMB?: number;
  didChangeP50Ms: number;
  didChangeMaxMs: number;
}

const lines = (...l: string[]) => l.join('\n') + '\n';

function generate(root: string, services: number): number {
  let files = 0;
  const write = (rel: string, text: string) => {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    files++;
  };
  const compose = ['services:'];
  const bake = ['group "default" {', `  targets = [${Array.from({ length: services }, (_, i) => `"svc${i}"`).join(', ')}]`, '}'];
  for (let i = 0; i < services; i++) {
    const dir = `services/svc${i}`;
    write(`${dir}/Dockerfile`, lines('# syntax=docker/dockerfile:1', `FROM python:3.12-alpine AS base`, 'WORKDIR /app', `COPY ${dir}/requirements.txt .`, 'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt', `COPY ${dir}/src/ ./src/`, 'COPY libs/shared/ ./shared/', 'USER 10001', 'CMD ["python", "-m", "src"]'));
    write(`${dir}/requirements.txt`, 'flask==3.0.3\n');
    for (let f = 0; f < 5; f++) write(`${dir}/src/module${f}.py`, `VALUE = ${f}\n`.repeat(20));
    write(`${dir}/tests/test_app.py`, 'def test_ok():\n    assert True\n');
    compose.push(`  svc${i}:`, '    build:', '      context: .', `      dockerfile: ${dir}/Dockerfile`, `    image: example/svc${i}:dev`);
    bake.push(`target "svc${i}" {`, '  context = "."', `  dockerfile = "${dir}/Dockerfile"`, '  cache-from = ["type=gha"]', '  cache-to = ["type=gha,mode=max"]', '}');
  }
  write('libs/shared/__init__.py', '\n');
  write('docker-compose.yml', compose.join('\n') + '\n');
  write('docker-bake.hcl', bake.join('\n') + '\n');
  write('.dockerignore', lines('**/.git', '**/__pycache__', '**/*.pyc', '**/.env'));
  write('.github/workflows/build.yml', lines('on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    strategy:', '      matrix:', '        service: [svc0, svc1]', '    steps:', '      - uses: actions/checkout@v4', '      - uses: docker/setup-buildx-action@v3', '      - uses: docker/build-push-action@v6', '        with:', '          context: .', '          file: services/${{ matrix.service }}/Dockerfile', '          cache-from: type=gha,scope=${{ matrix.service }}', '          cache-to: type=gha,mode=max,scope=${{ matrix.service }}'));
  return files;
}

function rssMB(pid: number | undefined): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function benchWorkspace(services = 500, edits = 9): Promise<WorkspaceBench> {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-bench-ws-')));
  const files = generate(root, services);
  const t0 = performance.now();
  const client = await LspTestClient.start({ root, settings: { enable: true, lintDelay: 0, languageFeatures: { enable: false }, rules: {} } });
  try {
    await client.waitFor('the index', () => client.logs.some((l) => l.startsWith('Indexed the workspace')), 300_000);
    const indexMs = performance.now() - t0;
    const rss = rssMB(client.proc.pid);
    const file = path.join(root, 'services/svc7/Dockerfile');
    const uri = uriOf(file);
    const text = fs.readFileSync(file, 'utf8');
    await client.open(uri, text);
    await client.diagnosticsFor(uri, () => true, 1);
    const times: number[] = [];
    for (let i = 0; i < edits; i++) {
      const start = performance.now();
      const v = await client.replaceAll(uri, text + `# edit ${i}\n`);
      await client.diagnosticsFor(uri, () => true, v);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return { services, files, indexMs, rssMB: rss, didChangeP50Ms: times[Math.floor(times.length / 2)], didChangeMaxMs: times[times.length - 1] };
  } finally {
    client.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
