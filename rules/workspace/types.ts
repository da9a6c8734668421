/**
 * The workspace model's vocabulary: which builds use which Dockerfile (from Compose,
 * bake, CI workflows, or guessed), what a build context holds, and which
 * `.dockerignore` applies. Pure data and interfaces: the server and the CLI fill it
 * from the disk (rules/node/), rules only read it through `ctx.workspace`.
 */
import type { Range } from '../core/types';

/** Where a build is declared. */
export type BuildOrigin = 'compose' | 'bake' | 'workflow' | 'guess';

/**
 * A build as a declaring file states it, before paths are resolved: what the Compose
 * service, bake target or workflow step says. Paths as written (relative to `baseDir`).
 */
export interface DeclaredBuild {
  origin: Exclude<BuildOrigin, 'guess'>;
  /** The declaring file (absolute). */
  file: string;
  /** Folder relative paths are resolved against (Compose file's folder, bake file's folder, repository root for workflows). */
  baseDir: string;
  /** Context as written; undefined means the origin's default (`.`). A URL or `git@…` context is remote: skipped. */
  context?: string;
  /** Dockerfile as written, relative to the context (Compose, bake, `docker build -f` is relative to the cwd: see `dockerfileRelativeTo`). */
  dockerfile?: string;
  /** What `dockerfile` is relative to: the context (Compose, bake) or `baseDir` (`docker build -f`, build-push-action `file`). */
  dockerfileRelativeTo: 'context' | 'base';
  target?: string;
  args: Record<string, string>;
  /** A name for messages: the service, bake target or workflow step. */
  name: string;
  /** Where in the declaring file (for findings on the declaration, e.g. compose-build-reference). */
  range?: Range;
}

/** A build with absolute paths: what the workspace answers for a Dockerfile. */
export interface Build {
  origin: BuildOrigin;
  /** Absolute. */
  dockerfile: string;
  /** Absolute folder. */
  context: string;
  target?: string;
  args: Record<string, string>;
  name: string;
  /** The declaring file; undefined for a guess. */
  file?: string;
  range?: Range;
  /** True when nothing names this Dockerfile and its own folder is assumed: never an error-level finding from it. */
  guessed: boolean;
}

/** A file in a build context: path relative to the context root, `/`-separated. */
export interface ContextFile {
  path: string;
  size: number;
}

export interface ContextListing {
  files: ContextFile[];
  /** Folders (relative, `/`-separated), so patterns naming a folder can be judged. */
  dirs: string[];
  /** True when the walk stopped at the cap: absence of a file proves nothing then. */
  truncated: boolean;
}

/** The questions rules ask about the workspace. */
export interface Workspace {
  /** Builds that use this Dockerfile (absolute path): declared ones, else one guessed build in its own folder. */
  buildsOf(dockerfile: string): Build[];
  /** Every declared build. */
  builds(): Build[];
  /** Files the context holds, before `.dockerignore` (skips nothing but `.git`'s insides; `.git` itself is listed as a folder). */
  contextListing(context: string): ContextListing;
  /** The `.dockerignore` that applies: `<Dockerfile>.dockerignore` beside the Dockerfile, else `<context>/.dockerignore`. Absolute path or undefined. */
  ignoreFileFor(build: Build): string | undefined;
  /** Files of a kind in the workspace (absolute paths). */
  files(kind: 'dockerfile' | 'compose' | 'dockerignore' | 'workflow' | 'bake'): string[];
  /** Whether git ignores a path (by the `.gitignore` files above it): generated or secret files. */
  gitIgnored(path: string): boolean;
}
