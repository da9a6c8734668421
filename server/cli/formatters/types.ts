/** What every output format is given: one entry per linted file, in output order. */
import type { Finding } from '../../../rules/core/types';

export interface FileReport {
  /** Absolute path. */
  path: string;
  /** Relative to the working directory, forward slashes (what the output shows). */
  display: string;
  /** The file's text as linted (after --fix, the fixed text). */
  text: string;
  /** The findings to report (already filtered by --quiet). */
  findings: Finding[];
}

export interface RunReport {
  cwd: string;
  files: FileReport[];
  /** Files linted (including clean ones). */
  linted: number;
  fixesApplied: number;
  filesFixed: number;
  /** Problems printed on stderr (config, unreadable files); they also go into SARIF's invocation. */
  toolErrors: string[];
  color: boolean;
}
