import { type Static, Type } from 'typebox';
import type { Holds, Same } from '../core/index.ts';
import type { SpendError, spendReport } from './spend.ts';

/** The spend routes' shapes, for validation, OpenAPI and the serializer. */

/** An import: CSV with a header of date, channel, amount and optionally campaign, impressions, clicks. */
export const SpendCsvSchema = Type.String({ description: 'text/csv' });

export const SpendRowSchema = Type.Object({
  day: Type.String({ description: 'UTC day, YYYY-MM-DD' }),
  channel: Type.String(),
  campaign: Type.String({ description: "'' when the spend is not broken down by campaign" }),
  amount: Type.Number(),
  impressions: Type.Union([Type.Integer(), Type.Null()]),
  clicks: Type.Union([Type.Integer(), Type.Null()]),
});

export const SpendReportSchema = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  total: Type.Number(),
  byChannel: Type.Array(Type.Object({ channel: Type.String(), amount: Type.Number() })),
  rows: Type.Array(SpendRowSchema),
});

export const SpendImportSchema = Type.Object({
  inserted: Type.Integer({ description: 'Rows for a day, channel and campaign that had no spend yet' }),
  replaced: Type.Integer({ description: 'Rows that replaced what an earlier import said' }),
  errors: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() })),
});

export type SpendRowView = Static<typeof SpendRowSchema>;
export type SpendReportView = Static<typeof SpendReportSchema>;
export type SpendImportView = Static<typeof SpendImportSchema>;

// The shapes above and what the code computes must not drift apart (see core/schema-check.ts).
export type SpendShapesAgree = [
  Holds<Same<SpendReportView, ReturnType<typeof spendReport>>>,
  Holds<Same<SpendImportView, { inserted: number; replaced: number; errors: SpendError[] }>>,
];
