/**
 * Compose files through the bundled language server: diagnostics on open, an
 * override linted against its base (the editor's unsaved base text counts, and a
 * change on disk is heard through watched-file events), and a quick fix whose
 * workspace edit writes other files (a secret and `.gitignore`).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeActionRequest, CompletionRequest, FileChangeType, type CodeAction, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspTestClient, uriOf } from './lspClient';

const lines = (...l: string[]) => l.join('\n') + '\n';
const codes = (p: PublishDiagnosticsParams | undefined) => (p?.diagnostics ?? []).map((d) => String(d.code));
const withCode = (p: PublishDiagnosticsParams | undefined, code: string): Diagnostic[] => (p?.diagnostics ?? []).filter((d) => d.code === code);

const BASE = lines('services:', '  api:', '    build: ./api', '    restart: unless-stopped', '    environment:', '      - LOG_LEVEL=INFO');
const OVERRIDE = lines('services:', '  api:', '    restart: unless-stopped', '    environment:', '      - LOG_LEVEL=DEBUG');

describe('Compose files over LSP', () => {
  let root: string;
  let client: LspTestClient;

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-compose-')));
    fs.writeFileSync(path.join(root, 'compose.yaml'), BASE);
    fs.writeFileSync(path.join(root, 'compose.override.yaml'), OVERRIDE);
    client = await LspTestClient.start({ root, settings: { enable: true, lintDelay: 0, languageFeatures: { enable: true }, rules: {} } });
  });

  after(() => {
    client?.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the plan §3.2 example: seccomp:unconfined is flagged at its item; a typo gets the schema warning', async () => {
    const uri = uriOf(path.join(root, 'docker-compose.yml'));
    const text = lines('services:', '  websocket-ingestion:', '    build: .', '    security_opt:', '      - no-new-privileges:true', '      - seccomp:unconfined  # Only if needed for specific syscalls', '    cap_drop:', '      - ALL', '    restrat: always');
    await client.open(uri, text, 'dockercompose');
    const p = await client.diagnosticsFor(uri, (p) => codes(p).includes('compose-unconfined') && codes(p).includes('compose-schema'));
    assert.deepEqual(withCode(p, 'compose-unconfined')[0].range, { start: { line: 5, character: 8 }, end: { line: 5, character: 26 } });
    assert.match(withCode(p, 'compose-schema')[0].message as string, /Did you mean "restart"/);
    assert.ok(!codes(p).includes('compose-no-new-privileges'));
    await client.close(uri);
  });

  test('an override is linted against its base: unsaved base edits and disk changes both count', async () => {
    const overrideUri = uriOf(path.join(root, 'compose.override.yaml'));
    const baseUri = uriOf(path.join(root, 'compose.yaml'));
    await client.open(overrideUri, OVERRIDE, 'dockercompose');
    let p = await client.diagnosticsFor(overrideUri, (p) => withCode(p, 'compose-override-duplicate').length === 1);
    assert.equal(withCode(p, 'compose-override-duplicate')[0].range.start.line, 2);

    // The base changes in the editor (not saved): the repeat is gone from the override's diagnostics.
    await client.open(baseUri, BASE, 'dockercompose');
    await client.replaceAll(baseUri, BASE.replace('unless-stopped', 'always'));
    p = await client.waitFor('override re-linted after the base edit', () => {
      const latest = client.latest(overrideUri);
      return latest && withCode(latest, 'compose-override-duplicate').length === 0 ? latest : undefined;
    });
    // Closing the unsaved base: the disk counts again, and the repeat is back.
    await client.close(baseUri);
    await client.waitFor('override re-linted after the base closed', () => withCode(client.latest(overrideUri), 'compose-override-duplicate').length === 1);

    // A change on disk, announced by the watcher.
    fs.writeFileSync(path.join(root, 'compose.yaml'), BASE.replace('unless-stopped', 'on-failure'));
    await client.filesChanged([{ uri: baseUri, type: FileChangeType.Changed }]);
    await client.waitFor('override re-linted after the disk change', () => withCode(client.latest(overrideUri), 'compose-override-duplicate').length === 0);
    await client.close(overrideUri);
  });

  test('the secret quick fix writes the secret file and .gitignore in one workspace edit', async () => {
    const dir = path.join(root, 'secret-demo');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
    const uri = uriOf(path.join(dir, 'compose.yaml'));
    const text = lines('services:', '  api:', '    image: ghcr.io/example/api:1.4', '    environment:', '      - DB_PASSWORD=hunter2');
    await client.open(uri, text, 'dockercompose');
    const p = await client.diagnosticsFor(uri, (p) => withCode(p, 'compose-secret-in-environment').length === 1);
    const diag = withCode(p, 'compose-secret-in-environment')[0];
    const actions = ((await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) ?? []) as CodeAction[];
    const fix = actions.find((a) => a.kind === 'quickfix' && a.diagnostics?.[0]?.code === 'compose-secret-in-environment' && !/ignore/i.test(a.title));
    assert.ok(fix?.edit, `no fix among ${actions.map((a) => a.title).join(', ')}`);
    await client.applyWorkspaceEdit(fix.edit);
    assert.equal(fs.readFileSync(path.join(dir, 'secrets', 'db_password.txt'), 'utf8'), 'hunter2\n');
    assert.equal(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), 'node_modules/\nsecrets/\n');
    assert.match(client.text(uri), /DB_PASSWORD_FILE=\/run\/secrets\/db_password/);
    await client.diagnosticsFor(uri, (p) => withCode(p, 'compose-secret-in-environment').length === 0);
    await client.close(uri);
  });
});

describe('Compose build completion over LSP', () => {
  let root: string;
  let client: LspTestClient;

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-compose-complete-')));
    fs.mkdirSync(path.join(root, 'services', 'api'), { recursive: true });
    fs.writeFileSync(path.join(root, 'services', 'api', 'Dockerfile'), lines('FROM python:3.12-alpine AS base', 'FROM base AS production', 'FROM base AS development'));
    client = await LspTestClient.start({ root, settings: { enable: true, lintDelay: 0, languageFeatures: { enable: true }, rules: {} } });
  });

  after(() => {
    client?.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('build.target offers the stages of the service Dockerfile; build.context offers folders', async () => {
    const uri = uriOf(path.join(root, 'compose.yaml'));
    const text = lines('services:', '  api:', '    build:', '      context: services/', '      target: ');
    await client.open(uri, text, 'dockercompose');
    const complete = async (line: number, character: number) => {
      const r = await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } });
      return (Array.isArray(r) ? r : (r?.items ?? [])).map((i) => i.label);
    };
    // `context: services/` does not name the Dockerfile's folder yet: no stages to offer.
    assert.deepEqual(await complete(3, 24), ['api/']);
    await client.replaceAll(uri, lines('services:', '  api:', '    build:', '      context: services/api', '      target: '));
    assert.deepEqual(await complete(4, 14), ['base', 'production', 'development']);
    await client.close(uri);
  });
});
