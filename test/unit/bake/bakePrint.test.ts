import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, delimiter } from 'node:path';
import { bakePrint, bakePrintArgs, parsePrint, withBakePrint } from '../../../rules/node/bakePrint';
import { parseBake } from '../../../rules/bake/model';

const PRINT = { group: { default: { targets: ['api'] } }, target: { api: { context: '.', dockerfile: 'Dockerfile' } } };

/** A fake `docker` on PATH that records its arguments and cwd, then prints what the test asks. */
function fakeDocker(script: string): { dir: string; env: NodeJS.ProcessEnv; argsFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'layerwise-bake-'));
  const argsFile = join(dir, 'args.txt');
  writeFileSync(join(dir, 'docker'), `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@" > "${argsFile}"\n${script}\n`);
  chmodSync(join(dir, 'docker'), 0o755);
  return { dir, env: { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}` }, argsFile };
}

test('runs docker buildx bake --print in the bake file\'s folder with an argument array and parses the JSON', { skip: process.platform === 'win32' }, async () => {
  const fake = fakeDocker(`cat <<'JSON'\n${JSON.stringify(PRINT)}\nJSON`);
  const project = mkdtempSync(join(tmpdir(), 'layerwise-proj-'));
  const file = join(project, 'docker-bake.hcl');
  writeFileSync(file, 'target "api" {}\n');
  // A name that looks like an option or holds shell syntax is never passed on.
  const out = await bakePrint(file, { env: fake.env, targets: ['api', '--allow=fs=*', '$(touch x)', 'worker-a'] });
  assert.deepEqual(out, PRINT);
  const recorded = readFileSync(fake.argsFile, 'utf8').trim().split('\n');
  assert.deepEqual(recorded.slice(1), ['buildx', 'bake', '--print', '--file', 'docker-bake.hcl', 'api', 'worker-a']);
  assert.equal(recorded[0], project);
});

test('undefined when docker fails, prints something else, is missing, or hangs', { skip: process.platform === 'win32' }, async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'layerwise-proj-')), 'docker-bake.hcl');
  writeFileSync(file, '');
  assert.equal(await bakePrint(file, { env: fakeDocker('echo "ERROR: no buildx" >&2; exit 1').env }), undefined);
  assert.equal(await bakePrint(file, { env: fakeDocker('echo not json').env }), undefined);
  assert.equal(await bakePrint(file, { env: fakeDocker('echo "[1]"').env }), undefined);
  assert.equal(await bakePrint(file, { env: { PATH: mkdtempSync(join(tmpdir(), 'empty-')) } }), undefined);
  const started = Date.now();
  assert.equal(await bakePrint(file, { env: fakeDocker('exec sleep 5').env, timeoutMs: 300 }), undefined);
  assert.ok(Date.now() - started < 4000, 'the timeout stops a hanging docker');
});

test('parsePrint and bakePrintArgs', () => {
  assert.deepEqual(parsePrint(JSON.stringify(PRINT)), PRINT);
  assert.equal(parsePrint('{"target": []}'), undefined);
  assert.equal(parsePrint(''), undefined);
  assert.deepEqual(bakePrintArgs('/x/y/docker-bake.json'), ['buildx', 'bake', '--print', '--file', 'docker-bake.json']);
});

test('withBakePrint asks for the built targets by name and falls back to the text', { skip: process.platform === 'win32' }, async () => {
  const project = mkdtempSync(join(tmpdir(), 'layerwise-proj-'));
  const file = join(project, 'docker-bake.hcl');
  const model = parseBake('target "_b" {}\ntarget "api" {\n  inherits = ["_b"]\n  context = "${CTX}"\n}\n', file);
  const fake = fakeDocker(`cat <<'JSON'\n${JSON.stringify(PRINT)}\nJSON`);
  const printed = await withBakePrint(model, { env: fake.env });
  assert.equal(printed.evaluatedBy, 'print');
  assert.equal(printed.target('api')!.context, '.');
  assert.deepEqual(readFileSync(fake.argsFile, 'utf8').trim().split('\n').slice(-1), ['api']);
  const failed = await withBakePrint(model, { env: fakeDocker('exit 1').env });
  assert.equal(failed, model);
});
