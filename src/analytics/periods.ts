import { DAY, WEEK } from '../core/index.ts';
/**
 * UTC calendar periods for the analyses: days, ISO weeks (Monday to Sunday) and calendar months.
 * Everything is arithmetic on epoch milliseconds (no Date objects), because the analyses call
 * `periodIndex` once per row on inputs of millions of rows.
 */

export type PeriodUnit = 'day' | 'week' | 'month';

export const PERIOD_UNITS: readonly PeriodUnit[] = ['day', 'week', 'month'];

/** 1970-01-01 was a Thursday, so the ISO week holding the epoch began three days earlier. */
const WEEK_OFFSET = 3 * DAY;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12); H. Hinnant's days_from_civil. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Months since year 0 (year × 12 + month − 1) of a day number; H. Hinnant's civil_from_days. */
function monthIndexOfDays(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  // mp counts months from March; January and February belong to the next civil year.
  const year = yoe + era * 400 + (mp >= 10 ? 1 : 0);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return year * 12 + month - 1;
}

/**
 * An integer that grows by exactly 1 from one period to the next, so `periodIndex(b) − periodIndex(a)`
 * is the number of whole periods between them (calendar-correct for months: Jan 31 → Feb 1 is 1).
 * Days count from 1970-01-01, weeks from the ISO week of 1970-01-01, months from year 0.
 */
export function periodIndex(t: number, unit: PeriodUnit): number {
  if (unit === 'day') return Math.floor(t / DAY);
  if (unit === 'week') return Math.floor((t + WEEK_OFFSET) / WEEK);
  return monthIndexOfDays(Math.floor(t / DAY));
}

/** The start (epoch ms, UTC midnight) of the period with this index; the inverse of `periodIndex`. */
export function periodFromIndex(index: number, unit: PeriodUnit): number {
  if (unit === 'day') return index * DAY;
  if (unit === 'week') return index * WEEK - WEEK_OFFSET;
  const year = Math.floor(index / 12);
  return daysFromCivil(year, index - year * 12 + 1, 1) * DAY;
}

/** The start of the period holding `t`: UTC midnight, the Monday of its ISO week, or the 1st of its month. */
export function periodStart(t: number, unit: PeriodUnit): number {
  return periodFromIndex(periodIndex(t, unit), unit);
}

/** The start of the period after the one holding `start` (any time inside it works too). */
export function nextPeriod(start: number, unit: PeriodUnit): number {
  return periodFromIndex(periodIndex(start, unit) + 1, unit);
}

/**
 * The starts of every period that overlaps [from, to): the first is the period holding `from` (which may
 * begin before it), the last the one holding `to − 1`. Empty when to ≤ from.
 */
export function periodsBetween(from: number, to: number, unit: PeriodUnit): number[] {
  const starts: number[] = [];
  if (!(to > from)) return starts;
  const last = periodIndex(to - 1, unit);
  for (let i = periodIndex(from, unit); i <= last; i++) starts.push(periodFromIndex(i, unit));
  return starts;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The display label of the period holding `t`: `2026-03-02` (day), `2026-W10` (ISO week: the year is the
 * ISO week-numbering year, that of the week's Thursday, so 2025-12-29 is in `2026-W01`), `2026-03` (month).
 */
export function periodLabel(t: number, unit: PeriodUnit): string {
  if (unit === 'month') {
    const m = periodIndex(t, 'month');
    const year = Math.floor(m / 12);
    return `${pad(year, 4)}-${pad(m - year * 12 + 1, 2)}`;
  }
  if (unit === 'day') {
    const days = Math.floor(t / DAY);
    const m = monthIndexOfDays(days);
    const year = Math.floor(m / 12);
    const month = m - year * 12 + 1;
    return `${pad(year, 4)}-${pad(month, 2)}-${pad(days - daysFromCivil(year, month, 1) + 1, 2)}`;
  }
  const thursday = Math.floor(periodStart(t, 'week') / DAY) + 3;
  const year = Math.floor(monthIndexOfDays(thursday) / 12);
  const week = Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
  return `${pad(year, 4)}-W${pad(week, 2)}`;
}
