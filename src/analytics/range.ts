import { AppError, DAY } from '../core/index.ts';
import type { TimeRange } from './analytics-store.ts';

/** The longest range one analytics request may cover: five years. */
export const MAX_RANGE_DAYS = 5 * 366;

export type Unit = 'day' | 'week' | 'month';

/** Epoch ms of a `YYYY-MM-DD` day (its UTC midnight) or an ISO date-time with a zone. */
export function parseInstant(name: string, text: string): number {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  if (!Number.isFinite(t) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new AppError(
      'bad_request',
      `${name} ${JSON.stringify(text)} is not a date (2026-03-01) or ISO date-time`,
    );
  }
  return t;
}

/**
 * The range and unit a report covers: [from, to) from the query, by default the 30 days up to now; the
 * unit by default a day up to two months, a week up to a year, else a month.
 * @example rangeOf({ from: '2026-03-01' }, Date.parse('2026-04-01')) // March, by day
 */
export function rangeOf(
  q: { from?: string; to?: string; unit?: Unit },
  now: number,
): TimeRange & { unit: Unit } {
  const to = q.to === undefined ? now : parseInstant('to', q.to);
  const from = q.from === undefined ? to - 30 * DAY : parseInstant('from', q.from);
  if (from >= to) throw new AppError('bad_request', 'from must be before to');
  const days = (to - from) / DAY;
  if (days > MAX_RANGE_DAYS) {
    throw new AppError(
      'bad_request',
      `the range covers ${Math.ceil(days)} days; ask for at most ${MAX_RANGE_DAYS}`,
    );
  }
  const unit = q.unit ?? (days <= 62 ? 'day' : days <= 366 ? 'week' : 'month');
  return { from, to, unit };
}
