import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY, HOUR, WEEK } from '../core/index.ts';
import { type CohortActivity, type CohortMember, computeCohorts } from './cohorts.ts';

const W0 = Date.parse('2026-01-05T00:00:00Z'); // a Monday: 2026-W02

describe('computeCohorts', () => {
  // Week 0: 10 customers (ids 1..10), all active at t0; 6 return in week 1 (paying 5 each), 3 in week 2.
  // Week 1: 4 customers (ids 11..14); 2 return in week 2. Week 2: no one. Now is mid week 3.
  const members: CohortMember[] = [];
  const activity: CohortActivity[] = [];
  for (let c = 1; c <= 10; c++) {
    const t0 = W0 + c * HOUR;
    members.push({ c, t0 });
    activity.push({ c, t: t0, v: 20 });
    if (c <= 6) activity.push({ c, t: t0 + WEEK, v: 5 }, { c, t: t0 + WEEK + HOUR, v: 5 });
    if (c <= 3) activity.push({ c, t: t0 + 2 * WEEK });
  }
  for (let c = 11; c <= 14; c++) {
    const t0 = W0 + WEEK + 2 * DAY;
    members.push({ c, t0 });
    activity.push({ c, t: t0 });
    activity.push({ c, t: t0 - DAY, v: 1000 }); // before t0, in the same week: ignored
    if (c <= 12) activity.push({ c, t: t0 + WEEK });
  }
  activity.push({ c: 99, t: W0, v: 1 }); // not a member
  members.push({ c: 50, t0: W0 + 3 * WEEK }); // outside [from, to)
  const options = {
    unit: 'week' as const,
    periods: 5,
    from: W0,
    to: W0 + 3 * WEEK,
    now: W0 + 3 * WEEK + 3 * DAY,
  };
  const table = computeCohorts(members, activity, options);

  test('sizes, active counts and retention; cells after now are null', () => {
    assert.deepEqual(
      table.cohorts.map((c) => [c.label, c.size, c.complete]),
      [
        ['2026-W02', 10, 3],
        ['2026-W03', 4, 2],
        ['2026-W04', 0, 1],
      ],
    );
    assert.deepEqual(table.cohorts[0].active, [10, 6, 3, 0, null]);
    assert.deepEqual(table.cohorts[0].retention, [1, 0.6, 0.3, 0, null]);
    assert.deepEqual(table.cohorts[1].active, [4, 2, 0, null, null]);
    assert.deepEqual(table.cohorts[1].retention, [1, 0.5, 0, null, null]);
    assert.deepEqual(table.cohorts[2].active, [0, 0, null, null, null]);
    assert.deepEqual(table.cohorts[2].retention, [null, null, null, null, null]);
  });

  test('revenue per period and cumulative per cohort customer', () => {
    assert.deepEqual(table.cohorts[0].revenue, [200, 60, 0, 0, null]);
    assert.deepEqual(table.cohorts[0].cumulativeRevenuePerCustomer, [20, 26, 26, 26, null]);
    assert.deepEqual(table.cohorts[1].revenue, [0, 0, 0, null, null]);
  });

  test('the average is weighted by size over complete periods only', () => {
    assert.deepEqual(table.average.customers, [14, 14, 10, 0, 0]);
    assert.deepEqual(table.average.retention, [1, 8 / 14, 0.3, null, null]);
    assert.deepEqual(table.average.cumulativeRevenuePerCustomer, [200 / 14, 260 / 14, 26, null, null]);
  });

  test('months are calendar months: Jan 31 → Feb 1 is period 1', () => {
    const jan31 = Date.parse('2026-01-31T22:00:00Z');
    const result = computeCohorts(
      [
        { c: 1, t0: jan31 },
        { c: 1, t0: jan31 + HOUR }, // listed twice: the earliest t0 counts
      ],
      [
        { c: 1, t: jan31 + 3 * HOUR },
        { c: 1, t: Date.parse('2026-03-31T00:00:00Z') },
      ],
      {
        unit: 'month',
        periods: 3,
        from: Date.parse('2026-01-01'),
        to: Date.parse('2026-02-01'),
        now: Date.parse('2026-06-01'),
      },
    );
    assert.equal(result.cohorts[0].size, 1);
    assert.deepEqual(result.cohorts[0].active, [0, 1, 1]);
  });
});
