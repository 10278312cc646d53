import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ActivityEvent, computeLifecycleChart, type FirstSeen } from './lifecycle-chart.ts';

const at = (iso: string) => Date.parse(`${iso}T12:00:00Z`);

describe('computeLifecycleChart', () => {
  test('new, returning, resurrecting and dormant by month', () => {
    const firstSeen: FirstSeen[] = [
      { c: 1, t0: at('2025-12-10') },
      { c: 2, t0: at('2026-01-05') },
      { c: 3, t0: at('2026-01-20') },
      { c: 4, t0: at('2026-02-03') },
      { c: 5, t0: at('2025-06-01') },
      { c: 6, t0: at('2026-03-01') },
      { c: 8, t0: at('2025-12-02') },
      { c: 6, t0: at('2026-03-05') }, // listed twice: the earliest counts
    ];
    const activity: ActivityEvent[] = [
      { c: 1, t: at('2026-01-09') },
      { c: 1, t: at('2026-01-10') },
      { c: 1, t: at('2026-02-28') },
      { c: 1, t: at('2026-04-01') },
      { c: 2, t: at('2026-02-14') },
      { c: 4, t: at('2026-04-02') },
      { c: 5, t: at('2025-11-11') },
      { c: 5, t: at('2026-02-11') },
      { c: 6, t: at('2026-02-15') }, // before first seen: ignored
      { c: 7, t: at('2026-01-15') }, // never first seen: ignored
      { c: 8, t: at('2025-12-20') },
    ];
    const chart = computeLifecycleChart(firstSeen, activity, {
      unit: 'month',
      from: Date.parse('2026-01-01'),
      to: Date.parse('2026-05-01'),
    });
    assert.deepEqual(
      chart.map((p) => [p.label, p.new, p.returning, p.resurrecting, p.dormant, p.active]),
      [
        ['2026-01', 2, 1, 0, 1, 3],
        ['2026-02', 1, 2, 1, 1, 4],
        ['2026-03', 1, 0, 0, 4, 1],
        ['2026-04', 0, 0, 2, 1, 2],
      ],
    );
    assert.equal(chart[0].start, Date.parse('2026-01-01'));
  });

  test('an empty range has no periods', () => {
    assert.deepEqual(computeLifecycleChart([], [], { unit: 'day', from: 10, to: 10 }), []);
  });
});
