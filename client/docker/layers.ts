/**
 * Layer sizes beside the Dockerfile: `docker history` rows (newest first) mapped to the
 * instructions that made them, `docker image inspect`'s RootFS.Layers giving each layer's
 * diff ID. The base image's rows are grouped into one row on the FROM line.
 */
import type { DockerfileModel, Instr, Stage } from '../../rules/dockerfile/model';

/** One line of `docker history --no-trunc --human=false --format '{{json .}}' <image>`. */
export interface HistoryEntry {
  CreatedBy: string;
  Size: string | number;
  ID?: string;
  CreatedAt?: string;
  Comment?: string;
}

export interface LayerRow {
  /** The instruction's first line (0-based); for the base row, the FROM line. */
  line?: number;
  /** Stage name, or `stage-N` for an unnamed one. */
  stage?: string;
  createdBy: string;
  bytes: number;
  /** The grouped base-image row. */
  base: boolean;
  /** Metadata only (ENV, LABEL…): no filesystem layer. */
  emptyLayer: boolean;
  diffId?: string;
  /** Base row only: the diff IDs of every base-image layer. */
  diffIds?: string[];
}

export function parseHistory(stdout: string): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      const v = JSON.parse(t) as Partial<HistoryEntry>;
      if (v && typeof v.CreatedBy === 'string') out.push(v as HistoryEntry);
    } catch {
      // A line that is not JSON (a warning): skip.
    }
  }
  return out;
}

function bytesOf(size: string | number): number {
  if (typeof size === 'number') return size;
  const n = Number(size);
  if (!Number.isNaN(n)) return n;
  // A human size (`--human=true`): `1.2MB`, `300kB` (decimal units, as docker prints them).
  const m = /^([\d.]+)\s*([kMGT]?)B$/i.exec(size.trim());
  if (!m) return 0;
  const mult: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 };
  return Math.round(Number(m[1]) * (mult[m[2].toLowerCase()] ?? 1));
}

/** The created-by text without BuildKit's ` # buildkit` tail or the classic builder's `/bin/sh -c #(nop) `. */
function cleanCreatedBy(createdBy: string): string {
  let s = createdBy.trim().replace(/\s*# buildkit$/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s+/.exec(s);
  if (nop) s = s.slice(nop[0].length);
  else if (s.startsWith('/bin/sh -c ')) s = `RUN ${s}`;
  return s;
}

/** The Dockerfile keyword a history row came from. */
function keywordOf(createdBy: string): string {
  return (/^[A-Za-z]+/.exec(cleanCreatedBy(createdBy))?.[0] ?? '').toUpperCase();
}

export function stageLabel(stage: Stage): string {
  return stage.name ?? `stage-${stage.index}`;
}

/** The stage built for `target` (default: the last) and the stages it is built FROM, root first. */
function chain(model: DockerfileModel, target?: string): Stage[] {
  const t = target?.toLowerCase();
  let stage: Stage | undefined = t ? model.stages.find((s) => s.name === t || `stage-${s.index}` === t) : model.stages[model.stages.length - 1];
  const out: Stage[] = [];
  while (stage && !out.includes(stage)) {
    out.unshift(stage);
    stage = stage.parent;
  }
  return out;
}

/** Instructions that write a history row (BuildKit: all but FROM and ONBUILD). */
function historyInstructions(stages: Stage[]): Instr[] {
  return stages.flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM' && i.keyword !== 'ONBUILD'));
}

/**
 * Each history row on the instruction that made it. History is matched newest first against
 * the target's instructions from the end, by keyword (RUN, COPY, ENV…), so the rows left over
 * once the Dockerfile's instructions are used up are the base image's. Non-empty rows receive
 * the diff IDs of RootFS.Layers in order (both are oldest first), aligned from the newest when
 * their counts differ. Rows are returned oldest first, the base row first.
 */
export function mapLayers(history: HistoryEntry[], inspect: { RootFS?: { Layers?: string[] } }, model: DockerfileModel, target?: string): LayerRow[] {
  const stages = chain(model, target);
  const instrs = historyInstructions(stages);
  const oldestFirst = [...history].reverse();

  // Diff IDs for the non-empty rows.
  const layers = inspect.RootFS?.Layers ?? [];
  const nonEmpty = oldestFirst.map((h, k) => ({ k, bytes: bytesOf(h.Size) })).filter((r) => r.bytes > 0);
  const diffOf = new Map<number, string>();
  for (let a = nonEmpty.length - 1, b = layers.length - 1; a >= 0 && b >= 0; a--, b--) diffOf.set(nonEmpty[a].k, layers[b]);

  // Rows to instructions, newest first.
  const instrOf = new Map<number, Instr>();
  let j = instrs.length - 1;
  let firstOwn = oldestFirst.length;
  for (let k = oldestFirst.length - 1; k >= 0 && j >= 0; k--) {
    const kw = keywordOf(oldestFirst[k].CreatedBy);
    let m = j;
    while (m >= 0 && instrs[m].keyword !== kw) m--;
    if (m < 0) break;
    instrOf.set(k, instrs[m]);
    firstOwn = k;
    j = m - 1;
  }

  const rows: LayerRow[] = [];
  if (firstOwn > 0 && stages.length > 0) {
    const root = stages[0];
    const baseRows = oldestFirst.slice(0, firstOwn);
    const diffIds = baseRows.map((_, k) => diffOf.get(k)).filter((d): d is string => d !== undefined);
    const bytes = baseRows.reduce((sum, h) => sum + bytesOf(h.Size), 0);
    rows.push({ line: root.from.line, stage: stageLabel(root), createdBy: `FROM ${root.image.resolved}`, bytes, base: true, emptyLayer: bytes === 0 && diffIds.length === 0, diffIds });
  }
  for (let k = firstOwn; k < oldestFirst.length; k++) {
    const h = oldestFirst[k];
    const instr = instrOf.get(k);
    const bytes = bytesOf(h.Size);
    const row: LayerRow = { createdBy: cleanCreatedBy(h.CreatedBy), bytes, base: false, emptyLayer: !diffOf.has(k) };
    if (instr) {
      row.line = instr.line;
      if (instr.stage) row.stage = stageLabel(instr.stage);
    }
    const d = diffOf.get(k);
    if (d) row.diffId = d;
    rows.push(row);
  }
  return rows;
}

/** Bytes in binary units, as file sizes are usually read: `0 B`, `812 B`, `1.5 KiB`, `23 MiB`, `1.21 GiB`. */
export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = v < 10 ? 2 : v < 100 ? 1 : 0;
  return `${Number(v.toFixed(digits))} ${units[u]}`;
}
