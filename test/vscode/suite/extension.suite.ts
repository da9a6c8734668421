/**
 * The extension inside a VS Code extension host, through VS Code's own API:
 * diagnostics, hover, code actions, commands. The CLI shipped in the extension (same
 * engine build as its server), run on the same text, says what should be found.
 * The workspace is a copy of examples/ (the runner opens it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { after, test } from './runner';
import type { JsonResult } from '../../../server/cli/formatters/json';

const WEBSOCKET = 'services/websocket-ingestion/Dockerfile';
const ADMIN = 'services/admin-api/Dockerfile';

type CliResult = Omit<JsonResult, 'file' | 'fixable'>;

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens a copy of examples/ as the workspace');
  return folder.uri.fsPath;
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension('layerwise.layerwise');
  assert.ok(ext, 'layerwise.layerwise is loaded');
  return ext;
}

/** examples/ as it was before any test edited it: the CLI's neighbours for a linted text. */
let pristine: string | undefined;
function pristineCopy(): string {
  if (!pristine) {
    pristine = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-vscode-pristine-'));
    fs.cpSync(workspaceRoot(), pristine, { recursive: true });
  }
  return pristine;
}
after(() => {
  if (pristine) fs.rmSync(pristine, { recursive: true, force: true });
});

/** Runs the extension's CLI on `text` at `relPath` in a scratch copy of the workspace. */
function cli(relPath: string, text: string, args: string[]): { results: CliResult[]; text: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-vscode-oracle-'));
  try {
    fs.cpSync(pristineCopy(), dir, { recursive: true });
    const file = path.join(dir, relPath);
    fs.writeFileSync(file, text);
    // In Electron's extension host, process.execPath is VS Code itself: run it as Node.
    const r = spawnSync(process.execPath, [path.join(extension().extensionPath, 'dist', 'cli.js'), 'lint', file, '--exit-zero', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    assert.equal(r.status, 0, `layerwise lint ${args.join(' ')} failed: ${r.stderr}`);
    return { results: args.includes('json') ? JSON.parse(r.stdout).results : [], text: fs.readFileSync(file, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const lintText = (relPath: string, text: string) => cli(relPath, text, ['--format', 'json']).results;
const fixText = (relPath: string, text: string) => cli(relPath, text, ['--fix']).text;

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function key(d: vscode.Diagnostic | CliResult): string {
  return 'ruleId' in d ? `${d.line}:${d.column} ${d.ruleId}` : `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)}`;
}

/** Resolves with the file's Layerwise diagnostics once `check` accepts them (event-driven, with a timeout). */
function diagnosticsWhen(uri: vscode.Uri, what: string, check: (d: vscode.Diagnostic[]) => boolean, timeout = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const current = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'layerwise');
    const done = (): boolean => {
      const d = current();
      if (!check(d)) return false;
      cleanup();
      resolve(d);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) done();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for ${what}; have ${JSON.stringify(current().map(key))}`));
    }, timeout);
    const cleanup = () => {
      sub.dispose();
      clearTimeout(timer);
    };
    done();
  });
}

/** Waits until the diagnostics are exactly the CLI's findings: rules, ranges, messages, severities, docs links. */
async function diagnosticsToBe(uri: vscode.Uri, expected: CliResult[]): Promise<vscode.Diagnostic[]> {
  const want = JSON.stringify(expected.map(key).sort());
  const diags = await diagnosticsWhen(uri, `diagnostics ${want}`, (d) => JSON.stringify(d.map(key).sort()) === want);
  for (const f of expected) {
    const d = diags.find((x) => key(x) === key(f))!;
    assert.equal(d.message, f.message);
    assert.equal(d.severity, SEVERITY[f.severity], `severity of ${key(f)}`);
    assert.deepEqual([d.range.end.line + 1, d.range.end.character + 1], [f.endLine, f.endColumn], `end of ${key(f)}`);
    const href = typeof d.code === 'object' ? d.code.target.toString() : '';
    assert.match(href, new RegExp(`rules/docs/${f.ruleId}\\.md$`), `${f.ruleId} links to its docs page`);
  }
  return diags;
}

/** Resolves once the document's text is `expected` (event-driven, with a timeout). */
function textWhen(doc: vscode.TextDocument, expected: string, timeout = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (doc.getText() === expected) return resolve();
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && doc.getText() === expected) {
        cleanup();
        resolve();
      }
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for the text of ${doc.uri.fsPath}; it is:\n${doc.getText()}`));
    }, timeout);
    const cleanup = () => {
      sub.dispose();
      clearTimeout(timer);
    };
  });
}

async function open(relPath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(workspaceRoot(), relPath)));
  return vscode.window.showTextDocument(doc);
}

function position(f: CliResult): vscode.Position {
  return new vscode.Position(f.line - 1, f.column - 1);
}

