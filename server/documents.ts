/**
 * What the server knows about each open document, per version: its kind, the
 * parsed model (parsed once per version, shared by diagnostics, code actions and
 * hover) and the findings for the config they were linted with.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine } from '../rules/core/engine';
import type { LayerwiseConfig } from '../rules/core/config';
import type { ModelBase } from '../rules/core/rule';
import type { FileKind, FileView, Finding } from '../rules/core/types';
import type { Workspace } from '../rules/workspace/types';
import { classifyPath } from '../rules/core/classify';
import { documentPath, uriToFsPath } from './paths';

/**
 * Beyond this size the server does not lint (the CLI still does): no real
 * Dockerfile comes near, and a 256 KB file of RUN lines already takes seconds to
 * parse and lint, during which the server answers nothing else.
 */
export const MAX_LINT_CHARS = 256 * 1024;

export type SkipReason = 'unsupported' | 'binary' | 'too-large' | 'parse-error';

export interface DocumentEntry {
  uri: string;
  version: number;
  text: string;
  kind: FileKind | null;
  /** The path the engine sees (file path, or the URI path for untitled documents). */
  path: string;
  fsPath?: string;
  /** Why the engine does not run on this version, if it does not. */
  skip?: SkipReason;
  model?: ModelBase;
  lint?: { config: LayerwiseConfig; generation: number; workspace?: Workspace; findings: Finding[] };
}

/** A NUL in the first 8 KB means a binary file opened by name (`Dockerfile.tar`); git uses the same test. */
function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

export class DocumentCache {
  private readonly entries = new Map<string, DocumentEntry>();

  constructor(
    private readonly engine: Engine,
    private readonly log: (message: string) => void,
  ) {}

  /** The entry for the document's current version, parsing it if this version is new. */
  get(doc: TextDocument): DocumentEntry {
    const old = this.entries.get(doc.uri);
    if (old && old.version === doc.version) return old;
    const text = doc.getText();
    const docPath = documentPath(doc.uri);
    // The name wins over the language id: `Dockerfile.dockerignore` is an ignore file.
    const kind = classifyPath(docPath, doc.languageId);
    const entry: DocumentEntry = { uri: doc.uri, version: doc.version, text, kind, path: docPath, fsPath: uriToFsPath(doc.uri) };
    if (!kind || !this.engine.support(kind)) entry.skip = 'unsupported';
    else if (text.length > MAX_LINT_CHARS) entry.skip = 'too-large';
    else if (looksBinary(text)) entry.skip = 'binary';
    else {
      try {
        entry.model = this.engine.parse(kind, text, docPath);
        if (!entry.model) entry.skip = 'unsupported';
      } catch (e) {
        entry.skip = 'parse-error';
        this.log(`Cannot parse ${doc.uri}: ${e instanceof Error ? e.stack : String(e)}`);
      }
    }
    // Say once per document why it is not linted, not on every keystroke.
    if (entry.skip && entry.skip !== 'unsupported' && old?.skip !== entry.skip) {
      this.log(`Not linting ${doc.uri}: ${entry.skip === 'too-large' ? `larger than ${MAX_LINT_CHARS} characters` : entry.skip === 'binary' ? 'it looks binary' : 'the parser failed'}.`);
    }
    this.entries.set(doc.uri, entry);
    return entry;
  }

  /** The findings for this entry and config, linted once per (version, config, state of the other files). */
  findings(entry: DocumentEntry, config: LayerwiseConfig, onRuleError: (ruleId: string, error: unknown) => void, files?: FileView & { generation: number }, workspace?: Workspace): Finding[] {
    if (!entry.model) return [];
    const generation = files?.generation ?? 0;
    if (entry.lint?.config === config && entry.lint.generation === generation && entry.lint.workspace === workspace) return entry.lint.findings;
    const findings = this.engine.lintModel(entry.model, { config, onRuleError, files, workspace });
    entry.lint = { config, generation, workspace, findings };
    return findings;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
