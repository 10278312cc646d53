import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY, HOUR } from '../core/index.ts';
import { computeFunnel, type FunnelRow, type FunnelSpec, funnelCustomers } from './funnel.ts';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const S1 = 0b001;
const S2 = 0b010;
const S3 = 0b100;

const spec = (over: Partial<FunnelSpec> = {}): FunnelSpec => ({
  steps: 3,
  order: 'ordered',
  windowMs: DAY,
  from: T0,
  to: T0 + 30 * DAY,
  ...over,
});

/** Deterministic shuffle, so the funnel cannot rely on the input order. */
function shuffle<T>(items: T[]): T[] {
  let seed = 42;
  for (let i = items.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = seed % (i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

const reached = (rows: FunnelRow[], over: Partial<FunnelSpec> = {}) =>
  computeFunnel(rows, spec(over)).steps.map((s) => s.customers);

describe('computeFunnel', () => {
  test('1,000 entrants, 400 reach step 2 and 150 step 3; rates, drop-off and times', () => {
    const rows: FunnelRow[] = [];
    for (let c = 1; c <= 1000; c++) {
      const t = T0 + c * 60_000;
      rows.push({ c, t, m: S1 });
      if (c <= 400) rows.push({ c, t: t + (c <= 200 ? 1 : 3) * HOUR, m: S2 });
      if (c <= 150) rows.push({ c, t: t + 5 * HOUR, m: S3 });
      rows.push({ c: c + 5000, t, m: S2 }); // matched a later step, never step 1: not an entrant
    }
    const { steps, groups } = computeFunnel(shuffle(rows), spec());
    assert.equal(groups, null);
    assert.deepEqual(
      steps.map((s) => [s.customers, s.conversionFromPrevious, s.conversionFromFirst, s.dropOff]),
      [
        [1000, 1, 1, 0],
        [400, 0.4, 0.4, 600],
        [150, 0.375, 0.15, 250],
      ],
    );
    assert.deepEqual(steps[0].timeFromFirst, { count: 0, median: null, p90: null });
    assert.deepEqual(steps[1].timeFromPrevious, { count: 400, median: 2 * HOUR, p90: 3 * HOUR });
    // Every step-3 customer took 1 h to step 2 and then 4 h.
    assert.deepEqual(steps[2].timeFromPrevious, { count: 150, median: 4 * HOUR, p90: 4 * HOUR });
    assert.deepEqual(steps[2].timeFromFirst, { count: 150, median: 5 * HOUR, p90: 5 * HOUR });
  });

  test('the window: exactly windowMs after step 1 is in, 1 ms more is out', () => {
    const rows: FunnelRow[] = [
      { c: 1, t: T0, m: S1 },
      { c: 1, t: T0 + DAY, m: S2 },
      { c: 2, t: T0, m: S1 },
      { c: 2, t: T0 + DAY + 1, m: S2 },
    ];
    assert.deepEqual(reached(rows, { steps: 2 }), [2, 1]);
    assert.deepEqual(funnelCustomers(rows, spec({ steps: 2 }), { reached: 2 }), [1]);
  });

  test('steps out of order: ordered stops, any order completes; nothing counts before step 1', () => {
    const rows: FunnelRow[] = [
      { c: 1, t: T0 + 10, m: S1 },
      { c: 1, t: T0 + 20, m: S3 },
      { c: 1, t: T0 + 30, m: S2 },
      { c: 2, t: T0 + 5, m: S2 },
      { c: 2, t: T0 + 10, m: S1 },
      { c: 2, t: T0 + 15, m: S3 },
    ];
    assert.deepEqual(reached(rows), [2, 1, 0]);
    assert.deepEqual(reached(rows, { order: 'any' }), [2, 1, 1]);
    // In any order, step 3 is reached when both later steps are done: at the step-2 event, 20 ms in.
    const any = computeFunnel(rows, spec({ order: 'any' })).steps;
    assert.equal(any[2].timeFromFirst.median, 20);
    assert.equal(any[2].timeFromPrevious.median, 0);
  });

  test('strict: an intervening event of the customer breaks the attempt', () => {
    const rows: FunnelRow[] = [
      { c: 1, t: T0, m: S1 },
      { c: 1, t: T0 + 1, m: 0 },
      { c: 1, t: T0 + 2, m: S2 },
      { c: 2, t: T0, m: S1 },
      { c: 2, t: T0 + 2, m: S2 },
      { c: 2, t: T0 + 3, m: S3 },
      { c: 3, t: T0, m: S1 },
      { c: 3, t: T0 + 1, m: S1 }, // a repeat of step 1 breaks the first attempt and starts another
      { c: 3, t: T0 + 2, m: S2 },
    ];
    assert.deepEqual(reached(rows, { order: 'strict' }), [3, 2, 1]);
    assert.deepEqual(reached(rows, { order: 'ordered' }), [3, 3, 1]);
  });

  test('several attempts: a later one converts and is the one reported', () => {
    const rows: FunnelRow[] = [
      { c: 1, t: T0, m: S1, b: 'first' },
      { c: 1, t: T0 + 2 * DAY, m: S2 }, // outside the first attempt's window
      { c: 1, t: T0 + 10 * DAY, m: S1, b: 'second' },
      { c: 1, t: T0 + 10 * DAY + HOUR, m: S2 },
      { c: 1, t: T0 + 10 * DAY + 2 * HOUR, m: S1, b: 'third' },
      { c: 1, t: T0 + 10 * DAY + 3 * HOUR, m: S2 },
    ];
    const result = computeFunnel(rows, spec({ steps: 2 }), { breakdown: 'event' });
    assert.deepEqual(result.steps[1].timeFromFirst, { count: 1, median: HOUR, p90: HOUR });
    assert.deepEqual(
      result.groups?.map((g) => [g.key, g.steps[0].customers]),
      [['second', 1]],
    );
  });

  test('an event matching two steps fills only one of them, except in any order', () => {
    assert.deepEqual(reached([{ c: 1, t: T0, m: S1 | S2 }], { steps: 2 }), [1, 0]);
    const two: FunnelRow[] = [
      { c: 1, t: T0, m: S1 | S2 },
      { c: 1, t: T0, m: S1 | S2 },
    ];
    assert.deepEqual(reached(two, { steps: 2 }), [1, 1]);
    const rows: FunnelRow[] = [
      { c: 1, t: T0, m: S1 },
      { c: 1, t: T0 + 1, m: S2 | S3 },
    ];
    assert.deepEqual(reached(rows), [1, 1, 0]);
    assert.deepEqual(reached(rows, { order: 'any' }), [1, 1, 1]);
  });

  test('events of the same millisecond are taken in step order', () => {
    const rows: FunnelRow[] = [
      { c: 1, t: T0, m: S3 },
      { c: 1, t: T0, m: 0 },
      { c: 1, t: T0, m: S2 },
      { c: 1, t: T0, m: S1 },
    ];
    assert.deepEqual(reached(rows), [1, 1, 1]);
    assert.deepEqual(reached(rows, { order: 'strict' }), [1, 1, 1]);
  });

  test('entry is from ≤ t < to; later steps may come after to', () => {
    const to = T0 + HOUR;
    const rows: FunnelRow[] = [
      { c: 1, t: T0 - 1, m: S1 },
      { c: 1, t: T0, m: S2 },
      { c: 2, t: T0, m: S1 },
      { c: 2, t: to + HOUR, m: S2 },
      { c: 3, t: to, m: S1 },
    ];
    assert.deepEqual(reached(rows, { steps: 2, to }), [1, 1]);
    assert.deepEqual(funnelCustomers(rows, spec({ steps: 2, to }), { reached: 1 }), [2]);
  });

  test('breakdown by the step-1 event, capped with the rest in (other)', () => {
    const rows: FunnelRow[] = [];
    const channels = ['email', 'email', 'email', 'ads', 'ads', 'seo', null, 'social'];
    channels.forEach((b, i) => {
      rows.push({ c: i + 1, t: T0 + i, m: S1, b });
      if (i % 2 === 0) rows.push({ c: i + 1, t: T0 + i + HOUR, m: S2 });
    });
    const { groups } = computeFunnel(rows, spec({ steps: 2 }), { breakdown: 'event', maxGroups: 2 });
    assert.deepEqual(
      groups?.map((g) => [g.key, g.steps[0].customers, g.steps[1].customers]),
      [
        ['email', 3, 2],
        ['ads', 2, 1],
        ['(other)', 3, 1],
      ],
    );
    const all = computeFunnel(rows, spec({ steps: 2 }), { breakdown: 'event' });
    assert.deepEqual(
      all.groups?.map((g) => g.key),
      ['email', 'ads', '(none)', 'seo', 'social'],
    );
  });

  test('a multi-valued breakdown counts a customer in each of their groups', () => {
    const rows: FunnelRow[] = [
      { c: 1, t: T0, m: S1 },
      { c: 1, t: T0 + 1, m: S2 },
      { c: 2, t: T0, m: S1 },
      { c: 3, t: T0, m: S1 },
      { c: 3, t: T0 + 1, m: S2 },
    ];
    const segments = new Map([
      [1, ['vip', 'eu']],
      [2, ['eu']],
      [3, []],
    ]);
    const { groups } = computeFunnel(rows, spec({ steps: 2 }), { breakdown: segments });
    assert.deepEqual(
      groups?.map((g) => [g.key, g.steps[0].customers, g.steps[1].customers]),
      [
        ['eu', 2, 1],
        ['(none)', 1, 1],
        ['vip', 1, 1],
      ],
    );
    // A customer whose two groups both fall in (other) counts there once.
    const capped = computeFunnel(rows, spec({ steps: 2 }), { breakdown: segments, maxGroups: 1 });
    assert.deepEqual(
      capped.groups?.map((g) => [g.key, g.steps[0].customers]),
      [
        ['eu', 2],
        ['(other)', 2],
      ],
    );
  });

  test('funnelCustomers lists those who reached a step and dropped before the next', () => {
    const rows: FunnelRow[] = [];
    for (const c of [9, 3, 7, 1, 5]) {
      rows.push({ c, t: T0, m: S1 });
      if (c >= 3) rows.push({ c, t: T0 + 1, m: S2 });
      if (c >= 7) rows.push({ c, t: T0 + 2, m: S3 });
    }
    assert.deepEqual(funnelCustomers(rows, spec(), { reached: 2 }), [3, 5, 7, 9]);
    assert.deepEqual(funnelCustomers(rows, spec(), { reached: 2, notReached: 3 }), [3, 5]);
    assert.deepEqual(funnelCustomers(rows, spec(), { reached: 1, notReached: 2 }), [1]);
    assert.throws(() => funnelCustomers(rows, spec(), { reached: 2, notReached: 2 }), RangeError);
  });

  test('rejects invalid specs', () => {
    assert.throws(() => computeFunnel([], spec({ steps: 1 })), RangeError);
    assert.throws(() => computeFunnel([], spec({ steps: 11 })), RangeError);
    assert.throws(() => computeFunnel([], spec({ windowMs: -1 })), RangeError);
    assert.deepEqual(
      computeFunnel([], spec()).steps.map((s) => [s.customers, s.conversionFromFirst]),
      [
        [0, null],
        [0, null],
        [0, null],
      ],
    );
  });
});
