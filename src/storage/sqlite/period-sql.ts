import type { PeriodUnit } from '../../analytics/periods.ts';

const DAY = 86_400_000;

/**
 * `⌊x / d⌋` for an integer expression and a positive integer: SQLite's `/` truncates toward zero, so
 * a time before 1970 would land in the period after its own (−1 ms in day 0 rather than day −1). A
 * comparison is 0 or 1 in SQLite, so this stays integer arithmetic (no floor() needed, nor any float).
 */
function floorDiv(x: string, d: number): string {
  return `((${x}) / ${d} - ((${x}) % ${d} < 0))`;
}

/**
 * SQLite's number of the UTC day, ISO week or calendar month holding the millisecond time in `column`,
 * exactly as `periodIndex` (analytics/periods.ts) numbers it, on both sides of 1970: days since
 * 1970-01-01, weeks since the ISO week holding it (which began on Monday 1969-12-29, three days
 * earlier), months as year × 12 + month − 1. Every statement that numbers periods in SQL uses this;
 * `period-sql.test.ts` compares it with `periodIndex`.
 *
 * @example `SELECT ${sqlitePeriod('week')} FROM events` // the ISO week of each event
 */
export function sqlitePeriod(unit: PeriodUnit, column = 'timestamp'): string {
  const day = floorDiv(column, DAY);
  if (unit === 'day') return day;
  if (unit === 'week') return floorDiv(`${column} + ${3 * DAY}`, 7 * DAY);
  // From the day's midnight, a whole number of seconds, so strftime never sees the time of day.
  const part = (f: string) => `CAST(strftime('${f}', ${day} * 86400, 'unixepoch') AS INTEGER)`;
  return `(${part('%Y')} * 12 + ${part('%m')} - 1)`;
}
