/**
 * The default, ESLint-like output: a header per file, one aligned line per finding
 * (`line:col  severity  message  rule-id`, then `(fixable)`), and a summary.
 */
import type { Finding, Severity } from '../../../rules/core/types';
import type { RunReport } from './types';

type Style = (s: string) => string;
const sgr =
  (open: number, close: number): Style =>
  (s) =>
    `\u001b[${open}m${s}\u001b[${close}m`;
const plain: Style = (s) => s;

function styles(color: boolean) {
  const c = (open: number, close: number) => (color ? sgr(open, close) : plain);
  return { red: c(31, 39), yellow: c(33, 39), cyan: c(36, 39), green: c(32, 39), dim: c(2, 22), bold: c(1, 22), underline: c(4, 24) };
}

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** Collapses line breaks so one finding stays one line. */
const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ');

function fixMarker(f: Finding): string {
  if (f.fixes.some((x) => x.safe)) return '(fixable)';
  if (f.fixes.length) return '(fixable with --fix-unsafe)';
  return '';
}

export function formatStylish(report: RunReport): string {
  const s = styles(report.color);
  const severityStyle: Record<Severity, Style> = { error: s.red, warning: s.yellow, info: s.cyan };
  const out: string[] = [];
  const all = report.files.flatMap((f) => f.findings);
  // Messages vary most in length, so they come last: the short columns stay aligned
  // without padding every line to the longest message.
  const width = { pos: 0, severity: 0, rule: 0 };
  for (const f of all) {
    width.pos = Math.max(width.pos, `${f.range.start.line + 1}:${f.range.start.character + 1}`.length);
    width.severity = Math.max(width.severity, f.severity.length);
    width.rule = Math.max(width.rule, f.ruleId.length);
  }
  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    out.push(s.underline(file.display));
    for (const f of file.findings) {
      const pos = `${f.range.start.line + 1}:${f.range.start.character + 1}`.padEnd(width.pos);
      const marker = fixMarker(f);
      const cells = [s.dim(pos), severityStyle[f.severity](f.severity.padEnd(width.severity)), s.dim(f.ruleId.padEnd(width.rule)), oneLine(f.message)];
      if (marker) cells.push(s.dim(marker));
      out.push(`  ${cells.join('  ')}`.trimEnd());
    }
    out.push('');
  }

  if (report.fixesApplied > 0) out.push(`Applied ${plural(report.fixesApplied, 'fix', 'fixes')} in ${plural(report.filesFixed, 'file')}.`);
  if (all.length === 0) {
    out.push(report.linted === 0 ? s.green('✔ No files to lint.') : s.green(`✔ No problems found (${plural(report.linted, 'file')} linted).`));
    return out.join('\n') + '\n';
  }
  const count = (sev: Severity) => all.filter((f) => f.severity === sev).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  const headline = `✖ ${plural(all.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')})`;
  out.push(s.bold((errors ? s.red : warnings ? s.yellow : s.cyan)(headline)));
  const safe = all.filter((f) => f.fixes.some((x) => x.safe)).length;
  const unsafeOnly = all.filter((f) => f.fixes.length > 0 && !f.fixes.some((x) => x.safe)).length;
  const fixable: string[] = [];
  if (safe) fixable.push(`${safe} fixable with --fix`);
  if (unsafeOnly) fixable.push(`${unsafeOnly} ${safe ? 'more ' : ''}fixable with --fix-unsafe (changes behaviour)`);
  if (fixable.length) out.push(`  ${fixable.join(', ')}`);
  return out.join('\n') + '\n';
}
