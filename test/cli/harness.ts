/**
 * Runs the BUILT CLI (`node dist/cli.js`, what bin/layerwise.js loads) in temp
 * project folders. `npm test` builds first; in a dev loop run `npm run build`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { engine } from '../../rules';

export const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

assert.ok(fs.existsSync(CLI) && fs.statSync(CLI).size > 0, `${CLI} is missing or empty: run \`npm run build\` first (npm test does).`);

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Creates a temp folder with these files (removed after the test). */
export function project(t: TestContext, files: Record<string, string | Buffer>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) write(dir, name, content);
  return dir;
}

export function write(dir: string, name: string, content: string | Buffer): void {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
}

export function read(dir: string, name: string): string {
  return fs.readFileSync(path.join(dir, name), 'utf8');
}

export function lines(...l: string[]): string {
  return l.join('\n') + '\n';
}

/** `RUN npm install` after copying the lockfile: npm-ci-preferred fires on `install` (4:9–4:16, 1-based). */
export const NPM_INSTALL = lines('FROM node:22-alpine', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm install');
export const NPM_CI = lines('FROM node:22-alpine', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci');

/**
 * A `.layerwise.yaml` that turns every rule off except those named, so the tests
 * keep their meaning while other rules are added. `extra` is appended verbatim.
 */
export function config(keep: Record<string, string>, extra = ''): string {
  const out = ['rules:'];
  for (const r of engine.rules) if (!(r.meta.id in keep)) out.push(`  ${r.meta.id}: off`);
  for (const [id, sev] of Object.entries(keep)) out.push(`  ${id}: ${sev}`);
  return out.join('\n') + '\n' + extra;
}

/** Only npm-ci-preferred, at its default severity (info) unless given. */
export const ONLY_NPM = (severity = 'info', extra = '') => config({ 'npm-ci-preferred': severity }, extra);

export type { JsonResult } from '../../server/cli/formatters/json';
import type { JsonResult } from '../../server/cli/formatters/json';

export function jsonResults(run: CliRun): JsonResult[] {
  const parsed = JSON.parse(run.stdout) as { results: JsonResult[] };
  assert.deepEqual(Object.keys(parsed), ['results'], 'the JSON output is exactly {"results": [...]}');
  return parsed.results;
}
