/**
 * A rule's Fix as an LSP WorkspaceEdit. Other files are named relative to the
 * linted document's folder; creating or renaming them needs the client's
 * documentChanges + resourceOperations, plain text edits fall back to `changes`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientCapabilities, CreateFile, RenameFile, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { appendLinesEdit, LineIndex } from '../rules/core/text';
import type { Fix } from '../rules/core/types';
import { fsPathToUri } from './paths';

export interface EditSupport {
  documentChanges: boolean;
  create: boolean;
  rename: boolean;
}

export function editSupport(caps: ClientCapabilities): EditSupport {
  const we = caps.workspace?.workspaceEdit;
  const ops = new Set<string>(we?.resourceOperations ?? []);
  return { documentChanges: !!we?.documentChanges, create: ops.has('create'), rename: ops.has('rename') };
}

export interface EditTarget {
  uri: string;
  version: number;
  /** Undefined for documents without a file (untitled): their fixes cannot touch other files. */
  fsPath?: string;
}

export interface EditEnvironment {
  support: EditSupport;
  /** Version of a document open in the editor, so edits to it are checked against what the user sees. */
  openVersion(uri: string): number | null;
  exists(fsPath: string): boolean;
  /** A file's text (the editor's, when open), or undefined when it does not exist. */
  read(fsPath: string): string | undefined;
}

export const fsRead = (p: string): string | undefined => {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

export const fsExists = (p: string): boolean => {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
};

/** The WorkspaceEdit for a fix, or undefined when the client cannot apply it (it would need to create a file). */
export function fixToWorkspaceEdit(fix: Pick<Fix, 'edits' | 'otherFiles'>, target: EditTarget, env: EditEnvironment): WorkspaceEdit | undefined {
  const documentChanges: (TextDocumentEdit | CreateFile | RenameFile)[] = [];
  const changes: Record<string, TextEdit[]> = {};
  let needsCreate = false;
  let needsRename = false;
  if (fix.edits.length) {
    documentChanges.push({ textDocument: { uri: target.uri, version: target.version }, edits: fix.edits });
    changes[target.uri] = [...fix.edits];
  }
  for (const other of fix.otherFiles ?? []) {
    if (!target.fsPath) return undefined;
    const base = path.dirname(target.fsPath);
    const abs = path.resolve(base, other.path);
    const uri = fsPathToUri(abs);
    if (other.create !== undefined && (other.overwrite || !env.exists(abs))) {
      needsCreate = true;
      documentChanges.push({ kind: 'create', uri, options: other.overwrite ? { overwrite: true } : { ignoreIfExists: true } });
      if (other.create) {
        const at = { line: 0, character: 0 };
        documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: at, end: at }, newText: other.create }] });
      }
    }
    if (other.edits?.length) {
      documentChanges.push({ textDocument: { uri, version: env.openVersion(uri) }, edits: other.edits });
      (changes[uri] ??= []).push(...other.edits);
    }
    if (other.appendLines?.length) {
      const current = env.read(abs);
      if (current === undefined) {
        needsCreate = true;
        const at = { line: 0, character: 0 };
        documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
        documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: at, end: at }, newText: other.appendLines.join('\n') + '\n' }] });
      } else {
        const edit = appendLinesEdit(current, other.appendLines);
        if (edit) {
          documentChanges.push({ textDocument: { uri, version: env.openVersion(uri) }, edits: [edit] });
          (changes[uri] ??= []).push(edit);
        }
      }
    }
    if (other.renameTo) {
      needsRename = true;
      documentChanges.push({ kind: 'rename', oldUri: uri, newUri: fsPathToUri(path.resolve(base, other.renameTo)), options: { ignoreIfExists: true } });
    }
  }
  const { support } = env;
  if (support.documentChanges && (!needsCreate || support.create) && (!needsRename || support.rename)) return { documentChanges };
  if (needsCreate || needsRename) return undefined;
  return { changes };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * One edit turning `before` into `after`, as small as the common prefix and suffix
 * allow, so the editor keeps the cursor and undo is a single step. Never splits a
 * CRLF or a surrogate pair. Undefined when the texts are equal.
 */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  if (p > 0 && (before.charCodeAt(p - 1) === 13 || isHighSurrogate(before.charCodeAt(p - 1)))) p--;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  // Start of the kept suffix in `before`; move it right rather than split "\r|\n" or a surrogate pair.
  const splits = (at: number) => at > p && at < before.length && ((before.charCodeAt(at) === 10 && before.charCodeAt(at - 1) === 13) || isHighSurrogate(before.charCodeAt(at - 1)));
  while (s > 0 && splits(before.length - s)) s--;
  const index = new LineIndex(before);
  return { range: index.range(p, before.length - s), newText: after.slice(p, after.length - s) };
}
