import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY } from '../core/index.ts';
import { anniversaryHolds, dayOf, nextAnniversaryChange, parseDate, parseIsoDate } from './dates.ts';
import { firstFlip } from './timing.ts';

test('parseIsoDate reads dates and date-times, without a zone as UTC', () => {
  assert.equal(parseIsoDate('2025-01-31'), Date.UTC(2025, 0, 31));
  assert.equal(parseIsoDate('2025-01-31T09:30'), Date.UTC(2025, 0, 31, 9, 30));
  assert.equal(parseIsoDate('2025-01-31 09:30:15.1234Z'), Date.UTC(2025, 0, 31, 9, 30, 15, 123));
  assert.equal(parseIsoDate('2025-01-31T09:30+02:00'), Date.UTC(2025, 0, 31, 7, 30));
  assert.equal(parseIsoDate('2025-01-31T09:30-0130'), Date.UTC(2025, 0, 31, 11, 0));
  assert.equal(parseIsoDate('1969-12-31T23:59:59.999Z'), -1);
  assert.equal(parseIsoDate('2024-02-29'), Date.UTC(2024, 1, 29));
  for (const bad of [
    '2025-02-29',
    '2025-13-01',
    '2025-00-10',
    '2025-01-31T24:00',
    '2025-1-31',
    '31/01/2025',
    '',
  ]) {
    assert.equal(parseIsoDate(bad), null, bad);
  }
});

test('parseDate takes numbers as milliseconds, or as seconds below 1e11, in whole milliseconds', () => {
  assert.equal(parseDate(1_700_000_000), 1_700_000_000_000);
  assert.equal(parseDate(1_700_000_000_000), 1_700_000_000_000);
  assert.equal(parseDate(1.5), 1500);
  assert.equal(parseDate(1_700_000_000_000.7), 1_700_000_000_000);
  assert.equal(parseDate(1e17), null, 'beyond what a Date can hold');
  assert.equal(parseDate(null), null);
  assert.equal(parseDate(undefined), null);
  assert.equal(parseDate('1700000000'), null, 'numeric text is not ISO 8601');
});

test('nextAnniversaryChange agrees with a day-by-day walk', () => {
  // Spans near a year only change next to leap days, years apart: hence the long walks.
  const starts = [Date.UTC(2023, 0, 1, 15), Date.UTC(2096, 5, 1)];
  for (const date of ['1990-01-01', '1992-02-29', '1980-03-01', '2001-12-31', '1975-07-14']) {
    const dateDay = dayOf(parseIsoDate(date)!);
    for (const span of [0, 1, 6, 30, 364, 365, 366]) {
      for (const start of starts)
        for (let now = start; now < start + 800 * DAY; now += 97 * DAY) {
          const current = anniversaryHolds(dateDay, dayOf(now), span);
          let expected: number | null = null;
          for (let d = dayOf(now) + 1; d <= dayOf(now) + 3300; d++) {
            if (anniversaryHolds(dateDay, d, span) !== current) {
              expected = d * DAY;
              break;
            }
          }
          assert.equal(nextAnniversaryChange(dateDay, now, span), expected, `${date} ${span} ${now}`);
        }
    }
  }
});

test('firstFlip finds the exact millisecond even when the boundary is computed a little off', () => {
  const holds = (t: number) => t >= 100;
  assert.equal(firstFlip(holds, 0, [99.9999]), 100);
  assert.equal(firstFlip(holds, 0, [100.0001]), 100);
  assert.equal(firstFlip(holds, 100, [100]), null);
  assert.equal(
    firstFlip((t) => t === 50, 0, [50]),
    50,
  );
  assert.equal(
    firstFlip((t) => t === 50, 50, [50]),
    51,
  );
  assert.equal(firstFlip(holds, 0, [Number.POSITIVE_INFINITY]), null);
});
