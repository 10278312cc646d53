import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY, HOUR } from '../../core/index.ts';
import type { AnalyticsStorage, MoveRow, StageCount } from '../analytics-store.ts';
import { abandonment } from './commerce-kpis.ts';
import { computeKpis } from './compute-kpis.ts';
import { analyticsSettings } from './settings.ts';
import { distinctPerSlot, Slots } from './slots.ts';
import { CustomerEvents, markSessions, mergeTimelines, sessionize, timeline, without } from './timeline.ts';

const MIN = 60_000;
/** Monday 2026-03-02. */
const D = Date.parse('2026-03-02T00:00:00Z');
const rows = (...pairs: [number, number][]) => pairs.map(([c, t]) => ({ c, t }));

describe('slots', () => {
  it('clips the first and last periods to the range and nulls those after now', () => {
    const slots = new Slots(D + 3 * DAY, D + 10 * DAY, 'week', D + 8 * DAY);
    assert.deepEqual(slots.labels, ['2026-W10', '2026-W11']);
    assert.equal(slots.starts[0], D);
    assert.equal(slots.begin(0), D + 3 * DAY);
    assert.equal(slots.end(1), D + 10 * DAY);
    assert.equal(slots.slot(D + DAY), -1);
    assert.deepEqual(new Slots(D, D + 2 * DAY, 'day', D + HOUR).series([1, 2]), [1, null]);
  });

  it('counts distinct customers per slot, not per row', () => {
    const slots = new Slots(D, D + 14 * DAY, 'week', D + 14 * DAY);
    const line = timeline(rows([1, D], [1, D + DAY], [1, D + 8 * DAY], [2, D + 9 * DAY], [2, D + 9 * DAY]));
    const d = distinctPerSlot(slots, line.customers, line.times);
    assert.deepEqual([...d.perSlot], [1, 2]);
    assert.equal(d.total, 2);
  });
});

describe('visits and sessions', () => {
  it('removes named events from activity as a multiset on customer and time', () => {
    const activity = timeline(rows([2, 5], [1, 7], [1, 7], [1, 9], [3, 1]));
    const left = without(activity, mergeTimelines([timeline(rows([3, 1], [1, 7])), timeline(rows([4, 4]))]));
    assert.deepEqual([...left.customers], [1, 1, 2]);
    assert.deepEqual([...left.times], [7, 9, 5]);
  });

  it('starts a new session at a gap of the threshold or more, and flags sessions holding an event', () => {
    const visits = timeline(rows([1, 0], [1, 29 * MIN], [1, 58 * MIN], [1, 88 * MIN], [2, 0]));
    const s = sessionize(visits, 30 * MIN);
    assert.deepEqual([...s.starts], [0, 88 * MIN, 0]);
    assert.deepEqual([...s.ends], [58 * MIN, 88 * MIN, 0]);
    assert.deepEqual([...s.hits], [3, 1, 1]);
    markSessions(s, timeline(rows([1, 88 * MIN], [2, 5])), 2);
    assert.deepEqual([...s.flags], [0, 2, 0]);
  });

  it("finds a customer's next event", () => {
    const events = new CustomerEvents(timeline(rows([5, 10], [5, 20], [9, 1])));
    assert.equal(events.next(5, 10), 0);
    assert.equal(events.next(5, 10, true), 1);
    assert.equal(events.next(5, 21), -1);
    assert.equal(events.next(7, 0), -1);
  });
});

describe('cart abandonment', () => {
  const slots = new Slots(D, D + 7 * DAY, 'week', D + 30 * DAY);
  const rate = (carts: [number, number][], purchases: [number, number][], horizon = D + 30 * DAY) =>
    abandonment(slots, timeline(rows(...carts)), timeline(rows(...purchases)), DAY, horizon).value;

  it('converts a cart bought within the window of its last addition, and abandons it otherwise', () => {
    // Customer 1 adds again 20 h later, which keeps the cart open; the purchase 23 h after that converts it.
    assert.equal(
      rate(
        [
          [1, D],
          [1, D + 20 * HOUR],
        ],
        [[1, D + 43 * HOUR]],
      ),
      0,
    );
    // A purchase exactly at the end of the window is too late.
    assert.equal(rate([[2, D]], [[2, D + DAY]]), 1);
    // After a purchase the next addition opens a new cart.
    assert.equal(
      rate(
        [
          [3, D],
          [3, D + 2 * HOUR],
        ],
        [[3, D + HOUR]],
      ),
      0.5,
    );
  });

  it('leaves out carts opened before the range and carts still in their window', () => {
    assert.equal(
      rate(
        [
          [1, D - HOUR],
          [1, D + HOUR],
        ],
        [],
      ),
      null,
    );
    assert.equal(rate([[1, D + 6 * DAY]], [], D + 6 * DAY + HOUR), null);
    assert.equal(
      rate(
        [
          [1, D + DAY],
          [2, D + 6 * DAY],
        ],
        [],
        D + 6 * DAY + HOUR,
      ),
      1,
    );
  });
});

/** A storage with only stage counts and moves. */
function stageStorage(counts: StageCount[], moves: MoveRow[]): AnalyticsStorage {
  return new Proxy({} as AnalyticsStorage, {
    get: (_, prop) => async (_ws: number, range?: { from: number; to: number }) => {
      if (prop === 'stageCounts') return counts;
      if (prop === 'moves') return moves.filter((m) => m.at >= range!.from && m.at < range!.to);
      throw new Error(`unexpected read ${String(prop)}`);
    },
  });
}

describe('churn rate', () => {
  const move = (c: number, from: string | null, to: string, day: number): MoveRow => ({
    c,
    from,
    to,
    at: D + day * DAY,
  });
  const counts = [
    { stage: 'active', customers: 5 },
    { stage: 'at_risk', customers: 2 },
    { stage: 'churned', customers: 4 },
  ];
  const moves = [
    move(1, 'active', 'at_risk', 2),
    move(2, 'active', 'at_risk', 3),
    move(2, 'at_risk', 'churned', 8),
    move(3, 'active', 'churned', 9),
    move(4, null, 'active', 10),
    move(5, 'at_risk', 'active', 4),
    move(6, null, 'churned', 5),
    // After the range: still undone to rebuild the counts of the past.
    move(7, 'active', 'churned', 20),
  ];
  const churn = (lapseStages: string[], settings: { churnStages?: string[] } = {}) =>
    computeKpis(stageStorage(counts, moves), 1, {
      from: D,
      to: D + 14 * DAY,
      unit: 'week',
      now: D + 30 * DAY,
      ids: ['churn_rate'],
      lapseStages,
      settings: analyticsSettings(settings),
    }).then(([r]) => r!);

  it('divides customers entering a lapse stage by the base at the start of each period', async () => {
    // At D: active 7, at risk 2, churned 0 (today's counts with every move since undone). Week 1: 1 and 2
    // churn out of 7 active (6 entering churned as a first placement is not churn). Week 2 starts with 6
    // active; 3 churns, while 2 going from one lapse stage to another is not churn again.
    const r = await churn(['at_risk', 'churned']);
    assert.deepEqual(
      r.series.map((p) => p.value),
      [2 / 7, 1 / 6],
    );
    assert.equal(r.value, 3 / 7);
  });

  it('takes the churn and base stages from the settings', async () => {
    // Only `churned` is churn; the base is active and at risk: 9 at both starts. 2 → churned now counts.
    const r = await churn(['at_risk', 'churned'], { churnStages: ['churned'] });
    assert.deepEqual(
      r.series.map((p) => p.value),
      [0, 2 / 9],
    );
  });
});
