/**
 * `--format json`: exactly `{"results":[...]}`, one object per finding, 1-based
 * positions. `fixable` is true when the finding offers any fix (safe ones are
 * applied by --fix, the others by --fix-unsafe).
 */
import type { Severity } from '../../../rules/core/types';
import type { RunReport } from './types';

export interface JsonResult {
  file: string;
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
}

export function formatJson(report: RunReport): string {
  const results: JsonResult[] = [];
  for (const file of report.files)
    for (const f of file.findings)
      results.push({
        file: file.display,
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
        fixable: f.fixes.length > 0,
      });
  return JSON.stringify({ results }) + '\n';
}
