import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { SpendRow } from '../../analytics/index.ts';
import { parseSpend, rangeOf, spendCsv } from '../../analytics/index.ts';
import type { Clock } from '../../core/index.ts';
import { AppError } from '../../core/index.ts';
import type { Store } from '../../storage/index.ts';
import { knownQueryOnly } from '../http.ts';
import { RangeQuery, sendCsv } from './http-query.ts';

/** Spend files of a few years of daily rows per campaign. */
const SPEND_BODY_LIMIT = 16 * 1024 * 1024;

const SpendRowSchema = Type.Object({
  day: Type.String({ description: 'UTC day, YYYY-MM-DD' }),
  channel: Type.String(),
  campaign: Type.String({ description: "'' when the spend is not broken down by campaign" }),
  amount: Type.Number(),
  impressions: Type.Union([Type.Integer(), Type.Null()]),
  clicks: Type.Union([Type.Integer(), Type.Null()]),
});

const SpendReportSchema = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  total: Type.Number(),
  byChannel: Type.Array(Type.Object({ channel: Type.String(), amount: Type.Number() })),
  rows: Type.Array(SpendRowSchema),
});

const SpendImportSchema = Type.Object({
  inserted: Type.Integer({ description: 'Rows for a day, channel and campaign that had no spend yet' }),
  replaced: Type.Integer({ description: 'Rows that replaced what an earlier import said' }),
  errors: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() })),
});

const ListQuery = Type.Object({ from: RangeQuery.from, to: RangeQuery.to, format: RangeQuery.format });

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const rowView = (r: SpendRow) => ({ ...r, day: day(r.day) });

/**
 * Marketing spend: a CSV upload (date, channel, campaign, amount, impressions, clicks) and the spend in
 * a range, behind CAC and LTV:CAC.
 */
export async function spendRoutes(app: FastifyInstance, deps: { store: Store; clock: Clock }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, clock } = deps;
  if (!app.hasContentTypeParser('text/csv')) {
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_r, body, done) => done(null, body));
  }

  api.post(
    '/analytics/spend',
    {
      bodyLimit: SPEND_BODY_LIMIT,
      schema: {
        tags: ['analytics'],
        summary:
          'Import marketing spend from CSV (header: date, channel, amount; optional campaign, impressions, clicks)',
        description:
          'Rows of the same day, channel and campaign are added up; each replaces what an earlier import said for it. Bad rows are listed by line and the good ones kept; a file with no good row is refused with 400.',
        body: { type: 'string', description: 'text/csv' },
        response: { 200: SpendImportSchema },
      },
      preValidation: knownQueryOnly({ properties: {} }),
    },
    async (request) => {
      if (typeof request.body !== 'string') {
        throw new AppError('bad_request', 'send the spend as text/csv');
      }
      const { rows, errors } = parseSpend(request.body.split(/\r?\n/));
      if (rows.length === 0) {
        const first = errors[0];
        throw new AppError(
          'bad_request',
          first
            ? `no spend row could be read; line ${first.line}: ${first.message}`
            : 'the file has no spend rows',
        );
      }
      const stored = await store.analytics.putSpend(request.workspace.id, rows);
      return { ...stored, errors };
    },
  );

  api.get(
    '/analytics/spend',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Marketing spend in a range, per day, channel and campaign, with totals per channel',
        querystring: ListQuery,
        response: { 200: SpendReportSchema },
      },
      preValidation: knownQueryOnly(ListQuery),
    },
    async (request, reply) => {
      const range = rangeOf(request.query, clock.now());
      const rows = await store.analytics.spend(request.workspace.id, range);
      if (request.query.format === 'csv') return sendCsv(reply, spendCsv(rows));
      const byChannel = new Map<string, number>();
      for (const r of rows) byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + r.amount);
      return {
        from: new Date(range.from).toISOString(),
        to: new Date(range.to).toISOString(),
        total: rows.reduce((sum, r) => sum + r.amount, 0),
        byChannel: [...byChannel].map(([channel, amount]) => ({ channel, amount })),
        rows: rows.map(rowView),
      };
    },
  );
}
