/**
 * Build timings grouped by stage, and what an edit does to them (pure, unit-tested).
 * An edit inside a stage makes that stage's timings stale (its cache key changed); the
 * other stages keep theirs, moved up or down by the lines the edit added or removed.
 * An edit before the first FROM (global ARGs feed every FROM) makes all of them stale.
 */
import { seconds } from '../docker/buildHistory';

/** `cached` or the step's duration. */
export function timingLabel(t: { cached: boolean; ms?: number }): string {
  if (t.cached) return 'cached';
  return t.ms === undefined ? '' : seconds(t.ms);
}

export interface LineTiming {
  line: number;
  cached: boolean;
  ms?: number;
}

/** A stage's lines, from its FROM to the line before the next FROM (0-based, inclusive; the last stage runs to the end). */
export interface StageTimings {
  start: number;
  end: number;
  timings: LineTiming[];
}

/** One text change in the coordinates of the text before it, as VS Code reports it. */
export interface LineChange {
  startLine: number;
  endLine: number;
  /** Line breaks in the inserted text. */
  insertedBreaks: number;
}

/** Timings per stage, given each stage's FROM line (ascending). */
export function groupByStage(fromLines: readonly number[], timings: readonly LineTiming[]): StageTimings[] {
  return fromLines.map((start, i) => {
    const end = i + 1 < fromLines.length ? fromLines[i + 1] - 1 : Infinity;
    return { start, end, timings: timings.filter((t) => t.line >= start && t.line <= end) };
  });
}

export function afterEdit(stages: readonly StageTimings[], changes: readonly LineChange[]): StageTimings[] {
  // The changes of one event do not overlap and all refer to the text before the event:
  // applied from the last to the first, each one's lines are still right.
  if (!stages.length) return [];
  const firstFrom = stages[0].start;
  let out = [...stages];
  for (const c of [...changes].sort((a, b) => b.startLine - a.startLine)) {
    if (c.startLine < firstFrom) return [];
    const delta = c.insertedBreaks - (c.endLine - c.startLine);
    out = out.flatMap((s) => {
      if (s.end < c.startLine) return [s];
      if (s.start > c.endLine) return [shift(s, delta)];
      // The edit touches this stage: its timings no longer describe its lines.
      return [];
    });
  }
  return out;
}

function shift(s: StageTimings, delta: number): StageTimings {
  if (!delta) return s;
  return { start: s.start + delta, end: s.end + delta, timings: s.timings.map((t) => ({ ...t, line: t.line + delta })) };
}
