import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  jsonOrCsv,
  parseSpend,
  rangeOf,
  SpendCsvSchema,
  SpendImportSchema,
  SpendQuerySchema,
  SpendReportSchema,
  spendCsv,
  spendReport,
} from '../../analytics/index.ts';
import type { Clock } from '../../core/index.ts';
import { AppError } from '../../core/index.ts';
import type { Store } from '../../storage/index.ts';
import { sendCsv } from './send-csv.ts';

/** Spend files of a few years of daily rows per campaign. */
const SPEND_BODY_LIMIT = 16 * 1024 * 1024;

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
        body: SpendCsvSchema,
        response: { 200: SpendImportSchema },
      },
    },
    async (request) => {
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
        querystring: SpendQuerySchema,
        response: { 200: jsonOrCsv(SpendReportSchema) },
      },
    },
    async (request, reply) => {
      const range = rangeOf(request.query, clock.now());
      const rows = await store.analytics.spend(request.workspace.id, range);
      if (request.query.format === 'csv') return sendCsv(reply, spendCsv(rows));
      return spendReport(range, rows);
    },
  );
}
