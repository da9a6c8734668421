/**
 * A small LSP client for protocol tests: starts the bundled server
 * (`node dist/server.js --stdio`), answers the server's requests
 * (workspace/configuration, registrations, applyEdit), keeps the documents it
 * opened in sync with incremental changes, records every publishDiagnostics, and
 * applies WorkspaceEdits the way an editor would (open documents through didChange,
 * other files on disk).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type FileEvent,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

export const uriOf = (p: string): string => pathToFileURL(p).href;

export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      isPreferredSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    formatting: { dynamicRegistration: true },
  },
};

export interface StartOptions {
  root: string;
  /** Returned for workspace/configuration section 'layerwise'. */
  settings?: Record<string, unknown>;
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
}

interface Waiter {
  check: () => boolean;
}

export class LspTestClient {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  readonly registrations: string[] = [];
  stderr = '';
  settings: Record<string, unknown>;
  initializeResult!: InitializeResult;
  private readonly docs = new Map<string, TextDocument>();
  private readonly waiters = new Set<Waiter>();
  exitCode: number | null = null;
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    readonly conn: MessageConnection,
    options: StartOptions,
  ) {
    this.settings = options.settings ?? {};
    proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) =>
      proc.on('exit', (code) => {
        this.exitCode = code;
        this.notify();
        resolve(code);
      }),
    );
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.push(p);
      this.notify();
    });
    conn.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
      this.notify();
    });
    conn.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === 'layerwise' ? this.settings : null)));
    conn.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations.map((r) => r.method));
    });
    conn.onRequest(UnregistrationRequest.type, () => undefined);
    conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    conn.listen();
  }

  static async start(options: StartOptions): Promise<LspTestClient> {
    // LAYERWISE_SERVER_NODE_ARGS: extra node flags for the server (e.g. `--cpu-prof` when profiling a bench).
    const nodeArgs = process.env.LAYERWISE_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const proc = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: 'pipe' });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new LspTestClient(proc, conn, options);
    client.initializeResult = await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(options.root),
      workspaceFolders: [{ uri: uriOf(options.root), name: path.basename(options.root) }],
      capabilities: options.capabilities ?? FULL_CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await conn.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private notify(): void {
    for (const w of [...this.waiters]) if (w.check()) this.waiters.delete(w);
  }

  /** Resolves with the predicate's first truthy value, re-checked whenever the server sends something. */
  waitFor<T>(what: string, predicate: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}\nlast diagnostics: ${JSON.stringify(this.diagnostics.slice(-3), null, 1)}\nserver stderr:\n${this.stderr}\nserver log:\n${this.logs.join('\n')}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check: () => {
          if (this.exitCode !== null) {
            clearTimeout(timer);
            reject(new Error(`server exited (${this.exitCode}) while waiting for ${what}\n${this.stderr}`));
            return true;
          }
          const v = predicate();
          if (!v) return false;
          clearTimeout(timer);
          resolve(v);
          return true;
        },
      };
      if (!waiter.check()) this.waiters.add(waiter);
    });
  }

  /** The latest diagnostics published for a URI (undefined before any). */
  latest(uri: string): PublishDiagnosticsParams | undefined {
    for (let i = this.diagnostics.length - 1; i >= 0; i--) if (this.diagnostics[i].uri === uri) return this.diagnostics[i];
    return undefined;
  }

  /** Waits until the latest diagnostics for `uri` are for `version` (when given) and satisfy `predicate`. */
  diagnosticsFor(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true, version?: number): Promise<PublishDiagnosticsParams> {
    const v = version ?? this.version(uri);
    return this.waitFor(`diagnostics for ${uri}${v !== undefined ? ` v${v}` : ''}`, () => {
      const p = this.latest(uri);
      return p && (v === undefined || p.version === v) && predicate(p) ? p : undefined;
    });
  }

  text(uri: string): string {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`not open: ${uri}`);
    return d.getText();
  }

  version(uri: string): number | undefined {
    return this.docs.get(uri)?.version;
  }

  async open(uri: string, text: string, languageId = 'dockerfile'): Promise<void> {
    this.docs.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends incremental changes (ranges against the text before each change, in order). */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`not open: ${uri}`);
    const version = doc.version + 1;
    TextDocument.update(doc, changes, version);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Replaces the whole text with one incremental change covering everything. */
  async replaceAll(uri: string, text: string): Promise<number> {
    const doc = this.docs.get(uri)!;
    const range: Range = { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) };
    return this.change(uri, [{ range, text }]);
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { layerwise: settings } });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Applies a WorkspaceEdit like an editor: open documents via didChange, everything else on disk. */
  async applyWorkspaceEdit(edit: WorkspaceEdit): Promise<void> {
    const textEdits = async (uri: string, edits: TextEdit[], version?: number | null) => {
      const doc = this.docs.get(uri);
      if (doc) {
        if (typeof version === 'number' && version !== doc.version) throw new Error(`edit for ${uri} v${version}, document is v${doc.version}`);
        // Send all edits as one change each, last first, so earlier ranges stay valid.
        const sorted = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
        await this.change(uri, sorted.map((e) => ({ range: e.range, text: e.newText })));
      } else {
        const file = fileURLToPath(uri);
        const current = TextDocument.create(uri, 'plaintext', 0, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
        fs.writeFileSync(file, TextDocument.applyEdits(current, edits));
      }
    };
    if (edit.documentChanges) {
      for (const c of edit.documentChanges) {
        if ('kind' in c) {
          if (c.kind === 'create') {
            const file = fileURLToPath(c.uri);
            // Like VS Code, creating a file creates its folders.
            fs.mkdirSync(path.dirname(file), { recursive: true });
            if (!fs.existsSync(file) || c.options?.overwrite) fs.writeFileSync(file, '');
          } else if (c.kind === 'rename') fs.renameSync(fileURLToPath(c.oldUri), fileURLToPath(c.newUri));
          else if (c.kind === 'delete') fs.rmSync(fileURLToPath(c.uri), { force: true });
        } else await textEdits(c.textDocument.uri, c.edits as TextEdit[], c.textDocument.version);
      }
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) await textEdits(uri, edits);
  }

  async shutdown(): Promise<number | null> {
    await this.conn.sendRequest(ShutdownRequest.type);
    await this.conn.sendNotification(ExitNotification.type);
    return this.exited;
  }

  kill(): void {
    this.conn.dispose();
    if (this.exitCode === null) this.proc.kill();
  }
}
