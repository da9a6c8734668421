/**
 * `--fix` for one file: fix-all (safe fixes, or all with --fix-unsafe), write the
 * file when it changed, then apply the fixes' changes to other files. The same
 * other-file change asked for by two linted files is applied once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../../rules/core/engine';
import { fixAll } from '../../rules/core/fixAll';
import type { LayerwiseConfig } from '../../rules/core/config';
import type { FileKind, FileView, Finding } from '../../rules/core/types';
import type { Workspace } from '../../rules/workspace/types';
import { applyFileChanges } from '../../rules/node/fileChanges';

export interface FixOutcome {
  text: string;
  /** Findings left in the fixed text. */
  remaining: Finding[];
  /** Number of fixes applied to this file. */
  applied: number;
  /** Problems writing files (the run then exits 2). */
  errors: string[];
  /** Other-file changes that were skipped on purpose (e.g. a file that already exists). */
  notes: string[];
}

export class Fixer {
  private readonly doneOther = new Set<string>();

  constructor(
    private readonly engine: Engine,
    private readonly unsafe: boolean,
    private readonly show: (absPath: string) => string,
    private readonly files?: FileView,
    private readonly workspace?: Workspace,
  ) {}

  fixFile(absPath: string, kind: FileKind, text: string, config: LayerwiseConfig): FixOutcome {
    const result = fixAll(this.engine, kind, text, absPath, { config, unsafe: this.unsafe, files: this.files, workspace: this.workspace });
    const errors: string[] = [];
    const notes: string[] = [];
    if (result.text !== text) {
      try {
        fs.writeFileSync(absPath, result.text);
      } catch (e) {
        errors.push(`${this.show(absPath)}: cannot write the fixed file: ${(e as Error).message}`);
        return { text, remaining: this.engine.lint(kind, text, absPath, { config, files: this.files, workspace: this.workspace })?.findings ?? [], applied: 0, errors, notes };
      }
    }
    const baseDir = path.dirname(absPath);
    const fresh = result.otherFiles.filter((change) => {
      const key = JSON.stringify({ ...change, path: path.resolve(baseDir, change.path), renameTo: change.renameTo && path.resolve(baseDir, change.renameTo) });
      if (this.doneOther.has(key)) return false;
      this.doneOther.add(key);
      return true;
    });
    for (const o of applyFileChanges(baseDir, fresh)) {
      if (o.status === 'failed') errors.push(`${this.show(o.path)}: cannot apply a fix's change: ${o.reason}`);
      else if (o.status === 'skipped') notes.push(`${this.show(o.path)}: left unchanged (${o.reason})`);
    }
    return { text: result.text, remaining: result.remaining, applied: result.applied.length, errors, notes };
  }
}