test('activates on a workspace with Dockerfiles and registers its commands', async () => {
  pristineCopy();
  await extension().activate();
  assert.ok(extension().isActive);
  const commands = await vscode.commands.getCommands(true);
  for (const c of ['layerwise.restartServer', 'layerwise.showOutput', 'layerwise.fixAll']) assert.ok(commands.includes(c), `${c} is registered`);
  const titles = (extension().packageJSON as { contributes: { commands: { command: string; title: string }[] } }).contributes.commands.map((c) => c.title);
  assert.deepEqual(titles.sort(), ['Fix All Problems in File', 'Restart Language Server', 'Show Output']);
});

test('a Dockerfile gets exactly the findings the CLI reports', async () => {
  const editor = await open(WEBSOCKET);
  const expected = lintText(WEBSOCKET, editor.document.getText());
  const ids = new Set(expected.map((f) => f.ruleId));
  assert.ok(ids.has('cache-mount-defeated') && ids.has('cache-mount-missing'), `expected both rules on ${WEBSOCKET}: ${[...ids]}`);
  await diagnosticsToBe(editor.document.uri, expected);
});

test('hover on a finding explains the rule and links to its docs page', async () => {
  const editor = await open(WEBSOCKET);
  const defeated = lintText(WEBSOCKET, editor.document.getText()).find((f) => f.ruleId === 'cache-mount-defeated')!;
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position(defeated).translate(0, 1));
  const text = hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
  assert.match(text, /\(`cache-mount-defeated`\)/);
  assert.match(text, /\[Layerwise docs: cache-mount-defeated\]\([^)]*rules\/docs\/cache-mount-defeated\.md\)/);
});

test('the quick fix for cache-mount-defeated removes the flag and the diagnostic goes', async () => {
  const editor = await open(WEBSOCKET);
  const doc = editor.document;
  const original = doc.getText();
  const defeated = lintText(WEBSOCKET, original).find((f) => f.ruleId === 'cache-mount-defeated')!;
  await diagnosticsToBe(doc.uri, lintText(WEBSOCKET, original));
  const range = new vscode.Range(position(defeated), new vscode.Position(defeated.endLine - 1, defeated.endColumn - 1));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value);
  const fix = actions.find((a) => a.title === 'Remove `--no-cache-dir`');
  assert.ok(fix?.edit, `a "Remove \`--no-cache-dir\`" quick fix is offered: ${actions.map((a) => a.title)}`);
  assert.equal(fix.isPreferred, true);
  assert.ok(actions.some((a) => a.title === 'Ignore cache-mount-defeated for this instruction'));
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  const fixed = original.replace('pip install --no-cache-dir --user', 'pip install --user');
  assert.equal(doc.getText(), fixed);
  await diagnosticsToBe(doc.uri, lintText(WEBSOCKET, fixed));
  assert.ok(await doc.save());
  assert.equal(fs.readFileSync(doc.uri.fsPath, 'utf8'), fixed);
});

test('source.fixAll.layerwise and "Fix All Problems in File" apply the safe fixes, like the CLI', async () => {
  const editor = await open(WEBSOCKET);
  const doc = editor.document;
  const before = doc.getText();
  const expected = fixText(WEBSOCKET, before);
  assert.notEqual(expected, before, 'there are safe fixes left');
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.layerwise');
  assert.equal(actions.length, 1, `one fix-all action: ${actions.map((a) => a.title)}`);
  assert.match(actions[0].title, /^Fix all auto-fixable Layerwise problems \(\d+ fix(es)?\)$/);
  await vscode.commands.executeCommand('layerwise.fixAll');
  // The command resolves before the editor has applied the action's edit: wait for it.
  await textWhen(doc, expected);
  await diagnosticsToBe(doc.uri, lintText(WEBSOCKET, expected));
  assert.ok(await doc.save());
});

test('an edit that adds a bad line gets a diagnostic on it', async () => {
  const editor = await open(ADMIN);
  const doc = editor.document;
  const typed = 'RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir flask';
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  assert.ok(await editor.edit((b) => b.insert(end, (doc.lineAt(doc.lineCount - 1).isEmptyOrWhitespace ? '' : '\n') + typed)));
  const expected = lintText(ADMIN, doc.getText());
  assert.ok(expected.some((f) => f.ruleId === 'cache-mount-defeated' && f.line === doc.lineCount), 'the CLI flags the new line');
  await diagnosticsToBe(doc.uri, expected);
  await vscode.commands.executeCommand('undo');
  await diagnosticsToBe(doc.uri, lintText(ADMIN, doc.getText()));
  assert.ok(await doc.save());
});

test('Restart Language Server brings the diagnostics back', async () => {
  const editor = await open(WEBSOCKET);
  const expected = lintText(WEBSOCKET, editor.document.getText());
  await diagnosticsToBe(editor.document.uri, expected);
  await vscode.commands.executeCommand('layerwise.restartServer');
  await diagnosticsToBe(editor.document.uri, expected);
  await vscode.commands.executeCommand('layerwise.showOutput');
});
