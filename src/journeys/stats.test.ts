import assert from 'node:assert/strict';
import { test } from 'node:test';
import { journeyStats } from './stats.ts';

test("a journey's results: who is where, exits by reason, variants against the first, and the lift over the holdout", () => {
  const row = (
    status: string,
    node: string | null,
    endReason: string | null,
    variant: string | null,
    entries: number,
    converted: number,
  ) => ({
    version: 1,
    node,
    status,
    endReason,
    variant,
    entries,
    converted,
  });
  const s = journeyStats(7, [
    row('active', 'wait', null, 'a', 300, 0),
    row('active', 'wait', null, 'b', 280, 0),
    row('ended', null, 'goal', 'a', 500, 500),
    row('ended', null, 'completed', 'b', 1000, 200),
    row('holdout', null, null, null, 50, 0),
    row('ended', null, 'holdout-window', null, 200, 10),
  ]);
  assert.deepEqual([s.entered, s.holdout, s.active, s.converted], [2330, 250, 580, 710]);
  assert.deepEqual(s.ended, { goal: 500, completed: 1000, 'holdout-window': 200 });
  assert.deepEqual(s.nodes, [{ version: 1, node: 'wait', waiting: 580 }]);
  assert.deepEqual(
    s.variants.map((v) => [v.variant, v.entries, v.converted, v.againstFirst?.verdict ?? null]),
    [
      ['a', 800, 500, null],
      ['b', 1280, 200, 'worse'],
    ],
  );
  assert.equal(s.lift?.verdict, 'better');
  assert.equal(s.lift?.rate, 700 / 2080);
  assert.equal(s.lift?.baselineRate, 10 / 250);
});
