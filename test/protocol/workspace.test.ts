/**
 * The workspace model in the language server: indexed in the background (with a
 * progress notification when the client supports it), and kept current from edits
 * and file events: a .dockerignore edit makes a Dockerfile's copy-source-ignored
 * appear and go, without saving.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeLensRequest, FileChangeType, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspTestClient, uriOf } from './lspClient';

const lines = (...l: string[]) => l.join('\n') + '\n';
const count = (p: PublishDiagnosticsParams | undefined, code: string) => (p?.diagnostics ?? []).filter((d) => d.code === code).length;

describe('workspace model over LSP', () => {
  let root: string;
  let client: LspTestClient;
  const DOCKERFILE = lines('FROM python:3.12-alpine', 'COPY config/ /etc/app/', 'COPY app.py .');

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-ws-')));
    fs.mkdirSync(path.join(root, 'api', 'config'), { recursive: true });
    fs.writeFileSync(path.join(root, 'compose.yaml'), lines('services:', '  api:', '    build: api'));
    fs.writeFileSync(path.join(root, 'api', 'Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(root, 'api', 'app.py'), 'print(1)\n');
    fs.writeFileSync(path.join(root, 'api', 'config', 'app.yml'), 'port: 8080\n');
    fs.writeFileSync(path.join(root, 'api', '.dockerignore'), '**/.git\n');
    client = await LspTestClient.start({ root, settings: { enable: true, lintDelay: 0, languageFeatures: { enable: true }, rules: {} } });
  });

  after(() => {
    client?.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('indexes in the background and says so', async () => {
    await client.waitFor('the index log line', () => client.logs.some((l) => /Indexed the workspace in \d+ ms: 1 Dockerfile\(s\), 1 declared build\(s\)/.test(l)));
  });

  test('an unsaved .dockerignore edit makes copy-source-ignored appear on the Dockerfile, and go', async () => {
    const dockerfileUri = uriOf(path.join(root, 'api', 'Dockerfile'));
    const ignoreUri = uriOf(path.join(root, 'api', '.dockerignore'));
    await client.open(dockerfileUri, DOCKERFILE);
    await client.diagnosticsFor(dockerfileUri, (p) => count(p, 'copy-source-ignored') === 0);
    await client.open(ignoreUri, '**/.git\n', 'ignore');
    await client.replaceAll(ignoreUri, '**/.git\nconfig\n');
    await client.waitFor('copy-source-ignored to appear', () => count(client.latest(dockerfileUri), 'copy-source-ignored') === 1);
    const d = client.latest(dockerfileUri)!.diagnostics.find((x) => x.code === 'copy-source-ignored')!;
    assert.deepEqual(d.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 12 } });
    await client.replaceAll(ignoreUri, '**/.git\n');
    await client.waitFor('copy-source-ignored to go', () => count(client.latest(dockerfileUri), 'copy-source-ignored') === 0);
    await client.close(ignoreUri);
  });

  test('a file deleted on disk (a watched-file event) updates the model: copy-source-missing appears', async () => {
    const dockerfileUri = uriOf(path.join(root, 'api', 'Dockerfile'));
    fs.rmSync(path.join(root, 'api', 'app.py'));
    await client.filesChanged([{ uri: uriOf(path.join(root, 'api', 'app.py')), type: FileChangeType.Deleted }]);
    await client.waitFor('copy-source-missing to appear', () => count(client.latest(dockerfileUri), 'copy-source-missing') === 1);
    fs.writeFileSync(path.join(root, 'api', 'app.py'), 'print(2)\n');
    await client.filesChanged([{ uri: uriOf(path.join(root, 'api', 'app.py')), type: FileChangeType.Created }]);
    await client.waitFor('copy-source-missing to go', () => count(client.latest(dockerfileUri), 'copy-source-missing') === 0);
  });

  test('the context CodeLens shows what the build sends', async () => {
    const dockerfileUri = uriOf(path.join(root, 'api', 'Dockerfile'));
    const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: dockerfileUri } })) ?? [];
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, 0);
    // Dockerfile, app.py, .dockerignore and config/app.yml.
    assert.match(lenses[0].command?.title ?? '', /^context: 4 files, \d+ B \(compose "api"\)$/);
  });
});

/**
 * A bake file whose paths only bake can evaluate (a variable without a default):
 * with a trusted workspace the server asks `docker buildx bake --print` (a fake docker
 * here, recording that it ran) and the Dockerfile gets its declared build; an
 * untrusted workspace never runs the program.
 */
describe('bake files evaluated by docker buildx bake --print', () => {
  const BAKE = lines('variable "SVC" {}', 'target "api" {', '  context = "services/${SVC}"', '}', 'group "default" {', '  targets = ["api"]', '}');
  const PRINT = JSON.stringify({ group: { default: { targets: ['api'] } }, target: { api: { context: 'services/api', dockerfile: 'Dockerfile' } } });
  const DOCKERFILE = lines('FROM alpine:3.20', 'COPY missing.txt /');

  async function run(trusted: boolean): Promise<{ ran: boolean; missing: number }> {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-bake-')));
    const marker = path.join(root, 'docker-ran');
    const docker = path.join(root, 'bin', 'docker');
    fs.mkdirSync(path.dirname(docker));
    fs.writeFileSync(docker, `#!/bin/sh\ntouch '${marker}'\ncat <<'JSON'\n${PRINT}\nJSON\n`, { mode: 0o755 });
    fs.mkdirSync(path.join(root, 'services', 'api'), { recursive: true });
    fs.writeFileSync(path.join(root, 'docker-bake.hcl'), BAKE);
    fs.writeFileSync(path.join(root, 'services', 'api', 'Dockerfile'), DOCKERFILE);
    const client = await LspTestClient.start({ root, settings: { enable: true, lintDelay: 0, languageFeatures: { enable: false }, rules: {} }, initializationOptions: { workspaceTrusted: trusted, dockerPath: docker } });
    try {
      await client.waitFor('the index', () => client.logs.some((l) => l.startsWith('Indexed the workspace')));
      const uri = uriOf(path.join(root, 'services', 'api', 'Dockerfile'));
      await client.open(uri, DOCKERFILE);
      if (trusted) await client.waitFor('bake evaluated', () => client.logs.some((l) => l.startsWith('Evaluated 1 bake file')));
      // A declared build makes a missing COPY source an error; a guessed context says nothing.
      const p = await client.waitFor('diagnostics after the index', () => client.latest(uri));
      const missing = trusted ? (await client.waitFor('copy-source-missing', () => count(client.latest(uri), 'copy-source-missing') === 1 && client.latest(uri))) : p;
      return { ran: fs.existsSync(marker), missing: count(missing as PublishDiagnosticsParams, 'copy-source-missing') };
    } finally {
      client.kill();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }

  test('trusted: bake evaluates the paths, and the Dockerfile gets its declared build', { skip: process.platform === 'win32' }, async () => {
    assert.deepEqual(await run(true), { ran: true, missing: 1 });
  });

  test('untrusted: docker never runs, the text model stays', { skip: process.platform === 'win32' }, async () => {
    assert.deepEqual(await run(false), { ran: false, missing: 0 });
  });
});
