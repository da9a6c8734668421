/**
 * The engine's vocabulary. Positions are 0-based line/character in UTF-16 code
 * units, exactly as LSP has them, so the server forwards them untouched and the
 * CLI adds 1 for humans.
 */

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A change to a file other than the one being linted (path relative to the linted file's folder, or absolute). */
export interface OtherFileChange {
  path: string;
  /** Create the file with this content (fails softly if it exists and `overwrite` is not set). */
  create?: string;
  overwrite?: boolean;
  /** Edits against the file's current text. */
  edits?: TextEdit[];
  /**
   * Lines the file must contain (e.g. `secrets/` in `.gitignore`): those it lacks
   * are appended, and a missing file is created with them.
   */
  appendLines?: string[];
  /** Rename the file to this path (same base as `path`). */
  renameTo?: string;
}

export interface Fix {
  title: string;
  /** Edits to the linted document. */
  edits: TextEdit[];
  otherFiles?: OtherFileChange[];
  /**
   * True when the fix keeps what the image/service does (it may only make the build
   * faster or smaller). Safe fixes go into fix-all and `--fix`; unsafe ones need
   * `--fix-unsafe` and are only offered one at a time in the editor.
   */
  safe: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: Fix[];
}

/**
 * Read access to the other files of the workspace, for rules that look across
 * files (an override and its base Compose file). The engine stays free of `fs`:
 * the CLI reads the disk, the server prefers the editor's unsaved text.
 */
export interface FileView {
  /** A file's text by absolute path, or undefined when it is missing or unreadable. */
  read(path: string): string | undefined;
  /** The names in a folder (absolute path), or undefined when it is missing. */
  list(dir: string): string[] | undefined;
}

export type FileKind = 'dockerfile' | 'compose' | 'dockerignore' | 'workflow' | 'bake';

/** Metadata every rule declares beside its check (ESLint style). */
export interface RuleMeta {
  /** Stable kebab-case id; also the docs page name `rules/docs/<id>.md`. */
  id: string;
  title: string;
  severity: Severity;
  /** The plan section it serves, e.g. "§1.1". */
  plan: string;
  /** The hadolint code(s) it corresponds to, honoured by `# hadolint ignore=`. */
  hadolint?: string[];
  kind: FileKind;
  /** What its quick fix is, if it has one: `safe` fixes go into fix-all and `--fix`. */
  fix?: 'safe' | 'unsafe';
}
