import type { PeriodUnit } from '../../analytics/periods.ts';

const DAY = 86_400_000;

/**
 * `⌊x / d⌋` for a bigint expression and a positive integer: PostgreSQL's integer `/` truncates toward
 * zero, so a time before 1970 would land in the period after its own (−1 ms in day 0 rather than −1).
 */
function floorDiv(x: string, d: number): string {
  return `((${x}) / ${d} - ((${x}) % ${d} < 0)::int)`;
}

/**
 * PostgreSQL's number (int) of the UTC day, ISO week or calendar month holding the millisecond time in
 * `column`, exactly as `periodIndex` (analytics/periods.ts) numbers it, on both sides of 1970: days
 * since 1970-01-01, weeks since the ISO week holding it (which began on Monday 1969-12-29), months as
 * year × 12 + month − 1. Every statement that numbers periods in SQL uses this; `period-sql.test.ts`
 * compares it with `periodIndex`.
 *
 * @example `SELECT ${postgresPeriod('week')} FROM events` // the ISO week of each event
 */
export function postgresPeriod(unit: PeriodUnit, column = 'timestamp'): string {
  const day = `${floorDiv(column, DAY)}::int`;
  if (unit === 'day') return `(${day})`;
  if (unit === 'week') return `(${floorDiv(`${column} + ${3 * DAY}`, 7 * DAY)}::int)`;
  // Calendar arithmetic on the date of that day: exact, with no time zone or float in the way.
  const date = `(date '1970-01-01' + ${day})`;
  // PostgreSQL numbers the years BC from −1 (it has no year 0); periodIndex's proleptic Gregorian
  // calendar has a year 0 (1 BC), and validation accepts it (years 0000 to 9999).
  const year = `(extract(year FROM ${date}) + (${date} < date '0001-01-01')::int)`;
  return `((${year} * 12 + extract(month FROM ${date}) - 1)::int)`;
}
