/**
 * Suggest Resource Limits (plan §7.1: "profile actual usage, then set limits at the
 * 90th percentile plus 20%"): which running containers belong to a Compose file's
 * services, `docker stats` samples, and the limits they suggest — memory limit and
 * CPU limit at p90 + 20 %, memory reservation at the median. No vscode here.
 */
import type { TextEdit } from '../../rules/core/types';
import { parseCompose } from '../../rules/compose/model';
import { fileResourceForms, setResources } from '../../rules/compose/knowledge/resourceEdits';

/** `docker ps` rows for the running containers, with their labels. */
export const PS_ARGS = ['ps', '--no-trunc', '--format', '{{json .}}'];

export function statsArgs(ids: readonly string[]): string[] {
  return ['stats', '--no-stream', '--no-trunc', '--format', '{{json .}}', ...ids];
}

export interface ComposeContainer {
  id: string;
  service: string;
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of stdout.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      out.push(JSON.parse(t) as Record<string, unknown>);
    } catch {
      // a partial line: skip it
    }
  }
  return out;
}

/** `a=b,c=d` as docker ps prints Labels (values may hold `=`, never `,`-separated keys without `=`). */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let current: string | undefined;
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      current = part.slice(0, eq);
      labels[current] = part.slice(eq + 1);
    } else if (current) labels[current] += `,${part}`; // a comma inside a value (config_files lists several)
  }
  return labels;
}

/**
 * The running containers Compose started from this file: their
 * `com.docker.compose.project.config_files` label names it (absolute paths, comma-separated).
 */
export function composeContainers(psStdout: string, composeFile: string): ComposeContainer[] {
  const out: ComposeContainer[] = [];
  for (const row of jsonLines(psStdout)) {
    const labels = parseLabels(String(row.Labels ?? ''));
    const files = (labels['com.docker.compose.project.config_files'] ?? '').split(',');
    const service = labels['com.docker.compose.service'];
    if (service && files.includes(composeFile) && typeof row.ID === 'string') out.push({ id: row.ID, service });
  }
  return out;
}

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

/** `12.5MiB`, `980kB`, `1.944GiB`, `0B` as docker stats prints them. */
export function parseDockerSize(text: string): number | undefined {
  const m = /^\s*([\d.]+)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNITS[(m[2] || 'b').toLowerCase()];
  const n = Number(m[1]);
  return unit && Number.isFinite(n) ? Math.round(n * unit) : undefined;
}

export interface StatsSample {
  id: string;
  memBytes: number;
  /** CPU used, in cores (`150%` is 1.5). */
  cpus: number;
}

export function parseStats(stdout: string): StatsSample[] {
  const out: StatsSample[] = [];
  for (const row of jsonLines(stdout)) {
    const mem = parseDockerSize(String(row.MemUsage ?? '').split('/')[0]);
    const cpu = Number(String(row.CPUPerc ?? '').replace('%', ''));
    const id = String(row.ID ?? row.Container ?? '');
    if (mem === undefined || !Number.isFinite(cpu) || !id) continue;
    out.push({ id, memBytes: mem, cpus: cpu / 100 });
  }
  return out;
}

/** Nearest-rank percentile of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export interface LimitSuggestion {
  service: string;
  samples: number;
  memLimitBytes: number;
  memReservationBytes: number;
  cpus: number;
  /** What the numbers come from, for the user to check. */
  memSamples: number[];
  cpuSamples: number[];
}

const MIB = 1024 * 1024;

/** p90 + 20 % for the limits, the median for the memory reservation; memory in whole MiB, CPUs to 0.05 with a floor of 0.1. */
export function suggestLimits(service: string, samples: readonly StatsSample[]): LimitSuggestion | undefined {
  if (!samples.length) return undefined;
  const mem = samples.map((s) => s.memBytes);
  const cpu = samples.map((s) => s.cpus);
  const memLimit = Math.max(MIB, Math.ceil((percentile(mem, 0.9) * 1.2) / MIB) * MIB);
  const reservation = Math.min(memLimit, Math.max(MIB, Math.ceil(percentile(mem, 0.5) / MIB) * MIB));
  const cpus = Math.max(0.1, Math.ceil(percentile(cpu, 0.9) * 1.2 * 20) / 20);
  return { service, samples: samples.length, memLimitBytes: memLimit, memReservationBytes: reservation, cpus, memSamples: mem, cpuSamples: cpu };
}

/** A Compose memory value in MiB (`384M`), as the plan writes them. */
export function composeMemory(bytes: number): string {
  return `${Math.ceil(bytes / MIB)}M`;
}

/** A Compose CPU value (`0.5`, `1.25`). */
export function composeCpus(cpus: number): string {
  return String(Number(cpus.toFixed(2)));
}

/**
 * The Compose file's text with each measured service's limits set (in the form the
 * service or the file uses; see rules/compose/knowledge/resourceEdits.ts). Services
 * that cannot be edited safely (a shared anchor, `extends`, a flow mapping in the way)
 * are listed in `skipped`.
 */
export function limitsEdits(text: string, path: string, suggestions: readonly LimitSuggestion[]): { edits: TextEdit[]; skipped: string[] } {
  const model = parseCompose(text, path);
  const forms = fileResourceForms(model);
  const edits: TextEdit[] = [];
  const skipped: string[] = [];
  for (const s of suggestions) {
    const service = model.services.find((x) => x.name === s.service);
    const values = { memory: composeMemory(s.memLimitBytes), memoryReservation: composeMemory(s.memReservationBytes), cpus: composeCpus(s.cpus) };
    const e = service && !service.get('extends') ? setResources(model, service, values, forms) : undefined;
    if (e?.length) edits.push(...e);
    else skipped.push(s.service);
  }
  return { edits, skipped };
}
