/**
 * The bundled language server over real LSP (stdio JSON-RPC): diagnostics with
 * versions, incremental edits, quick fixes, fix-all, ignore comments, hover,
 * completion, config files, close, rapid edits and shutdown.
 * Run `npm run build` first (`npm test` does).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import {
  CodeActionRequest,
  CompletionRequest,
  DiagnosticSeverity,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  SemanticTokensRequest,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  FileChangeType,
  HoverRequest,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol';
import { engine } from '../../rules/index';
import { fixAll } from '../../rules/core/fixAll';
import { LspTestClient, SERVER, uriOf } from './lspClient';

const NPM = 'npm-ci-preferred';

const lines = (...l: string[]) => l.join('\n') + '\n';

const DOCKERFILE = lines(
  '# syntax=docker/dockerfile:1',
  'FROM node:22-alpine',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN --mount=type=cache,target=/root/.npm npm install',
  'RUN --mount=type=cache,target=/root/.npm npm i --omit=dev',
);
/** Column of the npm verb in DOCKERFILE's RUN lines. */
const VERB = DOCKERFILE.split('\n')[4].indexOf('install');

const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const npmDiags = (p: PublishDiagnosticsParams | undefined): Diagnostic[] => (p?.diagnostics ?? []).filter((d) => d.code === NPM);

function mkWorkspace(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-lsp-')));
}

