/**
 * A FileView over the disk, for the CLI and for files the editor does not have
 * open. Reads are cached for the view's lifetime (one CLI run; in the server,
 * until a watched file changes), so a base Compose file read by ten overrides is
 * read once.
 */
import * as fs from 'node:fs';
import type { FileView } from '../core/types';

/** Files larger than this are not read for cross-file checks (no Compose or ignore file comes near). */
const MAX_READ_BYTES = 1024 * 1024;

export class DiskFileView implements FileView {
  private readonly texts = new Map<string, string | undefined>();
  private readonly dirs = new Map<string, string[] | undefined>();

  read(path: string): string | undefined {
    if (this.texts.has(path)) return this.texts.get(path);
    let text: string | undefined;
    try {
      const stat = fs.statSync(path);
      text = stat.isFile() && stat.size <= MAX_READ_BYTES ? fs.readFileSync(path, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    this.texts.set(path, text);
    return text;
  }

  list(dir: string): string[] | undefined {
    if (this.dirs.has(dir)) return this.dirs.get(dir);
    let names: string[] | undefined;
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      names = undefined;
    }
    this.dirs.set(dir, names);
    return names;
  }

  /** Forgets what it read (after a file event, or a fix that wrote files); only `paths` when given. */
  clear(paths?: readonly string[]): void {
    if (!paths) {
      this.texts.clear();
      this.dirs.clear();
      return;
    }
    for (const p of paths) {
      this.texts.delete(p);
      this.dirs.delete(p);
      // The folder's listing changes when a file appears or goes.
      this.dirs.delete(p.slice(0, Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'))));
    }
  }
}
