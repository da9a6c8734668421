/**
 * Fix-all, shared by `source.fixAll.layerwise` and `layerwise lint --fix`: apply
 * the first fix of every finding that may be applied, skipping fixes that touch
 * the same text, re-lint, and repeat until nothing changes.
 */
import type { Engine, EngineOptions } from './engine';
import { applyEdits, comparePositions } from './text';
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
  const taken = new TakenRanges();
  for (const f of findings) {
    if (options.only && !options.only(f.ruleId)) continue;
    const fix = fixAllCandidate(f, !!options.unsafe);
    if (!fix || (fix.edits.length === 0 && !fix.otherFiles?.length)) continue;
    if (fix.edits.some((e) => taken.conflicts(e))) continue;
    fix.edits.forEach((e) => taken.add(e));
    chosen.push({ fix, finding: f });
  }
  return chosen;
}

/**
 * The ranges already claimed by chosen fixes, sorted and disjoint, so checking a new
 * edit looks only at its neighbours (fix-all on a file with thousands of findings
 * stays fast). Two edits conflict when they overlap or insert at the same point.
 */
class TakenRanges {
  private readonly list: TextEdit['range'][] = [];

  private indexOf(r: TextEdit['range']): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (comparePositions(this.list[mid].start, r.start) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  conflicts(e: TextEdit): boolean {
    const r = e.range;
    const i = this.indexOf(r);
    const prev = this.list[i - 1];
    const next = this.list[i];
    if (prev && comparePositions(prev.end, r.start) > 0) return true;
    if (next && (comparePositions(next.start, r.start) === 0 || comparePositions(r.end, next.start) > 0)) return true;
    return false;
  }

  add(e: TextEdit): void {
    this.list.splice(this.indexOf(e.range), 0, e.range);
  }
}

/** Identifies a finding across passes: a fix that leaves its own finding in place did not work. */
function findingKey(f: Finding): string {
  return `${f.ruleId}\0${f.range.start.line}:${f.range.start.character}\0${f.message}`;
}

export function fixAll(engine: Engine, kind: FileKind, text: string, path: string, options: FixAllOptions = {}): FixAllResult {
  const applied: string[] = [];
  const otherFiles: OtherFileChange[] = [];
  const seenOther = new Set<string>();
  // Findings whose fix did not make them go (e.g. a line appended after an unterminated
  // heredoc becomes part of it): never applied again, so fix-all always settles.
  const stuck = new Set<string>();
  let current = text;
  let result = engine.lint(kind, current, path, options);
  if (!result) return { text: current, applied, otherFiles, remaining: [] };
  const maxPasses = options.maxPasses ?? 10;
  for (let pass = 0; pass < maxPasses; pass++) {
    const candidates = result.findings.filter((f) => !stuck.has(findingKey(f)));
    const chosen = selectFixes(candidates, options);
    if (chosen.length === 0) break;
    const next = applyEdits(current, chosen.flatMap((c) => c.fix.edits)).text;
    if (next === current) break;
    const nextResult = engine.lint(kind, next, path, options);
    if (!nextResult) break;
    const after = new Set(nextResult.findings.map(findingKey));
    const failed = chosen.filter((c) => after.has(findingKey(c.finding)));
    if (failed.length) {
      // Retry this pass from the same text without the fixes that did not work.
      failed.forEach((c) => stuck.add(findingKey(c.finding)));
      continue;
    }
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
    current = next;
    result = nextResult;
  }
  return { text: current, applied, otherFiles, remaining: result.findings };
}
