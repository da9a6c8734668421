/**
 * The Layerwise language server. Started by the VS Code client over node IPC, or
 * by any LSP client with `--stdio` (createConnection reads the transport from argv).
 *
 * Per document: text → model (parsed once per version) → findings → diagnostics,
 * published with the document version after a debounce, and only while that
 * version is still the current one. Code actions and hover read the same cached
 * findings, so they always agree with what is shown.
 */
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentFormattingRequest,
  DocumentOnTypeFormattingRequest,
  DocumentRangeFormattingRequest,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { engine } from '../rules/index';
import { sep } from 'node:path';
import { classifyPath, WATCHED_FILE_PATTERNS } from '../rules/core/classify';
import type { ConfigFileResult } from '../rules/node/configFile';
import { version as packageVersion } from '../package.json';
import { Analyzer } from './analysis';
import { CODE_ACTION_KINDS, computeCodeActions } from './codeActions';
import { ConfigCache, isConfigFileName } from './configCache';
import { configProblemDiagnostic, mergeDiagnostics, toDiagnostic } from './diagnostics';
import { DocumentCache } from './documents';
import { editSupport, fsExists, fsRead, type EditEnvironment } from './fixToWorkspaceEdit';
import { computeHover } from './hover';
import { DockerfileFeatures, semanticTokensLegend } from './languageFeatures';
import { LintScheduler } from './lintScheduler';
import { documentPath, fsPathToUri, uriToFsPath, WorkspaceFolders } from './paths';
import { WorkspaceFiles } from './workspaceFiles';
import { contextLenses } from './codeLens';
import { composeBuildCompletion } from './composeCompletion';
import type { ComposeModel } from '../rules/compose/model';
import { fileSystemDisk } from '../rules/node/disk';
import type { DockerfileModel } from '../rules/dockerfile/model';
import { ServerWorkspace, type IndexProgress } from './workspaceModel';
import { DEFAULT_SETTINGS, normalizeSettings, SettingsStore, type Settings } from './settings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

const log = (message: string) => connection.console.log(message);
const warn = (message: string) => connection.console.warn(message);

const folders = new WorkspaceFolders();
const cache = new DocumentCache(engine, warn);
const configs = new ConfigCache(publishConfigProblems);
const workspaceFiles = new WorkspaceFiles(documents);
const serverWorkspace = new ServerWorkspace((p) => workspaceFiles.read(p), log);
const analyzer = new Analyzer(cache, configs, folders, (m) => connection.console.error(m), workspaceFiles, () => serverWorkspace.current);
const features = new DockerfileFeatures(warn);
const scheduler = new LintScheduler(lintAndPublish, (uri, e) => connection.console.error(`Linting ${uri} failed: ${e instanceof Error ? e.stack : String(e)}`));

let clientCaps: ClientCapabilities = {};
let settings = new SettingsStore(connection, false, DEFAULT_SETTINGS);
/** Highest version published per document: an older lint never overwrites a newer result. */
const published = new Map<string, number>();
/** Config files whose problems are showing, by path → the URI they were published to. */
const configProblemUris = new Map<string, string>();
const configProblemLogged = new Map<string, string>();

const editEnv: EditEnvironment = {
  support: { documentChanges: false, create: false, rename: false },
  openVersion: (uri) => documents.get(uri)?.version ?? null,
  exists: fsExists,
  read: (fsPath) => documents.get(fsPathToUri(fsPath))?.getText() ?? fsRead(fsPath),
};

/** Runs a request handler; a bug in it is logged and answered with `fallback` instead of an error. */
function guarded<P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (e) {
      connection.console.error(`${name} failed: ${e instanceof Error ? e.stack : String(e)}`);
      return fallback;
    }
  };
}

// ---------------------------------------------------------------- lifecycle

connection.onInitialize((params): InitializeResult => {
  clientCaps = params.capabilities;
  folders.set(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
  const init = params.initializationOptions as { settings?: unknown; workspaceTrusted?: unknown; dockerPath?: unknown } | undefined;
  // Only a client that says the workspace is trusted lets the server run programs.
  dockerForBake = init?.workspaceTrusted === true ? (typeof init.dockerPath === 'string' && init.dockerPath ? init.dockerPath : 'docker') : undefined;
  settings = new SettingsStore(connection, !!clientCaps.workspace?.configuration, normalizeSettings(init?.settings ?? init, DEFAULT_SETTINGS));
  editEnv.support = editSupport(clientCaps);
  features.setClientCapabilities(clientCaps);

  const formattingDynamic = !!clientCaps.textDocument?.formatting?.dynamicRegistration;
  const capabilities: ServerCapabilities = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false },
    hoverProvider: true,
    codeLensProvider: { resolveProvider: false },
    // Dockerfile language features: registered up front; the handlers answer only
    // for Dockerfiles and only while `layerwise.languageFeatures.enable` is on.
    completionProvider: { resolveProvider: true, triggerCharacters: ['=', ' ', '$', '-', '/'] },
    signatureHelpProvider: { triggerCharacters: ['-', '[', ',', ' ', '='] },
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    documentHighlightProvider: true,
    definitionProvider: true,
    renameProvider: { prepareProvider: true },
    documentLinkProvider: { resolveProvider: true },
    semanticTokensProvider: { legend: semanticTokensLegend(), full: true, range: false },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
  // Formatting is the exception: registered statically it would apply to every synced
  // file (Compose, workflows) and make VS Code ask which YAML formatter to use. When the
  // client allows it, it is registered for Dockerfiles only after `initialized`.
  if (!formattingDynamic) {
    capabilities.documentFormattingProvider = true;
    capabilities.documentRangeFormattingProvider = true;
    capabilities.documentOnTypeFormattingProvider = { firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] };
  }
  return { capabilities, serverInfo: { name: 'layerwise', version: packageVersion } };
});

