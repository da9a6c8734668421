/**
 * The per-workspace build history (plan §6.2): the last N builds per Dockerfile with their
 * duration and cache hits, and the trend between the first and the last of them.
 */
export interface BuildRecord {
  dockerfile: string;
  tag: string;
  /** ISO time */
  startedAt: string;
  ms: number;
  steps: number;
  cached: number;
  bytes?: number;
  ok: boolean;
}

/** A new list with `r` added, keeping the newest `keepPerDockerfile` records of each Dockerfile, oldest first. */
export function addRecord(list: BuildRecord[], r: BuildRecord, keepPerDockerfile = 20): BuildRecord[] {
  const all = [...list, r].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const seen = new Map<string, number>();
  const keep = new Set<BuildRecord>();
  for (let i = all.length - 1; i >= 0; i--) {
    const n = seen.get(all[i].dockerfile) ?? 0;
    if (n < Math.max(1, keepPerDockerfile)) keep.add(all[i]);
    seen.set(all[i].dockerfile, n + 1);
  }
  return all.filter((x) => keep.has(x));
}

export function seconds(ms: number): string {
  return ms < 100_000 ? `${(ms / 1000).toFixed(1)} s` : ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * The duration trend of a Dockerfile's successful builds, first → last recorded:
 * `12.1 s → 3.4 s (-72 %)`; one build: its duration; none: ''.
 */
export function trend(list: BuildRecord[], dockerfile: string): string {
  const ok = list.filter((r) => r.dockerfile === dockerfile && r.ok).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  if (ok.length === 0) return '';
  const last = ok[ok.length - 1];
  if (ok.length === 1) return seconds(last.ms);
  const first = ok[0];
  const pct = first.ms > 0 ? Math.round(((last.ms - first.ms) / first.ms) * 100) : 0;
  return `${seconds(first.ms)} → ${seconds(last.ms)} (${pct > 0 ? '+' : ''}${pct} %)`;
}

/** The history of one Dockerfile as a Markdown table, newest first. */
export function historyTable(list: BuildRecord[], dockerfile: string, size?: (bytes: number) => string): string {
  const rows = list.filter((r) => r.dockerfile === dockerfile).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const out = ['| Started | Tag | Duration | Cached steps | Size | Result |', '| --- | --- | ---: | ---: | ---: | --- |'];
  for (const r of rows) {
    const bytes = r.bytes === undefined ? '' : size ? size(r.bytes) : String(r.bytes);
    out.push(`| ${r.startedAt} | ${r.tag.replace(/\|/g, '\\|')} | ${seconds(r.ms)} | ${r.cached}/${r.steps} | ${bytes} | ${r.ok ? 'ok' : 'failed'} |`);
  }
  return out.join('\n');
}
