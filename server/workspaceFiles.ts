/**
 * The FileView the server gives cross-file rules: the editor's text for open
 * documents (unsaved edits count), the disk for the rest. `generation` changes
 * whenever any of it may have, so findings cached per document version are
 * recomputed when a file they read changes.
 */
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileView } from '../rules/core/types';
import { DiskFileView } from '../rules/node/diskFiles';
import { fsPathToUri } from './paths';

export class WorkspaceFiles implements FileView {
  private readonly disk = new DiskFileView();
  private gen = 0;

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  get generation(): number {
    return this.gen;
  }

  read(path: string): string | undefined {
    return this.documents.get(fsPathToUri(path))?.getText() ?? this.disk.read(path);
  }

  list(dir: string): string[] | undefined {
    return this.disk.list(dir);
  }

  /** Files changed on disk or in the editor (all of them when not named). */
  changed(paths?: readonly string[]): void {
    this.disk.clear(paths);
    this.gen++;
  }
}
