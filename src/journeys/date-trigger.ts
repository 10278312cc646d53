import { type Json, localParts, zonedInstant } from '../core/index.ts';
import type { Trigger } from './model.ts';

type DateTrigger = Extract<Trigger, { kind: 'date' }>;

/** One time a date trigger comes round for a customer: when, and the local date it is for (the entry's cause). */
export type DateOccurrence = { at: number; date: string };

type CalendarDate = { year: number; month: number; day: number };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The calendar date a trait holds: a `YYYY-MM-DD` string as written (a birthday has no zone), or the
 * local date in the customer's zone of an ISO date-time string or an epoch-millisecond number (a trial
 * that ends at 2027-03-01T02:00Z ends on 28 February in New York). Anything else holds no date.
 */
export function traitDate(value: Json | undefined, timeZone: string): CalendarDate | null {
  if (typeof value === 'string') {
    const m = ISO_DATE.exec(value);
    if (m) {
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const check = new Date(Date.UTC(year, month - 1, day));
      return check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? { year, month, day } : null;
    }
    // Only full date-times: Date.parse also reads loose forms ("March 7") that differ across engines.
    if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? dateOf(ms, timeZone) : null;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return dateOf(value, timeZone);
  return null;
}

function dateOf(ms: number, timeZone: string): CalendarDate {
  const p = localParts(ms, timeZone);
  return { year: p.year, month: p.month, day: p.day };
}

/** The date `days` after (or before) a calendar date. */
function addDays(d: CalendarDate, days: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const format = (d: CalendarDate) =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

function occurrence(t: DateTrigger, base: CalendarDate, timeZone: string): DateOccurrence {
  const d = addDays(base, t.offsetDays);
  return { at: zonedInstant(d.year, d.month, d.day, t.at.hour, t.at.minute, timeZone), date: format(d) };
}

/**
 * The first time at or after `from` that a date trigger comes round for a customer whose trait holds
 * `value`, or null when it never does again: the trait holds no date, or a one-off date has passed.
 * Yearly triggers come round on each anniversary after the date itself (a birthday, not the day of
 * birth); 29 February is kept on 28 February in other years. The offset moves the day (`-3`: three days
 * before) and `at` is the customer's local time that day.
 */
export function nextDateOccurrence(
  t: DateTrigger,
  value: Json | undefined,
  timeZone: string,
  from: number,
): DateOccurrence | null {
  const base = traitDate(value, timeZone);
  if (!base) return null;
  if (!t.yearly) {
    const o = occurrence(t, base, timeZone);
    return o.at >= from ? o : null;
  }
  // An offset can carry an anniversary into the next or the previous year: start a year early.
  const start = Math.max(base.year + 1, localParts(from, timeZone).year - 1);
  for (let year = start; year <= start + 3; year++) {
    const day = base.month === 2 && base.day === 29 && !isLeap(year) ? 28 : base.day;
    const o = occurrence(t, { year, month: base.month, day }, timeZone);
    if (o.at >= from) return o;
  }
  return null;
}
