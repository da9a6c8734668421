/**
 * `npm run bench`: figures measured side by side in one run, median of several runs,
 * printed as a table and written to bench/results/<date>.json. Not a test: it never
 * fails on a number; the README's performance section says where targets are missed.
 *
 *   (a) engine latency per Dockerfile over the corpus (parse + every rule; the engine as
 *       bundled for the server and CLI, bench/shippedEngine.ts): p50/p99/max,
 *       and the peer dockerfile-utils `validate` (the validator behind VS Code's Docker
 *       extensions) on the same files, with each one's throughput,
 *       and `docker buildx build --call=check` when an engine that has it runs (bench/buildxCheck.ts);
 *   (b) whole-process CLI wall time over the corpus (bundled CLI, `--format json`);
 *   (c) didChange → publishDiagnostics latency, a 300-line Dockerfile typed a character at
 *       a time with no debounce (bench/typing.ts);
 *   (d) indexing time and server memory with the real language server on a generated
 *       500-service monorepo (bench/workspace.ts);
 *   (e) activation time in a real workbench (bench/activation.ts) and .vsix size;
 *   (f) Compose files: Layerwise against dclint, file by file (bench/compose.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { shippedEngine } from './shippedEngine';
import { benchWorkspace } from './workspace';
import { benchCompose } from './compose';
import { benchTyping } from './typing';
import { benchActivation } from './activation';
import { benchBuildxCheck } from './buildxCheck';
import { median, perItem, type PerItem } from './measure';

const root = resolve(__dirname, '..');
const corpus = resolve(process.argv[2] ?? join(root, '..', 'shared', 'corpus'));
const RUNS = 5;

async function main(): Promise<void> {
const engine = shippedEngine();
const dir = join(corpus, 'dockerfiles');
const haveCorpus = existsSync(dir);
if (!haveCorpus) console.log(`bench: no corpus at ${corpus} (pass its path as the first argument): (a) and (b) skipped`);
const files = haveCorpus ? readdirSync(dir).sort().map((f) => join(dir, f)) : [];
const texts = files.map((f) => readFileSync(f, 'utf8'));
// Warm up (JIT, lazy module loading) before measuring.
texts.forEach((t) => engine.lint('dockerfile', t, '/bench/Dockerfile'));

const layerwise = haveCorpus ? perItem(texts, (t) => engine.lint('dockerfile', t, '/bench/Dockerfile'), RUNS) : undefined;
// The peer in its own process (see bench/dockerfileUtilsPeer.ts); the file list goes by argv.
const peer: PerItem | undefined = haveCorpus
  ? (JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'dockerfileUtilsPeer.ts'), String(RUNS), ...files], { encoding: 'utf8', maxBuffer: 1 << 26 })) as PerItem)
  : undefined;

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
const compose = composeFiles.length ? benchCompose(engine, composeFiles, RUNS) : undefined;

const server = join(root, 'dist', 'server.js');
const ws = existsSync(server) ? await benchWorkspace(500) : undefined;
const typing = existsSync(server) ? await benchTyping() : undefined;
// A process and a BuildKit solve per file (~0.4 s): one run over 100 files spread over the
// corpus unless LAYERWISE_BENCH_CHECK_FILES says otherwise (see bench/buildxCheck.ts).
process.env.LAYERWISE_BENCH_CHECK_FILES ??= '100';
const check = haveCorpus ? await benchBuildxCheck(files, 1) : undefined;
// A fresh workbench per run (each takes about half a minute); startup contention makes it noisy.
const activation = process.env.LAYERWISE_BENCH_ACTIVATION === '0' ? { skip: 'LAYERWISE_BENCH_ACTIVATION=0' } : await benchActivation(RUNS);

const ms = (x: number) => `${x.toFixed(2)} ms`;
const rows: [string, string, string][] = [];
if (layerwise && peer) {
  rows.push(
    ['(a) Layerwise engine per Dockerfile p50 / p99 / max', `${ms(layerwise.p50)} / ${ms(layerwise.p99)} / ${ms(layerwise.max)}`, 'p99 < 5 ms'],
    ['(a) dockerfile-utils validate p50 / p99 / max', `${ms(peer.p50)} / ${ms(peer.p99)} / ${ms(peer.max)}`, 'peer'],
    ['(a) throughput Layerwise / dockerfile-utils', `${layerwise.filesPerSecond.toFixed(0)} / ${peer.filesPerSecond.toFixed(0)} files/s`, '≥ peer'],
  );
}
if (check) {
  rows.push(
    'skip' in check
      ? ['(a) docker buildx build --call=check', `skipped: ${check.skip}`, 'peer']
      : [`(a) docker buildx build --call=check p50 / p99 (${check.files - check.failed} of ${check.files} files ran; ${check.version})`, `${ms(check.p50)} / ${ms(check.p99)}`, `peer: ${check.filesPerSecond.toFixed(1)} files/s, a process each`],
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
    [`(c') didChange → diagnostics in that monorepo, p50 / max (whole-text edits)`, `${ms(ws.didChangeP50Ms)} / ${ms(ws.didChangeMaxMs)}`, 'for comparison'],
  );
}
if (typing) {
  rows.push([`(c) didChange → diagnostics, ${typing.lines}-line Dockerfile, a character per change (${typing.keystrokes}), p50 / p99`, `${ms(typing.p50)} / ${ms(typing.p99)}`, 'p50 < 15 ms']);
}
rows.push(
  ['(b) CLI wall time, whole corpus', cliSeconds === undefined ? 'not built (npm run build) or no corpus' : `${cliSeconds.toFixed(2)} s`, '< 3 s'],
  [`(e) activation (VS Code's Running Extensions, median of ${RUNS} workbenches)`, 'skip' in activation ? `skipped: ${activation.skip}` : `${activation.median.toFixed(0)} ms (${activation.label}; runs ${activation.runs.join(', ')} ms; other extensions at startup: ${activation.others.map((o) => `${o.name} ${o.median.toFixed(0)}`).join(', ') || 'none'})`, '< 150 ms'],
  ['(e) .vsix size', vsixBytes === undefined ? 'not packaged (npm run package)' : `${(vsixBytes / 1024 / 1024).toFixed(2)} MB`, '< 3 MB'],
);
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`bench: ${files.length} Dockerfiles, median of ${RUNS} runs\n`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const out = join(root, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify({ files: files.length, runs: RUNS, layerwise, dockerfileUtils: peer, buildxCheck: check, cliSeconds, compose, workspace: ws, typing, activation, vsixBytes, node: process.version }, null, 2));
console.log(`\nwritten to ${out}`);
}

void main();
