/**
 * Fix-all, shared by `source.fixAll.layerwise` and `layerwise lint --fix`: apply
 * the first fix of every finding that may be applied, skipping fixes that touch
 * the same text, re-lint, and repeat until nothing changes.
 */
import type { Engine, EngineOptions } from './engine';
import { applyEdits, editsConflict } from './text';
import type { FileKind, Finding, Fix, OtherFileChange, TextEdit } from './types';

export interface FixAllOptions extends EngineOptions {
  /** Include fixes that change behaviour (`--fix-unsafe`). */
  unsafe?: boolean;
  /** Only fixes of these rules. */
  only?: (ruleId: string) => boolean;
  maxPasses?: number;
}

export interface FixAllResult {
  text: string;
  /** Rule ids of the fixes applied, in order. */
  applied: string[];
  otherFiles: OtherFileChange[];
  /** Findings left after the last pass. */
  remaining: Finding[];
}

/** The fix fix-all would take for a finding, if any. */
export function fixAllCandidate(f: Finding, unsafe: boolean): Fix | undefined {
  return f.fixes.find((fix) => fix.safe || unsafe);
}

/** Picks non-conflicting fixes from one lint pass. */
export function selectFixes(findings: readonly Finding[], options: Pick<FixAllOptions, 'unsafe' | 'only'>): { fix: Fix; finding: Finding }[] {
  const chosen: { fix: Fix; finding: Finding }[] = [];
  const taken: TextEdit[] = [];
  for (const f of findings) {
    if (options.only && !options.only(f.ruleId)) continue;
    const fix = fixAllCandidate(f, !!options.unsafe);
    if (!fix || (fix.edits.length === 0 && !fix.otherFiles?.length)) continue;
    if (editsConflict(taken, fix.edits)) continue;
    taken.push(...fix.edits);
    chosen.push({ fix, finding: f });
  }
  return chosen;
}

export function fixAll(engine: Engine, kind: FileKind, text: string, path: string, options: FixAllOptions = {}): FixAllResult {
  const applied: string[] = [];
  const otherFiles: OtherFileChange[] = [];
  const seenOther = new Set<string>();
  let current = text;
  const maxPasses = options.maxPasses ?? 10;
  for (let pass = 0; pass < maxPasses; pass++) {
    const result = engine.lint(kind, current, path, options);
    if (!result) return { text: current, applied, otherFiles, remaining: [] };
    const chosen = selectFixes(result.findings, options);
    if (chosen.length === 0) return { text: current, applied, otherFiles, remaining: result.findings };
    const next = applyEdits(current, chosen.flatMap((c) => c.fix.edits)).text;
    for (const c of chosen) {
      applied.push(c.finding.ruleId);
      for (const o of c.fix.otherFiles ?? []) {
        const key = JSON.stringify(o);
        if (!seenOther.has(key)) {
          seenOther.add(key);
          otherFiles.push(o);
        }
      }
    }
    if (next === current) return { text: current, applied, otherFiles, remaining: result.findings };
    current = next;
  }
  const last = engine.lint(kind, current, path, options);
  return { text: current, applied, otherFiles, remaining: last?.findings ?? [] };
}
