/**
 * URIs ↔ file-system paths, and which workspace folder holds a file. Only `file:`
 * URIs have a path on disk; other schemes (untitled:) are linted with the defaults.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file-system path of a `file:` URI, undefined for other schemes or malformed URIs. */
export function uriToFsPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function fsPathToUri(p: string): string {
  return pathToFileURL(p).href;
}

/** The path the engine sees: the file path for files, the URI's path part otherwise (`untitled:Untitled-1`). */
export function documentPath(uri: string): string {
  const fsPath = uriToFsPath(uri);
  if (fsPath) return fsPath;
  const colon = uri.indexOf(':');
  let rest = colon >= 0 ? uri.slice(colon + 1) : uri;
  const q = rest.search(/[?#]/);
  if (q >= 0) rest = rest.slice(0, q);
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

/** Same path on case-insensitive file systems. */
function comparable(p: string): string {
  const r = path.resolve(p);
  return process.platform === 'win32' || process.platform === 'darwin' ? r.toLowerCase() : r;
}

/** True when `file` is `dir` or inside it. */
export function isInside(file: string, dir: string): boolean {
  const f = comparable(file);
  const d = comparable(dir);
  return f === d || f.startsWith(d.endsWith(path.sep) ? d : d + path.sep);
}

/** The workspace folders, kept up to date; answers "which folder root is this file under" (innermost wins). */
export class WorkspaceFolders {
  private roots: string[] = [];

  set(uris: readonly string[]): void {
    this.roots = uris.map(uriToFsPath).filter((p): p is string => !!p);
  }

  add(uris: readonly string[]): void {
    this.set([...this.roots.map(fsPathToUri), ...uris]);
  }

  remove(uris: readonly string[]): void {
    const gone = new Set(uris.map(uriToFsPath).filter((p): p is string => !!p).map(comparable));
    this.roots = this.roots.filter((r) => !gone.has(comparable(r)));
  }

  all(): string[] {
    return [...this.roots];
  }

  /** The innermost folder containing the file; undefined outside every folder. */
  rootOf(file: string): string | undefined {
    let best: string | undefined;
    for (const r of this.roots) if (isInside(file, r) && (!best || r.length > best.length)) best = r;
    return best;
  }
}
