import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CustomerAggregate, summaryFromAggregates } from './aggregates.ts';
import { groupHistories } from './groups.ts';
import { summarize, type Transaction } from './summary.ts';

const at = (date: string) => Date.parse(`${date}Z`);
const UNTIL = at('2024-01-31T00:00:00'); // the last calibration date is 2024-01-30

const purchases: Transaction[] = [
  { customer: 'a', at: at('2024-01-21T08:00:00'), value: 30 },
  { customer: 'a', at: at('2024-01-01T10:00:00'), value: 10 },
  { customer: 'a', at: at('2024-01-01T15:00:00'), value: 5 },
  { customer: 'b', at: at('2024-01-30T23:00:00'), value: 12 },
  { customer: 'a', at: at('2024-01-11T12:00:00'), value: 20 },
  { customer: 'a', at: at('2024-02-03T09:00:00'), value: 7 },
  { customer: 'a', at: at('2024-02-03T19:00:00'), value: 1 },
  { customer: 'c', at: at('2024-02-05T10:00:00'), value: 99 },
  { customer: 'a', at: at('2024-02-10T10:00:00'), value: 2 },
];

describe('summarize', () => {
  test('counts repeat purchase days, measures times between dates, and splits off the holdout', () => {
    const { summary, holdout } = summarize(purchases, { until: UNTIL, unit: 'days' });
    assert.deepEqual(summary.ids, ['a', 'b']);
    // a: Jan 1 (two purchases, one day), Jan 11, Jan 21 → x = 2, t_x = 20, T = Jan 30 − Jan 1 = 29.
    assert.deepEqual([...summary.x], [2, 0]);
    assert.deepEqual([...summary.tx], [20, 0]);
    // b first bought on the last calibration date: T = 0.
    assert.deepEqual([...summary.T], [29, 0]);
    assert.deepEqual([...summary.monetary], [25, 0]);
    assert.deepEqual([...summary.total], [65, 12]);
    assert.deepEqual([...summary.first], [at('2024-01-01T00:00:00'), at('2024-01-30T00:00:00')]);
    // Holdout: Feb 3 (two purchases, one day, 4 days after Jan 30) and Feb 10; c is new.
    assert.deepEqual([...holdout.customer], [0, 0]);
    assert.deepEqual([...holdout.time], [4, 11]);
    assert.deepEqual([...holdout.value], [8, 2]);
    assert.equal(holdout.newCustomers, 1);
  });

  test('weeks divide the day differences by 7; without until everything is calibration', () => {
    const { summary } = summarize(purchases, { until: UNTIL, unit: 'weeks' });
    assert.deepEqual([...summary.tx], [20 / 7, 0]);
    assert.deepEqual([...summary.T], [29 / 7, 0]);
    const all = summarize(purchases, { unit: 'days' });
    assert.equal(all.holdout.size, 0);
    assert.equal(all.summary.until, at('2024-02-11T00:00:00'));
    assert.deepEqual([...all.summary.x], [4, 0, 0]);
    assert.deepEqual([...all.summary.T], [40, 11, 5]);
  });

  test('aggregates from the database give the same summary', () => {
    const rows: CustomerAggregate[] = [
      {
        customer: 'a',
        first: at('2024-01-01T10:00:00'),
        last: at('2024-01-21T08:00:00'),
        days: 3,
        valueSum: 65,
        firstValue: 15,
      },
      {
        customer: 'b',
        first: at('2024-01-30T23:00:00'),
        last: at('2024-01-30T23:00:00'),
        days: 1,
        valueSum: 12,
        firstValue: 12,
      },
    ];
    const fromRows = summaryFromAggregates(rows, { until: UNTIL, unit: 'days' });
    const { summary } = summarize(purchases, { until: UNTIL, unit: 'days' });
    assert.deepEqual(fromRows, summary);
    assert.throws(() => summaryFromAggregates([{ ...rows[0], days: 30 }], { until: UNTIL }), RangeError);
  });

  test('groups identical histories with weights', () => {
    const { summary } = summarize(
      [
        { customer: 1, at: at('2024-01-01T00:00:00'), value: 1 },
        { customer: 2, at: at('2024-01-01T05:00:00'), value: 1 },
        { customer: 3, at: at('2024-01-02T00:00:00'), value: 1 },
      ],
      { until: UNTIL, unit: 'days' },
    );
    const groups = groupHistories(summary);
    assert.equal(groups.size, 2);
    assert.deepEqual([...groups.weight], [2, 1]);
    assert.deepEqual([...groups.member], [0, 0, 1]);
    assert.deepEqual([...groups.T], [29, 28]);
    assert.equal(groups.total, 3);
  });
});
