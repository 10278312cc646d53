import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  nextPeriod,
  periodFromIndex,
  periodIndex,
  periodLabel,
  periodStart,
  periodsBetween,
} from './periods.ts';

const at = (iso: string) => Date.parse(iso);

describe('periods', () => {
  test('period starts: UTC midnight, the Monday of the ISO week, the 1st of the month', () => {
    const t = at('2026-03-04T15:30:00Z'); // a Wednesday
    assert.equal(periodStart(t, 'day'), at('2026-03-04T00:00:00Z'));
    assert.equal(periodStart(t, 'week'), at('2026-03-02T00:00:00Z'));
    assert.equal(periodStart(t, 'month'), at('2026-03-01T00:00:00Z'));
    assert.equal(periodStart(at('2026-03-08T23:59:59.999Z'), 'week'), at('2026-03-02T00:00:00Z'));
    assert.equal(periodStart(at('2026-03-09T00:00:00Z'), 'week'), at('2026-03-09T00:00:00Z'));
    assert.equal(periodStart(at('1969-12-31T12:00:00Z'), 'month'), at('1969-12-01T00:00:00Z'));
  });

  test('next period, across year ends and February', () => {
    assert.equal(nextPeriod(at('2025-12-31T00:00:00Z'), 'day'), at('2026-01-01T00:00:00Z'));
    assert.equal(nextPeriod(at('2025-12-29T00:00:00Z'), 'week'), at('2026-01-05T00:00:00Z'));
    assert.equal(nextPeriod(at('2024-01-01T00:00:00Z'), 'month'), at('2024-02-01T00:00:00Z'));
    assert.equal(nextPeriod(at('2024-02-01T00:00:00Z'), 'month'), at('2024-03-01T00:00:00Z'));
    assert.equal(nextPeriod(at('2025-12-15T00:00:00Z'), 'month'), at('2026-01-01T00:00:00Z'));
  });

  test('indexes step by one per period and invert to the start', () => {
    assert.equal(
      periodIndex(at('2026-02-01T00:00:00Z'), 'month') - periodIndex(at('2026-01-31T23:59:59Z'), 'month'),
      1,
    );
    assert.equal(
      periodIndex(at('2027-03-01T00:00:00Z'), 'month') - periodIndex(at('2026-03-31T00:00:00Z'), 'month'),
      12,
    );
    assert.equal(
      periodIndex(at('2026-03-09T00:00:00Z'), 'week') - periodIndex(at('2026-03-08T23:59:59Z'), 'week'),
      1,
    );
    for (const unit of ['day', 'week', 'month'] as const) {
      for (
        let t = at('1999-12-25T07:00:00Z');
        t < at('2001-03-10T00:00:00Z');
        t += 86_400_000 * 3 + 3_600_000
      ) {
        const i = periodIndex(t, unit);
        assert.equal(periodFromIndex(i, unit), periodStart(t, unit));
        assert.ok(periodFromIndex(i, unit) <= t && t < periodFromIndex(i + 1, unit));
      }
    }
  });

  test('periodsBetween lists every period touching [from, to)', () => {
    assert.deepEqual(periodsBetween(at('2026-01-15T00:00:00Z'), at('2026-03-01T00:00:00Z'), 'month'), [
      at('2026-01-01T00:00:00Z'),
      at('2026-02-01T00:00:00Z'),
    ]);
    assert.deepEqual(periodsBetween(at('2026-03-04T00:00:00Z'), at('2026-03-09T00:00:01Z'), 'week'), [
      at('2026-03-02T00:00:00Z'),
      at('2026-03-09T00:00:00Z'),
    ]);
    assert.deepEqual(periodsBetween(at('2026-03-04T00:00:00Z'), at('2026-03-04T00:00:00Z'), 'day'), []);
  });

  test('labels, with ISO week-numbering years', () => {
    assert.equal(periodLabel(at('2026-03-02T10:00:00Z'), 'day'), '2026-03-02');
    assert.equal(periodLabel(at('2026-03-04T10:00:00Z'), 'week'), '2026-W10');
    assert.equal(periodLabel(at('2026-03-31T23:00:00Z'), 'month'), '2026-03');
    assert.equal(periodLabel(at('2025-12-29T00:00:00Z'), 'week'), '2026-W01');
    assert.equal(periodLabel(at('2021-01-03T00:00:00Z'), 'week'), '2020-W53');
    assert.equal(periodLabel(at('2024-12-30T00:00:00Z'), 'week'), '2025-W01');
    assert.equal(periodLabel(at('2024-02-29T00:00:00Z'), 'day'), '2024-02-29');
  });
});
