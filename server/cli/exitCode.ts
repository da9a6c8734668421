/** The exit code contract (also in `--help`): 0 clean, 1 findings reach the threshold, 2 usage/config error. */
import type { Finding, Severity } from '../../rules/core/types';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface ThresholdOptions {
  failOn: Severity;
  maxWarnings?: number;
  exitZero: boolean;
}

/** True when the reported findings fail the run: one at or above `failOn`, or too many warnings. */
export function findingsFail(findings: readonly Finding[], o: Pick<ThresholdOptions, 'failOn' | 'maxWarnings'>): boolean {
  if (findings.some((f) => RANK[f.severity] >= RANK[o.failOn])) return true;
  if (o.maxWarnings !== undefined && findings.filter((f) => f.severity === 'warning').length > o.maxWarnings) return true;
  return false;
}

export function exitCode(findings: readonly Finding[], o: ThresholdOptions, usageOrConfigError: boolean): number {
  if (usageOrConfigError) return EXIT_USAGE;
  if (o.exitZero) return EXIT_OK;
  return findingsFail(findings, o) ? EXIT_FINDINGS : EXIT_OK;
}
