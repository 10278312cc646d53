import type { FastifyReply } from 'fastify';

/**
 * Sends a CSV export. The route's response schema describes its JSON; a string with its own content type
 * goes out as it is, so the cast only tells the type provider so.
 */
export function sendCsv(reply: FastifyReply, csv: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').send(csv as never);
}
