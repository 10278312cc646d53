import { DAY, HOUR, type Json } from '../core/index.ts';

/** Milliseconds in a day. */

// The range of a JavaScript Date; beyond it a moment cannot be printed or compared meaningfully.
const MAX_MS = 8.64e15;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|([+-])(\d{2}):?(\d{2}))?)?$/;

/**
 * Epoch milliseconds of an ISO 8601 date (`2025-01-31`) or date-time (`2025-01-31T09:30:00.5+02:00`),
 * or null when the text is not one or names an impossible day. A date-time without a zone is read as
 * UTC, so that a rule means the same on every server whatever its time zone.
 */
export function parseIsoDate(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offset = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const ms = daysFromCivil(year, month, day) * DAY + hour * HOUR + minute * 60_000 + second * 1000 + millis;
  return ms - offset;
}

/**
 * A trait value read as a moment: an ISO 8601 string, or a number of milliseconds (seconds when below
 * 1e11, i.e. before 1973 as milliseconds, which is how Unix timestamps in seconds tell themselves
 * apart). Whole milliseconds, so that boundaries fall on the clock's ticks. Null when unreadable.
 */
export function parseDate(value: Json | undefined): number | null {
  let ms: number;
  if (typeof value === 'string') {
    const parsed = parseIsoDate(value);
    if (parsed === null) return null;
    ms = parsed;
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    ms = Math.floor(value < 1e11 ? value * 1000 : value);
  } else return null;
  return ms >= -MAX_MS && ms <= MAX_MS ? ms : null;
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Proleptic Gregorian day arithmetic (H. Hinnant's civil algorithms): no Date objects on the hot path.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The UTC calendar date of a day number (days since 1970-01-01), packed as year·10000 + month·100 + day. */
function civilFromDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10000 + month * 100 + day;
}

/** The day number (days since 1970-01-01, UTC) of a moment. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY);
}

/**
 * The day number of the first yearly recurrence of `dateDay`'s month and day on or after `today`
 * (both day numbers). A 29 February recurs on 28 February in common years.
 */
export function nextAnniversary(dateDay: number, today: number): number {
  const date = civilFromDays(dateDay);
  const month = Math.floor(date / 100) % 100;
  const day = date % 100;
  const year = Math.floor(civilFromDays(today) / 10000);
  const thisYear = recurrence(year, month, day);
  return thisYear >= today ? thisYear : recurrence(year + 1, month, day);
}

function recurrence(year: number, month: number, day: number): number {
  return daysFromCivil(year, month, month === 2 && day === 29 && !isLeap(year) ? 28 : day);
}

/**
 * Whether an anniversary test holds on day `today`: the next recurrence is at most `spanDays` whole
 * days after today's midnight.
 */
export function anniversaryHolds(dateDay: number, today: number, spanDays: number): boolean {
  return nextAnniversary(dateDay, today) - today <= spanDays;
}

/**
 * The first UTC midnight after `now` at which `anniversaryHolds` changes, or null when it never does
 * (a span of 366 days or more always holds). It changes only when a recurrence comes within the
 * span or when the day after a recurrence begins, so only those days of the coming years are tried.
 */
export function nextAnniversaryChange(dateDay: number, now: number, spanDays: number): number | null {
  const today = dayOf(now);
  const current = anniversaryHolds(dateDay, today, spanDays);
  const date = civilFromDays(dateDay);
  const month = Math.floor(date / 100) % 100;
  const day = date % 100;
  const year = Math.floor(civilFromDays(today) / 10000);
  const candidates: number[] = [];
  // Spans of 364 days or more change only next to a 29 February, up to 8 years away (2096 to 2104).
  for (let y = year - 1; y <= year + 9; y++) {
    const r = recurrence(y, month, day);
    for (const c of [r - spanDays, r + 1]) if (c > today) candidates.push(c);
  }
  candidates.sort((a, b) => a - b);
  for (const c of candidates) if (anniversaryHolds(dateDay, c, spanDays) !== current) return c * DAY;
  return null;
}