describe('language server over stdio', () => {
  let root: string;
  let client: LspTestClient;
  let dockerfileUri: string;

  /** Adds the server's stderr to a failure, so a crash explains itself. */
  const it = (name: string, fn: () => Promise<void>) =>
    test(name, async () => {
      try {
        await fn();
      } catch (e) {
        if (e instanceof Error && !e.message.includes('server stderr')) e.message += `\nserver stderr:\n${client?.stderr}`;
        throw e;
      }
    });

  async function codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const result = await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } });
    return (result ?? []) as CodeAction[];
  }

  before(async () => {
    root = mkWorkspace();
    fs.writeFileSync(path.join(root, 'Dockerfile'), DOCKERFILE);
    dockerfileUri = uriOf(path.join(root, 'Dockerfile'));
    client = await LspTestClient.start({ root, settings: { enable: true, lintDelay: 0, languageFeatures: { enable: true }, rules: {} } });
  });

  after(() => {
    client?.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('announces incremental sync, code action kinds and the semantic token legend', async () => {
    await client.waitFor('start log line', () => client.logs.some((l) => /Layerwise .* language server started/.test(l)));
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    const kinds = (caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    assert.ok(kinds.includes('quickfix') && kinds.includes('source.fixAll') && kinds.includes('source.fixAll.layerwise'));
    assert.ok(caps.semanticTokensProvider!.legend.tokenTypes.includes('keyword'));
    assert.ok(caps.completionProvider);
  });

  it('publishes diagnostics on open, with the version, rule code and docs link', async () => {
    await client.open(dockerfileUri, DOCKERFILE);
    const p = await client.diagnosticsFor(dockerfileUri, (p) => npmDiags(p).length === 2, 1);
    const [first, second] = npmDiags(p);
    assert.deepEqual(first.range, { start: { line: 4, character: VERB }, end: { line: 4, character: VERB + 7 } });
    assert.deepEqual(second.range, { start: { line: 5, character: VERB }, end: { line: 5, character: VERB + 1 } });
    assert.equal(first.source, 'layerwise');
    assert.equal(first.severity, DiagnosticSeverity.Information);
    assert.match(text(first), /npm ci/);
    const href = first.codeDescription!.href;
    assert.ok(href.startsWith('file:'), href);
    assert.ok(fs.readFileSync(fileURLToPath(href), 'utf8').startsWith(`# ${NPM}:`));
  });

  it('lints again after an incremental edit and publishes the new version', async () => {
    const end = { line: 6, character: 0 };
    const v = await client.change(dockerfileUri, [{ range: { start: end, end }, text: 'RUN --mount=type=cache,target=/root/.npm npm install --ignore-scripts\n' }]);
    const p = await client.diagnosticsFor(dockerfileUri, (p) => npmDiags(p).length === 3, v);
    assert.equal(p.version, 2);
    assert.equal(npmDiags(p)[2].range.start.line, 6);
  });

  it('offers the fix (preferred) and both ignore actions; applying the fix removes the diagnostic', async () => {
    const diag = npmDiags(client.latest(dockerfileUri))[0];
    const actions = await codeActions(dockerfileUri, [diag]);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.title === 'Use `npm ci`');
    assert.ok(fix, titles.join(', '));
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [diag]);
    assert.ok(titles.includes(`Ignore ${NPM} for this instruction`), titles.join(', '));
    assert.ok(titles.includes(`Ignore ${NPM} in this file`), titles.join(', '));

    await client.applyWorkspaceEdit(fix.edit!);
    assert.equal(client.text(dockerfileUri).split('\n')[4], 'RUN --mount=type=cache,target=/root/.npm npm ci');
    const p = await client.diagnosticsFor(dockerfileUri, (p) => npmDiags(p).length === 2);
    assert.ok(npmDiags(p).every((d) => d.range.start.line !== 4));
  });

  it('source.fixAll.layerwise fixes everything fixable in one minimal edit', async () => {
    const before = client.text(dockerfileUri);
    for (const only of [['source.fixAll.layerwise'], ['source.fixAll']]) {
      const actions = await codeActions(dockerfileUri, [], only);
      assert.equal(actions.length, 1, JSON.stringify(actions));
      assert.equal(actions[0].kind, 'source.fixAll.layerwise');
    }
    const [action] = await codeActions(dockerfileUri, [], ['source.fixAll.layerwise']);
    const changes = action.edit!.documentChanges!;
    assert.equal(changes.length, 1);
    const docEdit = changes[0] as { textDocument: { uri: string; version: number }; edits: { range: Range; newText: string }[] };
    assert.equal(docEdit.textDocument.version, client.version(dockerfileUri));
    assert.equal(docEdit.edits.length, 1);
    // The same result as `--fix` (every rule's safe fixes, computed here in-process).
    const expected = fixAll(engine, 'dockerfile', before, fileURLToPath(dockerfileUri)).text;
    // Minimal: the edit starts where the texts first differ, not at the top of the file.
    let first = 0;
    while (before[first] === expected[first]) first++;
    const firstLine = before.slice(0, first).split('\n').length - 1;
    assert.deepEqual(docEdit.edits[0].range.start, { line: firstLine, character: first - before.lastIndexOf('\n', first - 1) - 1 });

    await client.applyWorkspaceEdit(action.edit!);
    assert.equal(client.text(dockerfileUri), expected);
    assert.match(client.text(dockerfileUri), /npm ci --omit=dev\n.*npm ci --ignore-scripts\n/);
    await client.diagnosticsFor(dockerfileUri, (p) => npmDiags(p).length === 0);
    // Nothing fixable left: fix-all now offers nothing.
    assert.deepEqual(await codeActions(dockerfileUri, [], ['source.fixAll.layerwise']), []);
  });

  // Written by another helper; tested here when it is registered.
  test('cache-mount-defeated: its quick fix removes --no-cache-dir and the warning goes', { skip: !engine.ruleById('cache-mount-defeated') }, async () => {
    const uri = uriOf(path.join(root, 'py', 'Dockerfile'));
    const run = 'RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r requirements.txt';
    await client.open(uri, lines('# syntax=docker/dockerfile:1', 'FROM python:3.12-slim', 'COPY requirements.txt .', run));
    const byRule = (p: PublishDiagnosticsParams | undefined) => (p?.diagnostics ?? []).filter((d) => d.code === 'cache-mount-defeated');
    const diag = byRule(await client.diagnosticsFor(uri, (p) => byRule(p).length === 1, 1))[0];
    assert.equal(diag.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(diag.range.start, { line: 3, character: run.indexOf('--no-cache-dir') });
    const fix = (await codeActions(uri, [diag])).find((a) => a.kind === 'quickfix' && a.isPreferred);
    assert.ok(fix);
    await client.applyWorkspaceEdit(fix.edit!);
    assert.equal(client.text(uri).split('\n')[3], 'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt');
    await client.diagnosticsFor(uri, (p) => byRule(p).length === 0);
    await client.close(uri);
  });

  it('"Ignore for this instruction" inserts the comment and the diagnostic goes', async () => {
    await client.replaceAll(dockerfileUri, DOCKERFILE);
    const p = await client.diagnosticsFor(dockerfileUri, (p) => npmDiags(p).length === 2);
    const diag = npmDiags(p)[1];
    const ignore = (await codeActions(dockerfileUri, [diag])).find((a) => a.title === `Ignore ${NPM} for this instruction`);
    assert.ok(ignore);
    await client.applyWorkspaceEdit(ignore.edit!);
    assert.equal(client.text(dockerfileUri).split('\n')[5], `# layerwise-ignore ${NPM}`);
    const after = await client.diagnosticsFor(dockerfileUri, (p) => npmDiags(p).length === 1);
    assert.equal(npmDiags(after)[0].range.start.line, 4);
  });

  it('"Ignore in this file" silences the rule for the whole file', async () => {
    const diag = npmDiags(client.latest(dockerfileUri))[0];
    const ignore = (await codeActions(dockerfileUri, [diag])).find((a) => a.title === `Ignore ${NPM} in this file`);
    assert.ok(ignore);
    await client.applyWorkspaceEdit(ignore.edit!);
    // After the syntax directive, which must stay on line 0.
    assert.deepEqual(client.text(dockerfileUri).split('\n').slice(0, 2), ['# syntax=docker/dockerfile:1', `# layerwise-ignore-file ${NPM}`]);
    await client.diagnosticsFor(dockerfileUri, (p) => npmDiags(p).length === 0);
  });

  it('hover over a flagged range shows the docs page in short', async () => {
    await client.replaceAll(dockerfileUri, DOCKERFILE);
    const diag = npmDiags(await client.diagnosticsFor(dockerfileUri, (p) => npmDiags(p).length === 2))[0];
    const hover = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: dockerfileUri }, position: { line: 4, character: VERB + 2 } });
    assert.ok(hover);
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /Use npm ci with a lockfile/);
    assert.match(value, /reproducible/);
    assert.match(value, /- Fix: safe/);
    assert.match(value, /\]\(file:.*npm-ci-preferred\.md\)/);
    assert.doesNotMatch(value, /## Bad/);
    assert.deepEqual(hover.range, diag.range);
    // Nothing flagged, but a keyword: the language service's hover.
    const keyword = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: dockerfileUri }, position: { line: 2, character: 2 } });
    assert.ok(keyword && !(keyword.contents as MarkupContent).value.includes(NPM));
  });

  it('completes Dockerfile keywords', async () => {
    const uri = uriOf(path.join(root, 'complete', 'Dockerfile'));
    await client.open(uri, 'FR');
    const result = await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 2 } });
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    assert.ok(items.some((i) => i.label.startsWith('FROM')), JSON.stringify(items.map((i) => i.label)));
    await client.close(uri);
  });

  it('serves semantic tokens, symbols, folding and formatting for Dockerfiles; formatting is registered for Dockerfiles only', async () => {
    const uri = uriOf(path.join(root, 'features', 'Dockerfile'));
    await client.open(uri, lines('FROM alpine AS build', 'RUN echo a \\', '  && echo b', 'FROM build', '   RUN echo c'));
    const tokens = await client.conn.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    assert.ok(tokens && tokens.data.length > 0 && tokens.data.length % 5 === 0);
    const symbols = (await client.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) ?? [];
    assert.ok(symbols.some((s) => s.name === 'FROM'), JSON.stringify(symbols));
    const folding = (await client.conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } })) ?? [];
    assert.ok(folding.some((f) => f.startLine === 1 && f.endLine === 2), JSON.stringify(folding));
    const formatting = (await client.conn.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } })) ?? [];
    assert.ok(formatting.some((e) => e.range.start.line === 4), JSON.stringify(formatting));
    assert.ok(client.registrations.includes('textDocument/formatting'));
    assert.equal(client.initializeResult.capabilities.documentFormattingProvider, undefined);
    // A Compose file gets none of it.
    const compose = uriOf(path.join(root, 'features', 'compose.yaml'));
    await client.open(compose, 'services:\n  app:\n    image: alpine\n', 'dockercompose');
    const none = await client.conn.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: compose } });
    assert.deepEqual(none?.data ?? [], []);
    await client.close(compose);
    await client.close(uri);
  });

  it('publishes syntax errors from dockerfile-utils once, as errors', async () => {
    const uri = uriOf(path.join(root, 'syntax', 'Dockerfile'));
    await client.open(uri, lines('FROM alpine', 'EXPOSE', 'RUN echo'));
    const p = await client.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.source === 'dockerfile-utils'));
    const syntax = p.diagnostics.filter((d) => d.source === 'dockerfile-utils');
    assert.ok(syntax.every((d) => d.severity === DiagnosticSeverity.Error));
    assert.equal(new Set(syntax.map((d) => JSON.stringify([d.range, d.message]))).size, syntax.length);
    await client.close(uri);
  });

  it('lints untitled Dockerfiles with the defaults', async () => {
    const uri = 'untitled:Untitled-1';
    await client.open(uri, DOCKERFILE);
    await client.diagnosticsFor(uri, (p) => npmDiags(p).length === 2, 1);
    await client.close(uri);
  });

  it('classifies by name: Dockerfile.dockerignore is no Dockerfile even with languageId dockerfile', async () => {
    const uri = uriOf(path.join(root, 'Dockerfile.dockerignore'));
    await client.open(uri, DOCKERFILE, 'dockerfile');
    const p = await client.diagnosticsFor(uri);
    assert.deepEqual(p.diagnostics, []);
    await client.close(uri);
  });

  it('reads .layerwise.yaml: severities, ignore globs, and re-reads it when it changes', async () => {
    const dir = path.join(root, 'svc');
    fs.mkdirSync(path.join(dir, 'vendor'), { recursive: true });
    const configPath = path.join(dir, '.layerwise.yaml');
    fs.writeFileSync(configPath, `rules:\n  ${NPM}: error\nignore:\n  - vendor/\n`);
    const uri = uriOf(path.join(dir, 'Dockerfile'));
    await client.open(uri, DOCKERFILE);
    let p = await client.diagnosticsFor(uri, (p) => npmDiags(p).length === 2);
    assert.ok(npmDiags(p).every((d) => d.severity === DiagnosticSeverity.Error));

    const vendored = uriOf(path.join(dir, 'vendor', 'Dockerfile'));
    await client.open(vendored, DOCKERFILE);
    assert.deepEqual((await client.diagnosticsFor(vendored)).diagnostics, []);
    await client.close(vendored);

    fs.writeFileSync(configPath, `rules:\n  ${NPM}: warning\n`);
    await client.filesChanged([{ uri: uriOf(configPath), type: FileChangeType.Changed }]);
    p = await client.diagnosticsFor(uri, (p) => npmDiags(p).length === 2 && npmDiags(p).every((d) => d.severity === DiagnosticSeverity.Warning));

    fs.rmSync(configPath);
    await client.filesChanged([{ uri: uriOf(configPath), type: FileChangeType.Deleted }]);
    await client.diagnosticsFor(uri, (p) => npmDiags(p).length === 2 && npmDiags(p).every((d) => d.severity === DiagnosticSeverity.Information));
    await client.close(uri);
  });

  it('an invalid .layerwise.yaml gets diagnostics on itself and linting goes on with the defaults', async () => {
    const dir = path.join(root, 'broken');
    fs.mkdirSync(dir, { recursive: true });
    const configPath = path.join(dir, '.layerwise.yaml');
    fs.writeFileSync(configPath, `rules:\n  ${NPM}: loud\nbogus: 1\n`);
    const configUri = uriOf(configPath);
    const uri = uriOf(path.join(dir, 'Dockerfile'));
    await client.open(uri, DOCKERFILE);
    const problems = await client.waitFor('config diagnostics', () => {
      const p = client.latest(configUri);
      return p && p.diagnostics.length >= 2 ? p : undefined;
    });
    assert.ok(problems.diagnostics.some((d) => /bogus/.test(text(d)) && d.range.start.line === 2), JSON.stringify(problems.diagnostics));
    assert.ok(problems.diagnostics.some((d) => d.range.start.line === 1));
    assert.ok(problems.diagnostics.every((d) => d.source === 'layerwise'));
    const p = await client.diagnosticsFor(uri, (p) => npmDiags(p).length === 2);
    assert.ok(npmDiags(p).every((d) => d.severity === DiagnosticSeverity.Information));

    // Edited in the editor (unsaved): the open text counts, and the problems clear.
    await client.open(configUri, fs.readFileSync(configPath, 'utf8'), 'yaml');
    await client.replaceAll(configUri, `rules:\n  ${NPM}: "off"\n`);
    await client.waitFor('config problems cleared', () => client.latest(configUri)?.diagnostics.length === 0);
    await client.diagnosticsFor(uri, (p) => npmDiags(p).length === 0);
    // Closed without saving: the broken file on disk counts again.
    await client.close(configUri);
    await client.waitFor('config problems back', () => (client.latest(configUri)?.diagnostics.length ?? 0) >= 2);
    await client.diagnosticsFor(uri, (p) => npmDiags(p).length === 2);
    await client.close(uri);
  });

  it('client settings: layerwise.rules overrides severities, enable=false clears everything', async () => {
    const base = { enable: true, lintDelay: 0, languageFeatures: { enable: true } };
    await client.setSettings({ ...base, rules: { [NPM]: 'warning' } });
    await client.diagnosticsFor(dockerfileUri, (p) => npmDiags(p).length === 2 && npmDiags(p).every((d) => d.severity === DiagnosticSeverity.Warning));
    await client.setSettings({ ...base, rules: { [NPM]: 'off' } });
    await client.diagnosticsFor(dockerfileUri, (p) => npmDiags(p).length === 0);
    await client.setSettings({ ...base, enable: false, rules: {} });
    await client.diagnosticsFor(dockerfileUri, (p) => p.diagnostics.length === 0);
    assert.deepEqual(await codeActions(dockerfileUri, [], ['source.fixAll.layerwise']), []);
    await client.setSettings({ ...base, rules: {} });
    await client.diagnosticsFor(dockerfileUri, (p) => npmDiags(p).length === 2);
  });

  it('rapid edits end with diagnostics for the final version, never an older one after a newer one', async () => {
    const uri = uriOf(path.join(root, 'rapid', 'Dockerfile'));
    const start = client.diagnostics.length;
    const logs = client.logs.length;
    await client.open(uri, lines('FROM node:22-alpine', 'COPY package*.json ./', ''));
    let version = 1;
    for (let i = 0; i < 50; i++) {
      const line = 2 + i;
      version = await client.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: i % 2 ? 'RUN npm ci\n' : 'RUN npm install\n' }]);
    }
    assert.equal(version, 51);
    const last = await client.diagnosticsFor(uri, () => true, 51);
    assert.equal(npmDiags(last).length, 25);
    assert.deepEqual(client.logs.slice(logs), [], 'nothing logged per keystroke');
    const versions = client.diagnostics.slice(start).filter((p) => p.uri === uri).map((p) => p.version!);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `version ${versions[i]} published after ${versions[i - 1]}`);

    // Closed mid-lint: changes then close at once; after the clear, nothing more arrives for it.
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# x\n' }]);
    await client.close(uri);
    const other = uriOf(path.join(root, 'rapid', 'Other.dockerfile'));
    await client.open(other, DOCKERFILE);
    await client.diagnosticsFor(other, (p) => npmDiags(p).length === 2, 1);
    assert.deepEqual(client.latest(uri)!.diagnostics, []);
    await client.close(other);
  });

  it('survives bad text: binary, invalid UTF-8, a lone backslash, 5 MB', async () => {
    const samples: [string, string][] = [
      ['binary', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1')],
      ['utf8', Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xc3, 0x28, 0xff, 0xfe, 0x0a]).toString('utf8')],
      ['backslash', '\\'],
      ['escape', '# escape=`\nFROM alpine`\n'],
      ['huge', 'FROM node:22\nCOPY package*.json ./\n' + 'RUN npm install && echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'.repeat(5 * 1024 * 1024 / 72)],
    ];
    for (const [name, text] of samples) {
      const uri = uriOf(path.join(root, 'bad', name, 'Dockerfile'));
      await client.open(uri, text);
      await client.diagnosticsFor(uri, () => true, 1);
      await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
      await codeActions(uri, [], ['source.fixAll.layerwise']);
      await client.close(uri);
    }
    // Still serving.
    const p = await client.diagnosticsFor(dockerfileUri);
    assert.ok(p);
    assert.equal(client.exitCode, null);
  });

  it('closing a document clears its diagnostics', async () => {
    await client.close(dockerfileUri);
    await client.waitFor('empty diagnostics after close', () => {
      const p = client.latest(dockerfileUri);
      return p && p.diagnostics.length === 0 && p.version === undefined;
    });
  });

  it('shuts down and exits cleanly', async () => {
    const code = await client.shutdown();
    assert.equal(code, 0);
  });
});

