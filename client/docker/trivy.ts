/**
 * Trivy's image report on the Dockerfile: each finding carries the diff ID of the layer that
 * brought the package (Layer.DiffID); the layer rows of layers.ts tie diff IDs to instruction
 * lines, base-image layers to the FROM line.
 */
import { validateRef } from './buildArgs';
import type { LayerRow } from './layers';

export const TRIVY_SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

/** `trivy image --format json --severity …  <image>` (after the trivy executable). Throws on an invalid image ref. */
export function trivyArgs(image: string, severity: string[]): string[] {
  const problem = validateRef(image);
  if (problem) throw new Error(problem);
  const sev = severity.map((s) => s.trim().toUpperCase()).filter((s) => (TRIVY_SEVERITIES as readonly string[]).includes(s));
  return ['image', '--format', 'json', '--quiet', '--severity', (sev.length ? sev : [...TRIVY_SEVERITIES]).join(','), image];
}

export interface VulnFinding {
  /** The instruction's line; the FROM line for base-image findings. */
  line: number;
  id: string;
  pkg: string;
  installed: string;
  fixed?: string;
  severity: string;
  title?: string;
  base: boolean;
  /** The diff ID Trivy reported, when any. */
  diffId?: string;
  /** The Trivy target (e.g. `img (debian 12.5)`, `app/package-lock.json`). */
  target?: string;
}

interface TrivyVuln {
  VulnerabilityID?: unknown;
  PkgName?: unknown;
  InstalledVersion?: unknown;
  FixedVersion?: unknown;
  Severity?: unknown;
  Title?: unknown;
  Layer?: { DiffID?: unknown; Digest?: unknown };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Findings of a Trivy JSON report (`Results[].Vulnerabilities[]`) placed on lines. A diff ID
 * found in a row's `diffId` goes to its instruction; one among the base row's `diffIds` (or
 * among RootFS.Layers before the first own layer) goes to the FROM line with `base: true`; a
 * finding without a known layer goes to the FROM line too (not base: unplaced; `fromLineOfStage`
 * names that line when there is no base row, as for `FROM scratch`). Rows with no
 * line (nothing to show the finding on) are skipped, as is anything not shaped like a report.
 */
export function mapVulnerabilities(report: unknown, inspect: { RootFS?: { Layers?: string[] } }, rows: LayerRow[], fromLineOfStage?: number): VulnFinding[] {
  const results = (report as { Results?: unknown } | null)?.Results;
  if (!Array.isArray(results)) return [];
  const layers = inspect.RootFS?.Layers ?? [];
  const own = new Map<string, LayerRow>();
  for (const r of rows) if (r.diffId && !r.base) own.set(r.diffId, r);
  const baseRow = rows.find((r) => r.base);
  const baseIds = new Set(baseRow?.diffIds ?? []);
  // With no base row in the list, layers below the first own layer still belong to the base image.
  const firstOwn = Math.min(...[...own.keys()].map((d) => layers.indexOf(d)).filter((k) => k >= 0), layers.length);
  for (let k = 0; k < firstOwn; k++) baseIds.add(layers[k]);
  // `FROM scratch` has no base row: the shipped stage's FROM line, when the caller knows it.
  const fromLine = baseRow?.line ?? fromLineOfStage ?? rows.find((r) => r.line !== undefined)?.line;

  const out: VulnFinding[] = [];
  for (const result of results as { Target?: unknown; Vulnerabilities?: unknown }[]) {
    if (!result || !Array.isArray(result.Vulnerabilities)) continue;
    for (const v of result.Vulnerabilities as TrivyVuln[]) {
      const id = str(v?.VulnerabilityID);
      if (!id) continue;
      const diffId = str(v.Layer?.DiffID);
      const row = diffId ? own.get(diffId) : undefined;
      const base = !row && diffId !== undefined && baseIds.has(diffId);
      const line = row?.line ?? fromLine;
      if (line === undefined) continue;
      const f: VulnFinding = {
        line,
        id,
        pkg: str(v.PkgName) ?? '?',
        installed: str(v.InstalledVersion) ?? '?',
        severity: str(v.Severity)?.toUpperCase() ?? 'UNKNOWN',
        base,
      };
      const fixed = str(v.FixedVersion);
      if (fixed) f.fixed = fixed;
      const title = str(v.Title);
      if (title) f.title = title;
      if (diffId) f.diffId = diffId;
      const target = str(result.Target);
      if (target) f.target = target;
      out.push(f);
    }
  }
  return out;
}

/** The diagnostic text for a finding: id, package, installed → fixed version. */
export function vulnMessage(f: VulnFinding): string {
  const fix = f.fixed ? `fixed in ${f.fixed}` : 'no fix released yet';
  const where = f.base ? ' (from the base image)' : '';
  return `${f.id} (${f.severity}) in ${f.pkg} ${f.installed}${where}: ${fix}${f.title ? `. ${f.title}` : ''}`;
}
