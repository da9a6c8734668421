/**
 * The workspace model: one walk of the workspace folders (capped; skipping
 * node_modules, .git and excluded folders, but noting that they exist), the builds
 * the Compose files, bake files and workflows declare, and the answers rules ask
 * for (builds of a Dockerfile, what a context holds, which .dockerignore applies,
 * what git ignores). Pure: the disk comes in through `Disk`, so the server, the CLI
 * and tests share it. `changed(path)` updates one file or folder without a rescan.
 */
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { classifyPath, SKIPPED_DIRECTORIES } from '../core/classify';
import type { FileKind } from '../core/types';
import type { Build, ContextFile, ContextListing, DeclaredBuild, Workspace } from './types';
import { resolveDefaults } from '../compose/knowledge/volumes';

export interface DiskEntry {
  name: string;
  dir: boolean;
  size: number;
}

/** What the workspace reads: the server and CLI pass the file system, tests a map. */
export interface Disk {
  read(path: string): string | undefined;
  entries(dir: string): DiskEntry[] | undefined;
}

/** Builds declared by one file of a kind (Compose services, bake targets, workflow steps). */
export type BuildExtractor = (text: string, path: string) => DeclaredBuild[];

export interface WorkspaceOptions {
  /** Stop walking after this many entries: a huge monorepo must not stall the editor. */
  maxEntries?: number;
  /** Folders (absolute) not to enter, besides node_modules and .git (`files.exclude`). */
  isExcluded?: (path: string, dir: boolean) => boolean;
  extractors?: Partial<Record<FileKind, BuildExtractor>>;
}

const DEFAULT_MAX_ENTRIES = 200_000;
/** A context outside the workspace folders is walked on demand, with a smaller cap. */
const OUTSIDE_CONTEXT_MAX = 20_000;

