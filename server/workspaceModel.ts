/**
 * The server's workspace model: indexed in the background when the workspace
 * opens (with a progress notification), then kept current from file events and
 * edits of the files that declare builds or say what a context sends — never a
 * full rescan per change. Until the first walk ends, rules run without it.
 */
import { relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { WorkspaceIndex, type Disk } from '../rules/workspace/index';
import { BUILD_EXTRACTORS } from '../rules/workspace/extractors';
import { fileSystemDisk } from '../rules/node/disk';
import { evaluateBakeFiles } from '../rules/node/bakeEvaluation';
import { SKIPPED_DIRECTORIES } from '../rules/core/classify';
import type { Workspace } from '../rules/workspace/types';

export interface IndexProgress {
  begin(title: string): void;
  report(message: string): void;
  done(): void;
}

/** Events from inside node_modules or .git say nothing a rule asks about (and come by the thousand). */
function inSkippedFolder(path: string): boolean {
  return path.split(sep).some((part) => SKIPPED_DIRECTORIES.has(part));
}

/**
 * VS Code's `files.exclude` (glob → true) as a predicate on absolute paths, matched
 * relative to the workspace folder that holds them, as VS Code does.
 */
export function excludedBy(exclude: Readonly<Record<string, unknown>>, roots: readonly string[]): ((path: string) => boolean) | undefined {
  const globs = Object.entries(exclude).filter(([, on]) => on === true).map(([glob]) => glob);
  if (!globs.length) return undefined;
  const match = picomatch(globs, { dot: true });
  return (path) => {
    const root = roots.find((r) => path.startsWith(r + sep));
    return !!root && match(relative(root, path).split(sep).join('/'));
  };
}

export class ServerWorkspace {
  private index: WorkspaceIndex | undefined;
  private generation = 0;

  constructor(
    /** Reads files the way rules must see them: the editor's unsaved text first. */
    private readonly read: (path: string) => string | undefined,
    private readonly log: (message: string) => void,
  ) {}

  /** The model once indexed; undefined while the first walk runs or without workspace folders. */
  get current(): Workspace | undefined {
    return this.index;
  }

  /** Walks the folders again (start, or folders added/removed); resolves when done. A newer call wins. */
  async rebuild(roots: readonly string[], progress?: IndexProgress, exclude: Readonly<Record<string, unknown>> = {}): Promise<void> {
    const mine = ++this.generation;
    if (!roots.length) {
      this.index = undefined;
      return;
    }
    const disk: Disk = { read: this.read, entries: fileSystemDisk.entries };
    const next = new WorkspaceIndex(disk, roots, { extractors: BUILD_EXTRACTORS, isExcluded: excludedBy(exclude, roots) });
    const started = Date.now();
    progress?.begin('Layerwise: indexing the workspace');
    try {
      await next.scanAsync((folders) => progress?.report(`${folders} folders`));
    } finally {
      progress?.done();
    }
    if (mine !== this.generation) return;
    this.index = next;
    const dockerfiles = next.files('dockerfile').length;
    this.log(`Indexed the workspace in ${Date.now() - started} ms: ${dockerfiles} Dockerfile(s), ${next.builds().length} declared build(s)${next.isTruncated ? ' (stopped at the size cap: some findings about contexts are off)' : ''}.`);
  }

  /** Asks bake to evaluate the bake files (`docker buildx bake --print`); how many it did. */
  async evaluateBake(docker: string): Promise<number> {
    const index = this.index;
    if (!index || !index.files('bake').length) return 0;
    return evaluateBakeFiles(index, { read: this.read, entries: fileSystemDisk.entries }, { docker, timeoutMs: 20_000 });
  }

  /** Whether a change to this file can matter to a rule (not inside node_modules or .git). */
  relevant(path: string): boolean {
    return !inSkippedFolder(path);
  }

  /** A file changed on disk or in the editor: the model updates that part. */
  changed(path: string): void {
    if (this.index && this.relevant(path)) this.index.changed(path);
  }
}
