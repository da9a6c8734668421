/**
 * Applies a fix's `otherFiles` changes to disk: create, edit, rename. Paths are
 * relative to the linted file's folder (or absolute). Nothing existing is ever
 * overwritten unless the change says `overwrite`; a change that cannot be applied
 * is reported, not thrown, so one bad change never stops the others.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appendLinesEdit, applyEdits } from '../core/text';
import type { OtherFileChange } from '../core/types';

export interface FileChangeOutcome {
  /** Absolute path the change was about. */
  path: string;
  /** What happened: written, renamed, or why nothing was done. */
  status: 'created' | 'edited' | 'renamed' | 'skipped' | 'failed';
  /** Absolute destination of a rename. */
  renamedTo?: string;
  /** Why a change was skipped or failed. */
  reason?: string;
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Applies one change. A change may combine steps, done in this order: `create`
 * (or `edits` on the existing file), then `renameTo`. Outcomes are listed per step.
 */
export function applyFileChange(baseDir: string, change: OtherFileChange): FileChangeOutcome[] {
  const target = path.resolve(baseDir, change.path);
  const outcomes: FileChangeOutcome[] = [];
  if (change.create !== undefined) {
    if (exists(target) && !change.overwrite) {
      // Fails softly: the user's file wins, and the rename (if any) must not move it.
      return [{ path: target, status: 'skipped', reason: 'already exists' }];
    }
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, change.create);
      outcomes.push({ path: target, status: 'created' });
    } catch (e) {
      return [{ path: target, status: 'failed', reason: errorText(e) }];
    }
  } else if (change.edits?.length) {
    try {
      const text = fs.readFileSync(target, 'utf8');
      const result = applyEdits(text, change.edits);
      if (result.text !== text) fs.writeFileSync(target, result.text);
      outcomes.push(result.skipped.length ? { path: target, status: 'edited', reason: `${result.skipped.length} overlapping edit(s) skipped` } : { path: target, status: 'edited' });
    } catch (e) {
      return [{ path: target, status: 'failed', reason: errorText(e) }];
    }
  }
  if (change.appendLines?.length) {
    try {
      if (!exists(target)) {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, change.appendLines.join('\n') + '\n');
        outcomes.push({ path: target, status: 'created' });
      } else {
        const text = fs.readFileSync(target, 'utf8');
        const edit = appendLinesEdit(text, change.appendLines);
        if (edit) fs.writeFileSync(target, applyEdits(text, [edit]).text);
        outcomes.push(edit ? { path: target, status: 'edited' } : { path: target, status: 'skipped', reason: 'already has those lines' });
      }
    } catch (e) {
      outcomes.push({ path: target, status: 'failed', reason: errorText(e) });
    }
  }
  if (change.renameTo !== undefined) {
    const destination = path.resolve(baseDir, change.renameTo);
    if (destination === target) return outcomes;
    if (!exists(target)) outcomes.push({ path: target, status: 'failed', reason: 'does not exist' });
    else if (exists(destination) && !change.overwrite) outcomes.push({ path: target, status: 'skipped', renamedTo: destination, reason: `${destination} already exists` });
    else {
      try {
        fs.mkdirSync(path.dirname(destination), { recursive: true });
        fs.renameSync(target, destination);
        outcomes.push({ path: target, status: 'renamed', renamedTo: destination });
      } catch (e) {
        outcomes.push({ path: target, status: 'failed', renamedTo: destination, reason: errorText(e) });
      }
    }
  }
  return outcomes;
}

/** Applies changes in order, relative to `baseDir` (the linted file's folder). */
export function applyFileChanges(baseDir: string, changes: readonly OtherFileChange[]): FileChangeOutcome[] {
  return changes.flatMap((c) => applyFileChange(baseDir, c));
}
