import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';

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

/**
 * Sends a CSV export. The route's response schema describes its JSON; a string with its own content type
 * goes out as it is, so the cast only tells the type provider so.
 */
export function sendCsv(reply: FastifyReply, csv: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').send(csv as never);
}