function isRemote(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@') || /^github\.com\//.test(context);
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** Absolute paths for a declared build; undefined for remote contexts and unresolvable variables. */
export function resolveBuild(d: DeclaredBuild): Build | undefined {
  const contextText = resolveDefaults(d.context ?? '.');
  if (contextText === undefined || isRemote(contextText)) return undefined;
  const context = resolve(d.baseDir, contextText || '.');
  const dockerfileText = d.dockerfile === undefined ? 'Dockerfile' : resolveDefaults(d.dockerfile);
  if (dockerfileText === undefined) return undefined;
  const dockerfile = isAbsolute(dockerfileText) ? dockerfileText : resolve(d.dockerfileRelativeTo === 'context' ? context : d.baseDir, dockerfileText);
  return { origin: d.origin, dockerfile, context, target: d.target, args: d.args, name: d.name, file: d.file, range: d.range, guessed: false };
}

export class WorkspaceIndex implements Workspace {
  private readonly tree = new Map<string, DiskEntry[]>();
  private truncated = false;
  private declared = new Map<string, { text: string; builds: Build[] }>();
  /** Builds a tool evaluated for a file (`docker buildx bake --print`), kept while its text is the same. */
  private readonly evaluated = new Map<string, { text: string; builds: Build[] }>();
  private readonly listings = new Map<string, ContextListing>();
  private readonly gitignores = new Map<string, Ignore | null>();
  private readonly maxEntries: number;
  /** Answers kept until something changes (rules ask on every keystroke). */
  private filesByKind = new Map<FileKind, string[]>();
  private allBuilds: Build[] | undefined;

  constructor(
    private readonly disk: Disk,
    readonly roots: readonly string[],
    private readonly options: WorkspaceOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  /** Walks the roots. Synchronous per folder; `scanAsync` yields between folders. */
  scan(): this {
    const steps = this.walkSteps();
    while (!steps.next().done);
    return this;
  }

  /** The same walk, yielding to the event loop every `batch` folders (so the server keeps answering). */
  async scanAsync(onProgress?: (folders: number) => void, batch = 200): Promise<this> {
    let n = 0;
    const steps = this.walkSteps();
    while (!steps.next().done) {
      if (++n % batch === 0) {
        onProgress?.(n);
        await new Promise<void>((r) => setImmediate(r));
      }
    }
    return this;
  }

  private *walkSteps(): Generator<void> {
    this.tree.clear();
    this.forget();
    this.truncated = false;
    let count = 0;
    const stack = [...this.roots].reverse();
    while (stack.length) {
      const dir = stack.pop()!;
      const entries = this.disk.entries(dir);
      if (!entries) continue;
      const kept = entries.filter((e) => !this.options.isExcluded?.(join(dir, e.name), e.dir));
      this.tree.set(dir, kept);
      count += kept.length;
      if (count > this.maxEntries) {
        this.truncated = true;
        return;
      }
      for (let i = kept.length - 1; i >= 0; i--) {
        const e = kept[i];
        // Skipped folders are noted (a context "holds node_modules") but not entered.
        if (e.dir && !SKIPPED_DIRECTORIES.has(e.name)) stack.push(join(dir, e.name));
      }
      yield;
    }
  }

  /** Whether the walk stopped at its cap (then absence proves nothing). */
  get isTruncated(): boolean {
    return this.truncated;
  }

  /**
   * A file or folder changed, appeared or went: update that folder's entries and
   * only the answers that can depend on it (this runs on every keystroke in an open
   * Dockerfile, so a 500-service workspace must not recompute everything).
   */
  changed(path: string): void {
    const dir = dirname(path);
    const before = this.tree.get(dir);
    if (before) this.tree.set(dir, (this.disk.entries(dir) ?? []).filter((e) => !this.options.isExcluded?.(join(dir, e.name), e.dir)));
    const after = this.tree.get(dir);
    const entry = after?.find((e) => e.name === basename(path));
    if (!entry) {
      // Gone: forget the folder and everything under it.
      for (const d of [...this.tree.keys()]) if (d === path || d.startsWith(path + sep)) this.tree.delete(d);
    } else if (entry.dir && !SKIPPED_DIRECTORIES.has(entry.name)) {
      // A new or changed folder: walk just it.
      const sub = new WorkspaceIndex(this.disk, [path], this.options).scan();
      for (const [d, e] of sub.tree) this.tree.set(d, e);
    }
    const namesChanged = !before || !after || before.length !== after.length || before.some((e, i) => e.name !== after[i].name || e.dir !== after[i].dir);
    if (namesChanged || entry?.dir || !entry) this.filesByKind.clear();
    // Declared builds change when a declaring file does, or when files appear or go.
    const kind = classifyPath(path);
    if (namesChanged || !entry || (kind && this.options.extractors?.[kind])) this.allBuilds = undefined;
    this.declared.delete(path);
    this.nameSets.delete(dir);
    this.nameSets.delete(path);
    // Listings of the contexts that hold this path (sizes, names).
    for (const context of [...this.listings.keys()]) if (path === context || path.startsWith(context.endsWith(sep) ? context : context + sep)) this.listings.delete(context);
    if (basename(path) === '.gitignore') this.gitignores.clear();
  }

  /** Drops the derived answers (file lists, builds, listings); the walk stays. */
  private forget(): void {
    this.nameSets.clear();
    this.listings.clear();
    this.filesByKind.clear();
    this.allBuilds = undefined;
  }

  files(kind: FileKind): string[] {
    let out = this.filesByKind.get(kind);
    if (!out) {
      out = [];
      for (const [dir, entries] of this.tree) for (const e of entries) if (!e.dir && classifyPath(join(dir, e.name)) === kind) out.push(join(dir, e.name));
      out.sort();
      this.filesByKind.set(kind, out);
    }
    return out;
  }

  /**
   * Replaces what a file declares with a tool's evaluation of it (bake's own `--print`
   * evaluates variables, functions and matrices that reading the text cannot), for as
   * long as the file's text stays `text`.
   */
  setEvaluated(path: string, text: string, builds: readonly DeclaredBuild[]): void {
    this.evaluated.set(path, { text, builds: builds.map(resolveBuild).filter((b): b is Build => b !== undefined) });
    this.allBuilds = undefined;
  }

  private declaredIn(path: string, kind: FileKind): Build[] {
    const text = this.disk.read(path);
    if (text === undefined) return [];
    const evaluated = this.evaluated.get(path);
    if (evaluated && evaluated.text === text) return evaluated.builds;
    const cached = this.declared.get(path);
    if (cached && cached.text === text) return cached.builds;
    let builds: Build[] = [];
    try {
      builds = (this.options.extractors?.[kind]?.(text, path) ?? []).map(resolveBuild).filter((b): b is Build => b !== undefined);
    } catch {
      builds = []; // a file the extractor cannot read declares nothing
    }
    this.declared.set(path, { text, builds });
    return builds;
  }

  builds(): Build[] {
    if (!this.allBuilds) {
      const kinds = Object.keys(this.options.extractors ?? {}) as FileKind[];
      this.allBuilds = kinds.flatMap((kind) => this.files(kind).flatMap((f) => this.declaredIn(f, kind)));
    }
    return this.allBuilds;
  }

  buildsOf(dockerfile: string): Build[] {
    const declared = this.builds().filter((b) => b.dockerfile === dockerfile);
    if (declared.length) return declared;
    return [{ origin: 'guess', dockerfile, context: dirname(dockerfile), args: {}, name: basename(dirname(dockerfile)) || dockerfile, guessed: true }];
  }

  /** Names per folder as sets: `exists` runs for every build of every Dockerfile on each lint. */
  private readonly nameSets = new Map<string, Set<string>>();

  private exists(path: string): boolean {
    const dir = dirname(path);
    let names = this.nameSets.get(dir);
    if (!names) {
      names = new Set((this.tree.get(dir) ?? this.disk.entries(dir) ?? []).map((e) => e.name));
      this.nameSets.set(dir, names);
    }
    return names.has(basename(path));
  }

  ignoreFileFor(build: Build): string | undefined {
    const beside = `${build.dockerfile}.dockerignore`;
    if (this.exists(beside)) return beside;
    const atRoot = join(build.context, '.dockerignore');
    return this.exists(atRoot) ? atRoot : undefined;
  }

  private insideRoots(path: string): boolean {
    return this.roots.some((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep));
  }

  contextListing(context: string): ContextListing {
    const cached = this.listings.get(context);
    if (cached) return cached;
    const files: ContextFile[] = [];
    const dirs: string[] = [];
    let truncated = false;
    const inside = this.insideRoots(context) && this.tree.has(context);
    const entriesOf = (dir: string) => (inside ? this.tree.get(dir) : this.disk.entries(dir));
    const stack: string[] = [context];
    let count = 0;
    while (stack.length) {
      const dir = stack.pop()!;
      const entries = entriesOf(dir);
      if (!entries) continue;
      for (const e of entries) {
        const full = join(dir, e.name);
        const rel = toPosix(relative(context, full));
        if (e.dir) {
          dirs.push(rel);
          if (!SKIPPED_DIRECTORIES.has(e.name)) stack.push(full);
        } else files.push({ path: rel, size: e.size });
        if (!inside && ++count > OUTSIDE_CONTEXT_MAX) {
          truncated = true;
          stack.length = 0;
          break;
        }
      }
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    dirs.sort();
    const listing: ContextListing = { files, dirs, truncated: truncated || (inside && this.truncated) };
    this.listings.set(context, listing);
    return listing;
  }

  private gitignoreAt(dir: string): Ignore | null {
    if (this.gitignores.has(dir)) return this.gitignores.get(dir)!;
    const text = this.disk.read(join(dir, '.gitignore'));
    const ig = text === undefined ? null : ignore().add(text);
    this.gitignores.set(dir, ig);
    return ig;
  }

  gitIgnored(path: string): boolean {
    const root = this.roots.find((r) => this.insideRoots(path) && (path === r || path.startsWith(r + sep)));
    if (!root) return false;
    // Each .gitignore from the root down applies to the paths below its folder (deeper files win; negations are rare enough to take in order).
    let ignored = false;
    let dir = root;
    const parts = relative(root, path).split(sep);
    for (let i = 0; i < parts.length; i++) {
      const ig = this.gitignoreAt(dir);
      if (ig) {
        const rel = toPosix(relative(dir, path));
        const r = ig.test(rel);
        if (r.ignored) ignored = true;
        else if (r.unignored) ignored = false;
        // A parent folder ignored means everything under it is.
        for (let j = i; j < parts.length - 1 && !ignored; j++) {
          if (ig.ignores(toPosix(join(...parts.slice(i, j + 1))) + '/')) ignored = true;
        }
      }
      dir = join(dir, parts[i]);
    }
    return ignored;
  }
}
