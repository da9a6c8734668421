/** Findings and config problems as LSP diagnostics. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { ConfigProblem } from '../rules/core/config';
import type { Finding, Range, Severity } from '../rules/core/types';
import { docsHref } from './docs';

export const SOURCE = 'layerwise';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    codeDescription: { href: docsHref(f.ruleId) },
    message: f.message,
  };
}

export function configProblemDiagnostic(p: ConfigProblem): Diagnostic {
  return { range: p.range, severity: SEVERITY[p.severity], source: SOURCE, message: p.message };
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Our diagnostics plus the others (syntax errors), dropping any with the same range and message as one already there. */
export function mergeDiagnostics(ours: Diagnostic[], others: readonly Diagnostic[]): Diagnostic[] {
  const out = [...ours];
  for (const d of others) if (!out.some((o) => o.message === d.message && sameRange(o.range, d.range))) out.push(d);
  return out;
}