connection.onInitialized(() => {
  log(`Layerwise ${packageVersion} language server started (${engine.rules.length} rules, Node ${process.version}).`);
  const register = connection.client.register.bind(connection.client);
  if (clientCaps.workspace?.didChangeConfiguration?.dynamicRegistration) void register(DidChangeConfigurationNotification.type, { section: 'layerwise' });
  if (clientCaps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
    void register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILE_PATTERNS.map((globPattern) => ({ globPattern })) });
  }
  if (clientCaps.textDocument?.formatting?.dynamicRegistration) {
    const documentSelector = [{ language: 'dockerfile' }];
    void register(DocumentFormattingRequest.type, { documentSelector });
    void register(DocumentRangeFormattingRequest.type, { documentSelector });
    void register(DocumentOnTypeFormattingRequest.type, { documentSelector, firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] });
  }
  if (clientCaps.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      folders.remove(e.removed.map((f) => f.uri));
      folders.add(e.added.map((f) => f.uri));
      configs.invalidate();
      relintAll();
      void indexWorkspace();
    });
  }
  void indexWorkspace();
});

/** A progress notification in the client, when it shows them. */
async function indexProgress(): Promise<IndexProgress | undefined> {
  if (!clientCaps.window?.workDoneProgress) return undefined;
  const reporter = await connection.window.createWorkDoneProgress().catch(() => undefined);
  if (!reporter) return undefined;
  return { begin: (title) => reporter.begin(title, undefined, undefined, false), report: (message) => reporter.report(message), done: () => reporter.done() };
}

/** The docker executable for `bake --print`; undefined unless the client says the workspace is trusted. */
let dockerForBake: string | undefined;

/** Bake's own evaluation of the bake files, when allowed; the open documents are linted again with it. */
async function evaluateBake(): Promise<void> {
  if (!dockerForBake) return;
  const evaluated = await serverWorkspace.evaluateBake(dockerForBake);
  if (evaluated > 0) {
    log(`Evaluated ${evaluated} bake file(s) with docker buildx bake --print.`);
    workspaceFiles.changed();
    relintAll(false);
  }
}

