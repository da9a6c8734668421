/**
 * `npm run bench`: figures measured side by side in one run, median of several runs,
 * printed as a table and written to bench/results/<date>.json. Not a test: it never
 * fails on a number; the README's performance section says where targets are missed.
 *
 *   (a) engine latency per Dockerfile over the corpus (parse + every rule): p50/p99/max,
 *       and the peer dockerfile-utils `validate` (the validator behind VS Code's Docker
 *       extensions) on the same files, with each one's throughput;
 *   (b) whole-process CLI wall time over the corpus (bundled CLI, `--format json`);
 *   (c) didChange → publishDiagnostics latency and (d) indexing time and server memory,
 *       with the real language server on a generated 500-service monorepo (bench/workspace.ts);
 *   (e) .vsix size (when dist/layerwise.vsix exists);
 *   (f) Compose files: Layerwise against dclint, file by file (bench/compose.ts).
 * Not yet measured: activation time, dclint and `docker buildx build --call=check` peers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { validate } from 'dockerfile-utils';
import { engine } from '../rules';
import { benchWorkspace } from './workspace';
import { benchCompose } from './compose';
import { median, perItem } from './measure';

const root = resolve(__dirname, '..');
const corpus = resolve(process.argv[2] ?? join(root, '..', 'shared', 'corpus'));
const RUNS = 5;

async function main(): Promise<void> {
const dir = join(corpus, 'dockerfiles');
const haveCorpus = existsSync(dir);
if (!haveCorpus) console.log(`bench: no corpus at ${corpus} (pass its path as the first argument): (a) and (b) skipped`);
const files = haveCorpus ? readdirSync(dir).sort().map((f) => join(dir, f)) : [];
const texts = files.map((f) => readFileSync(f, 'utf8'));
// Warm up both (JIT, lazy module loading) before measuring.
texts.forEach((t) => engine.lint('dockerfile', t, '/bench/Dockerfile'));
texts.forEach((t) => validate(t));

const layerwise = haveCorpus ? perItem(texts, (t) => engine.lint('dockerfile', t, '/bench/Dockerfile'), RUNS) : undefined;
const peer = haveCorpus ? perItem(texts, (t) => validate(t), RUNS) : undefined;

let cliSeconds: number | undefined;
const cli = join(root, 'dist', 'cli.js');
if (existsSync(cli) && haveCorpus) {
  const walls: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    try {
      execFileSync(process.execPath, [cli, 'lint', '--format', 'json', '--exit-zero', ...files], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 28 });
    } catch {
      /* findings are not failures here */
    }
    walls.push((performance.now() - t0) / 1000);
  }
  cliSeconds = median(walls);
}
const vsix = join(root, 'dist', 'layerwise.vsix');
const vsixBytes = existsSync(vsix) ? statSync(vsix).size : undefined;

const composeDir = join(corpus, 'compose');
const composeFiles = existsSync(composeDir) ? readdirSync(composeDir).sort().map((f) => join(composeDir, f)).filter((f) => /\.ya?ml$/.test(f)) : [];
const compose = composeFiles.length ? benchCompose(composeFiles, RUNS) : undefined;

const server = join(root, 'dist', 'server.js');
const ws = existsSync(server) ? await benchWorkspace(500) : undefined;

const ms = (x: number) => `${x.toFixed(2)} ms`;
const rows: [string, string, string][] = [];
if (layerwise && peer) {
  rows.push(
    ['(a) Layerwise engine per Dockerfile p50 / p99 / max', `${ms(layerwise.p50)} / ${ms(layerwise.p99)} / ${ms(layerwise.max)}`, 'p99 < 5 ms'],
    ['(a) dockerfile-utils validate p50 / p99 / max', `${ms(peer.p50)} / ${ms(peer.p99)} / ${ms(peer.max)}`, 'peer'],
    ['(a) throughput Layerwise / dockerfile-utils', `${layerwise.filesPerSecond.toFixed(0)} / ${peer.filesPerSecond.toFixed(0)} files/s`, '≥ peer'],
  );
}
if (compose) {
  rows.push(
    [`(f) Compose file, Layerwise p50 / p99 (${compose.files} files)`, `${ms(compose.layerwise.p50)} / ${ms(compose.layerwise.p99)}`, `${compose.layerwise.filesPerSecond.toFixed(0)} files/s`],
    ['(f) Compose file, dclint p50 / p99', `${ms(compose.dclint.p50)} / ${ms(compose.dclint.p99)}`, `peer: ${compose.dclint.filesPerSecond.toFixed(0)} files/s`],
  );
}
if (ws) {
  rows.push(
    [`(d) server start + index, ${ws.services} services (${ws.files} files)`, `${(ws.indexMs / 1000).toFixed(2)} s`, '< 10 s'],
    ['(d) server memory after indexing (RSS)', ws.rssMB === undefined ? 'not on Linux' : `${ws.rssMB.toFixed(0)} MB`, '< 150 MB'],
    ['(c) didChange → diagnostics, p50 / max (with workspace rules)', `${ms(ws.didChangeP50Ms)} / ${ms(ws.didChangeMaxMs)}`, 'p50 < 15 ms'],
  );
}
rows.push(
  ['(b) CLI wall time, whole corpus', cliSeconds === undefined ? 'not built (npm run build) or no corpus' : `${cliSeconds.toFixed(2)} s`, '< 3 s'],
  ['(e) .vsix size', vsixBytes === undefined ? 'not packaged (npm run package)' : `${(vsixBytes / 1024 / 1024).toFixed(2)} MB`, '< 3 MB'],
);
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`bench: ${files.length} Dockerfiles, median of ${RUNS} runs\n`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const out = join(root, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify({ files: files.length, runs: RUNS, layerwise, dockerfileUtils: peer, cliSeconds, compose, workspace: ws, vsixBytes, node: process.version }, null, 2));
console.log(`\nwritten to ${out}`);
}

void main();
