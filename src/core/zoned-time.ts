import { DAY, MINUTE } from './time.ts';

/**
 * Wall-clock time in a customer's time zone (IANA names such as `Europe/Paris`), with the platform's
 * own time-zone data (Intl): "9:30 on their Monday", quiet hours, send windows. Daylight saving is
 * honoured: a local time that does not exist that day (the spring gap) falls to the first moment after it.
 */

/** A local date and time: month 1–12, weekday 0 (Sunday) – 6. */
export type LocalParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone name the platform knows. */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The local wall-clock parts of `ms` in `timeZone`. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  const weekday = new Date(Date.UTC(p.year!, p.month! - 1, p.day!)).getUTCDay();
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, weekday };
}

/** How far `timeZone`'s wall clock is ahead of UTC at `ms`, in ms (to the minute). */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return wall - Math.floor(ms / MINUTE) * MINUTE;
}

/** The instant at which `timeZone`'s clock shows this local date and time (month 1–12; days may overflow). */
export function zonedInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  // In the spring gap neither guess shows the wall time: take the later one, just after the gap.
  return first === second ? first : Math.max(first, second);
}

/**
 * The first instant at or after `now` when the local clock shows `hour:minute` on one of `weekdays`
 * (0 = Sunday; every day when empty).
 *
 * @example nextLocalTime(Date.parse('2027-03-01T12:00Z'), 9, 0, [], 'Europe/Paris') // 2027-03-02T08:00Z
 */
export function nextLocalTime(
  now: number,
  hour: number,
  minute: number,
  weekdays: readonly number[],
  timeZone: string,
): number {
  const today = localParts(now, timeZone);
  for (let d = 0; d <= 7; d++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + d));
    if (weekdays.length > 0 && !weekdays.includes(date.getUTCDay())) continue;
    const at = zonedInstant(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      hour,
      minute,
      timeZone,
    );
    if (at >= now) return at;
  }
  // Unreachable for a valid weekday list: some allowed day comes within a week.
  return now + 7 * DAY;
}