describe('language server with a minimal client and language features off', () => {
  let root: string;
  let client: LspTestClient;

  before(async () => {
    root = mkWorkspace();
    // A config above the workspace folder does not apply inside it.
    fs.writeFileSync(path.join(root, '.layerwise.yaml'), `rules:\n  ${NPM}: "off"\n`);
    fs.mkdirSync(path.join(root, 'ws', 'gone'), { recursive: true });
    client = await LspTestClient.start({
      root: path.join(root, 'ws'),
      capabilities: {},
      initializationOptions: { settings: { lintDelay: 0, languageFeatures: { enable: false } } },
    });
  });

  after(() => {
    client?.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('lints with settings from initializationOptions, stops at the workspace folder, answers plain `changes`', async () => {
    const uri = uriOf(path.join(root, 'ws', 'Dockerfile'));
    await client.open(uri, lines('FROM node:22-alpine', 'COPY package*.json ./', 'RUN npm install', 'EXPOSE'));
    const p = await client.diagnosticsFor(uri, (p) => npmDiags(p).length === 1, 1);
    // Language features off: the other Docker extension reports syntax errors, not us.
    assert.ok(p.diagnostics.every((d) => d.source === 'layerwise'), JSON.stringify(p.diagnostics));
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: npmDiags(p)[0].range,
      context: { diagnostics: npmDiags(p) },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Use `npm ci`')!;
    assert.deepEqual(Object.keys(fix.edit!), ['changes']);
    await client.applyWorkspaceEdit(fix.edit!);
    await client.diagnosticsFor(uri, (p) => npmDiags(p).length === 0);

    const completion = await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.deepEqual(Array.isArray(completion) ? completion : (completion?.items ?? []), []);
    // On `COPY`, where no rule reports: with language features off nothing hovers.
    const hover = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 1 } });
    assert.equal(hover, null);
    // Formatting was registered statically, since this client cannot register it later.
    assert.equal(client.initializeResult.capabilities.documentFormattingProvider, true);
  });

  test('a folder deleted under an open document does not stop linting', async () => {
    const uri = uriOf(path.join(root, 'ws', 'gone', 'Dockerfile'));
    await client.open(uri, lines('FROM node:22-alpine', 'COPY package*.json ./', 'RUN npm install'));
    await client.diagnosticsFor(uri, (p) => npmDiags(p).length === 1, 1);
    fs.rmSync(path.join(root, 'ws', 'gone'), { recursive: true });
    await client.filesChanged([{ uri: uriOf(path.join(root, 'ws', 'gone', '.layerwise.yaml')), type: FileChangeType.Deleted }]);
    await client.replaceAll(uri, lines('FROM node:22-alpine', 'COPY package*.json ./', 'RUN npm install', 'RUN npm i'));
    await client.diagnosticsFor(uri, (p) => npmDiags(p).length === 2);
    await client.close(uri);
  });

  test('shuts down cleanly', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('language server debounce', () => {
  let root: string;
  let client: LspTestClient;

  before(async () => {
    root = mkWorkspace();
    // The default lintDelay (200 ms): the client answers workspace/configuration with no value.
    client = await LspTestClient.start({ root, settings: undefined });
    client.settings = null as never;
  });

  after(() => {
    client?.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('a burst of edits is linted once, for the last version', async () => {
    const uri = uriOf(path.join(root, 'Dockerfile'));
    await client.open(uri, lines('FROM node:22-alpine', 'COPY package*.json ./', ''));
    await client.diagnosticsFor(uri, () => true, 1);
    const start = client.diagnostics.length;
    for (let i = 0; i < 20; i++) {
      const line = 2 + i;
      await client.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'RUN npm install\n' }]);
    }
    const last = await client.diagnosticsFor(uri, () => true, 21);
    assert.equal(npmDiags(last).length, 20);
    const published = client.diagnostics.slice(start).filter((p) => p.uri === uri);
    // Debounced: one lint for the burst (a little slack for a loaded machine), not one per change.
    assert.ok(published.length <= 5, `published ${published.length} times: ${published.map((p) => p.version).join(', ')}`);
  });
});

describe('language server over node IPC (how VS Code starts it)', () => {
  test('initializes, lints and exits', async () => {
    const root = mkWorkspace();
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const uri = uriOf(path.join(root, 'Dockerfile'));
    const published = new Promise<PublishDiagnosticsParams>((resolve) =>
      conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
        if (p.uri === uri) resolve(p);
      }),
    );
    conn.listen();
    try {
      const result = await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: uriOf(root), capabilities: {}, workspaceFolders: null });
      assert.equal(result.serverInfo?.name, 'layerwise');
      await conn.sendNotification(InitializedNotification.type, {});
      await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text: DOCKERFILE } });
      const p = await published;
      assert.equal(npmDiags(p).length, 2);
      await conn.sendRequest(ShutdownRequest.type);
      await conn.sendNotification(ExitNotification.type);
      assert.equal(await exited, 0);
    } catch (e) {
      if (e instanceof Error) e.message += `\nserver stderr:\n${stderr}`;
      throw e;
    } finally {
      conn.dispose();
      if (child.exitCode === null) child.kill();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