/** Indexes the workspace folders in the background; open documents are linted again with the model. */
async function indexWorkspace(): Promise<void> {
  try {
    // VS Code's files.exclude: excluded folders are not indexed (their files are not shown either).
    const exclude = clientCaps.workspace?.configuration ? ((await connection.workspace.getConfiguration('files.exclude').catch(() => undefined)) as Record<string, unknown> | undefined) : undefined;
    await serverWorkspace.rebuild(folders.all(), await indexProgress(), exclude ?? {});
    workspaceFiles.changed();
    relintAll();
    await evaluateBake();
  } catch (e) {
    connection.console.error(`Indexing the workspace failed: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

connection.onShutdown(() => scheduler.dispose());

// ---------------------------------------------------------------- linting

function isConfigDocument(uri: string): string | undefined {
  const p = uriToFsPath(uri);
  return p && isConfigFileName(p) ? p : undefined;
}

async function lintAndPublish(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc || isConfigDocument(uri)) return;
  const version = doc.version;
  const s = await settings.get(uri);
  // Closed or changed while the settings came: the newer change has its own lint scheduled.
  const current = documents.get(uri);
  if (!current || current.version !== version) return;
  const analysis = analyzer.analyze(current, s);
  let diagnostics: Diagnostic[] = analysis.findings.map(toDiagnostic);
  // Syntax errors from dockerfile-utils come with the language features: with them off,
  // the user runs another Docker extension that already reports these, and twice is noise.
  if (analysis.active && analysis.entry.kind === 'dockerfile' && s.languageFeatures.enable) {
    diagnostics = mergeDiagnostics(diagnostics, features.syntaxErrors(analysis.entry.text));
  }
  publish(uri, version, diagnostics);
}

function publish(uri: string, version: number, diagnostics: Diagnostic[]): void {
  const last = published.get(uri);
  if (last !== undefined && last > version) return;
  published.set(uri, version);
  void connection.sendDiagnostics({ uri, version, diagnostics });
}

function scheduleLint(uri: string, immediate: boolean): void {
  if (immediate) {
    scheduler.schedule(uri, 0);
    return;
  }
  void settings.get(uri).then((s) => {
    if (documents.get(uri)) scheduler.schedule(uri, s.lintDelay);
  });
}

/** After a settings or config change; `immediate` unless it comes from typing in a config file. */
function relintAll(immediate = true): void {
  for (const doc of documents.all()) {
    if (!isConfigDocument(doc.uri)) scheduleLint(doc.uri, immediate);
  }
}

/** Problems in a config file go on the config file itself (cleared once it is valid again). */
function publishConfigProblems(file: string, result: ConfigFileResult): void {
  if (result.problems.length === 0) {
    clearConfigProblems(file);
    return;
  }
  // The URI the editor has the file open under, if it is open (its spelling may differ from ours).
  const uri = documents.all().find((d) => uriToFsPath(d.uri) === file)?.uri ?? configProblemUris.get(file) ?? fsPathToUri(file);
  // Logged when the problems change, not on every keystroke in the config file.
  const signature = result.problems.map((p) => p.message).join('\n');
  if (configProblemLogged.get(file) !== signature) {
    configProblemLogged.set(file, signature);
    warn(`${file}: ${result.problems.length} problem(s) in the Layerwise config; the defaults are used for what is wrong.`);
  }
  configProblemUris.set(file, uri);
  void connection.sendDiagnostics({ uri, diagnostics: result.problems.map(configProblemDiagnostic) });
}

function clearConfigProblems(file: string): void {
  configProblemLogged.delete(file);
  const shown = configProblemUris.get(file);
  if (!shown) return;
  configProblemUris.delete(file);
  void connection.sendDiagnostics({ uri: shown, diagnostics: [] });
}

/** A config file's editor text changed (`text`), or it was closed (undefined: the disk counts again). */
function configEdited(file: string, text: string | undefined): void {
  configs.setOverlay(file, text);
  configs.invalidate(file);
  // Closing a never-saved config leaves nothing to read, and nothing to complain about.
  if (text === undefined && !fsExists(file)) clearConfigProblems(file);
  else configs.read(file);
  relintAll(text === undefined);
}

/**
 * Files other documents' rules read: an override's base Compose file, the files that
 * declare builds, ignore files, other Dockerfiles. Editing one re-lints the others.
 */
function readByOtherDocuments(uri: string): boolean {
  const file = uriToFsPath(uri);
  return !!file && (classifyPath(file) !== null || file.endsWith(`${sep}.gitignore`));
}

function otherFileChanged(except?: string, paths?: readonly string[]): void {
  for (const p of paths ?? []) serverWorkspace.changed(p);
  if (paths?.some((p) => classifyPath(p) === 'bake')) void evaluateBake();
  workspaceFiles.changed(paths);
  for (const doc of documents.all()) {
    if (doc.uri !== except && !isConfigDocument(doc.uri)) scheduleLint(doc.uri, false);
  }
}

documents.onDidChangeContent(({ document }) => {
  const configFile = isConfigDocument(document.uri);
  if (configFile) configEdited(configFile, document.getText());
  else {
    if (readByOtherDocuments(document.uri)) otherFileChanged(document.uri, [uriToFsPath(document.uri)!]);
    scheduleLint(document.uri, !published.has(document.uri));
  }
});

documents.onDidClose(({ document }) => {
  const uri = document.uri;
  scheduler.cancel(uri);
  settings.forget(uri);
  const configFile = isConfigDocument(uri);
  if (configFile) {
    // Back to what is on disk; its problems stay listed while they are there.
    configEdited(configFile, undefined);
    return;
  }
  cache.delete(uri);
  published.delete(uri);
  // Its unsaved text no longer counts: the others read the disk again.
  if (readByOtherDocuments(uri)) otherFileChanged(undefined, [uriToFsPath(uri)!]);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
});

connection.onDidChangeConfiguration((change) => {
  settings.reset(change.settings);
  relintAll();
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  let relevant = false;
  const changedFiles: string[] = [];
  for (const c of changes) {
    const file = uriToFsPath(c.uri);
    // Any file: it may be in a build context (a COPY source, a .env that would be sent).
    if (file && serverWorkspace.relevant(file)) changedFiles.push(file);
    if (!file || !isConfigFileName(file)) continue;
    relevant = true;
    configs.invalidate(file);
    // Re-read now so its problems update even when no Dockerfile under it is open.
    if (c.type === FileChangeType.Deleted) clearConfigProblems(file);
    else configs.read(file);
  }
  if (relevant) {
    log('Layerwise config changed; linting open files again.');
    relintAll();
  } else if (changedFiles.length) otherFileChanged(undefined, changedFiles);
});

// ---------------------------------------------------------------- code actions and hover

connection.onCodeAction(
  guarded('codeAction', [], async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const s = await settings.get(doc.uri);
    const current = documents.get(doc.uri);
    if (!current) return [];
    return computeCodeActions(analyzer.analyze(current, s), params, { engine, env: editEnv, onRuleError: analyzer.onRuleError, files: workspaceFiles, workspace: serverWorkspace.current });
  }),
);

connection.onCodeLens(
  guarded('codeLens', [], async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const s = await settings.get(doc.uri);
    const current = documents.get(doc.uri);
    if (!current || !s.enable) return [];
    const entry = cache.get(current);
    if (entry.kind !== 'dockerfile' || !entry.model) return [];
    return contextLenses(entry.model as DockerfileModel, serverWorkspace.current, workspaceFiles);
  }),
);

connection.onHover(
  guarded('hover', null, async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || isConfigDocument(doc.uri)) return null;
    const s = await settings.get(doc.uri);
    const current = documents.get(doc.uri);
    if (!current) return null;
    const analysis = analyzer.analyze(current, s);
    const service = languageFeaturesOn(current, s) ? features.hover(current.getText(), params.position) : null;
    return computeHover(analysis.findings, params.position, engine, service);
  }),
);

// ---------------------------------------------------------------- Dockerfile language features

function languageFeaturesOn(doc: TextDocument, s: Settings): boolean {
  return s.languageFeatures.enable && classifyPath(documentPath(doc.uri), doc.languageId) === 'dockerfile';
}

/** The document, when language features apply to it (a Dockerfile, setting on). */
async function dockerfile(uri: string): Promise<TextDocument | undefined> {
  const doc = documents.get(uri);
  if (!doc) return undefined;
  const s = await settings.get(uri);
  const current = documents.get(uri);
  return current && languageFeaturesOn(current, s) ? current : undefined;
}

connection.onCompletion(
  guarded('completion', [], async (p) => {
    const open = documents.get(p.textDocument.uri);
    const entry = open && cache.get(open);
    if (entry?.kind === 'compose' && entry.model) {
      return composeBuildCompletion(entry.model as ComposeModel, p.position, { read: (f) => workspaceFiles.read(f), entries: fileSystemDisk.entries });
    }
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.completion(doc.getText(), p.position) : [];
  }),
);
connection.onCompletionResolve(guarded('completionResolve', null as never, (item) => features.resolveCompletion(item)));
connection.onSignatureHelp(
  guarded('signatureHelp', null, async (p) => {
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.signatureHelp(doc.getText(), p.position) : null;
  }),
);
connection.onDocumentFormatting(
  guarded('formatting', [], async (p) => {
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.format(doc.getText(), p.options) : [];
  }),
);
connection.onDocumentRangeFormatting(
  guarded('rangeFormatting', [], async (p) => {
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.formatRange(doc.getText(), p.range, p.options) : [];
  }),
);
connection.onDocumentOnTypeFormatting(
  guarded('onTypeFormatting', [], async (p) => {
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.formatOnType(doc.getText(), p.position, p.ch, p.options) : [];
  }),
);
connection.onDocumentSymbol(
  guarded('documentSymbol', [], async (p) => {
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.symbols(doc.uri, doc.getText()) : [];
  }),
);
connection.onFoldingRanges(
  guarded('foldingRange', [], async (p) => {
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.folding(doc.getText()) : [];
  }),
);
connection.onDocumentHighlight(
  guarded('documentHighlight', [], async (p) => {
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.highlights(doc.getText(), p.position) : [];
  }),
);
connection.onDefinition(
  guarded('definition', null, async (p) => {
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.definition(doc.uri, doc.getText(), p.position) : null;
  }),
);
connection.onPrepareRename(
  guarded('prepareRename', null, async (p) => {
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.prepareRename(doc.getText(), p.position) : null;
  }),
);
connection.onRenameRequest(
  guarded('rename', null, async (p) => {
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.rename(doc.uri, doc.getText(), p.position, p.newName) : null;
  }),
);
connection.onDocumentLinks(
  guarded('documentLinks', [], async (p) => {
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.links(doc.getText()) : [];
  }),
);
connection.onDocumentLinkResolve(guarded('documentLinkResolve', null as never, (link) => features.resolveLink(link)));
connection.languages.semanticTokens.on(
  guarded('semanticTokens', { data: [] }, async (p) => {
    const doc = await dockerfile(p.textDocument.uri);
    return doc ? features.semanticTokens(doc.getText()) : { data: [] };
  }),
);

documents.listen(connection);
connection.listen();
