/** Build timings survive edits of other stages and follow their lines (client/views/stageTimings.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterEdit, groupByStage, type LineChange } from '../../../client/views/stageTimings';

// Line 0: ARG; stage "deps" FROM on 1 (timings on 2, 3); stage "app" FROM on 5 (timings on 6, 7).
const built = groupByStage([1, 5], [
  { line: 2, cached: true },
  { line: 3, cached: false, ms: 1200 },
  { line: 6, cached: true },
  { line: 7, cached: false, ms: 300 },
]);
const lines = (stages: ReturnType<typeof afterEdit>) => stages.flatMap((s) => s.timings.map((t) => t.line));
const edit = (startLine: number, endLine: number, insertedBreaks = 0): LineChange => ({ startLine, endLine, insertedBreaks });

test('timings are grouped by the stage whose lines hold them', () => {
  assert.deepEqual(built.map((s) => [s.start, s.end, s.timings.map((t) => t.line)]), [[1, 4, [2, 3]], [5, Infinity, [6, 7]]]);
});

test('an edit inside a stage clears that stage only', () => {
  assert.deepEqual(lines(afterEdit(built, [edit(7, 7)])), [2, 3]);
  assert.deepEqual(lines(afterEdit(built, [edit(3, 3)])), [6, 7]);
  // Its FROM line belongs to it.
  assert.deepEqual(lines(afterEdit(built, [edit(5, 5)])), [2, 3]);
});

test('later stages move with the lines an edit adds or removes', () => {
  assert.deepEqual(lines(afterEdit(built, [edit(2, 2, 2)])), [8, 9]);
  assert.deepEqual(afterEdit(built, [edit(2, 2, 2)])[0].start, 7);
  // Two lines joined into one inside "deps": "app" moves up by one.
  assert.deepEqual(lines(afterEdit(built, [edit(3, 4)])), [5, 6]);
});

test('an edit spanning two stages clears both; one before the first FROM clears all', () => {
  assert.deepEqual(afterEdit(built, [edit(3, 6)]), []);
  assert.deepEqual(afterEdit(built, [edit(0, 0)]), []);
});

test('several changes of one event are applied from the last to the first', () => {
  // Adds a line in "deps" and edits a line of "app" (positions before the event): both stages cleared.
  assert.deepEqual(afterEdit(built, [edit(2, 2, 1), edit(6, 6)]), []);
  // Two edits in "deps", one adding two lines: "app" keeps its timings, two lines down.
  assert.deepEqual(lines(afterEdit(built, [edit(3, 3), edit(2, 2, 2)])), [8, 9]);
});

test('a build without timings and an edit of a one-stage file', () => {
  const single = groupByStage([0], [{ line: 1, cached: true }]);
  assert.deepEqual(afterEdit(single, [edit(4, 4, 1)]), []);
  assert.deepEqual(afterEdit([], [edit(0, 0)]), []);
});
