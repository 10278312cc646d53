import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../core/index.ts';
import type { TimeRange } from './analytics-store.ts';

const DAY = 86_400_000;
/** The longest range one analytics request may cover: five years. */
export const MAX_RANGE_DAYS = 5 * 366;

export type Unit = 'day' | 'week' | 'month';

const dateOrTime = (description: string) =>
  Type.String({
    description: `${description}: a UTC day (2026-03-01, its midnight) or an ISO 8601 date-time`,
  });

/** The query every analytics report takes: its range, the period of its series, JSON or CSV. */
export const RangeQuery = {
  from: Type.Optional(dateOrTime('Start, inclusive; default 30 days before `to`')),
  to: Type.Optional(dateOrTime('End, exclusive; default now')),
  unit: Type.Optional(
    Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], {
      description:
        'Period of the series (UTC; ISO weeks start on Monday); default by the length of the range',
    }),
  ),
  format: Type.Optional(
    Type.Union([Type.Literal('json'), Type.Literal('csv')], {
      description: 'csv: the report as a CSV table',
    }),
  ),
};

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

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of objects as CSV with the given columns, header first, CRLF line ends as RFC 4180 has them. */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Sends a CSV export. The route's response schema describes its JSON; a string with its own content type
 * goes out as it is, so the cast only tells the type provider so.
 */
export function sendCsv(reply: FastifyReply, csv: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').send(csv as never);
}
