import { type Static, Type } from 'typebox';
// The schema file, not the segments barrel: the contract loads this file, and the barrel brings the
// whole rule language with it.
import { SegmentKeySchema, SegmentNameSchema } from '../segments/schemas.ts';
import { KPI_STAGES } from './kpis/kpi-stages.ts';

/** What the analytics routes take: their query strings and request bodies, for validation and OpenAPI. */
const dateOrTime = (description: string) =>
  Type.String({
    description: `${description}: a UTC day (2026-03-01, its midnight) or an ISO 8601 date-time`,
  });

/** The parameters every analytics report takes: its range, the period of its series, JSON or CSV. */
export const RANGE_FIELDS = {
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
const { from, to, unit, format } = RANGE_FIELDS;

/** A report over a range by period, as JSON or CSV (the lifecycle chart, stage flow, journey map). */
export const ReportQuerySchema = Type.Object({ from, to, unit, format });

/** The stage overview: a range by period, JSON only. */
export const OverviewQuerySchema = Type.Object({ from, to, unit });

/** The funnel's own query string: its body says the rest. */
export const FormatQuerySchema = Type.Object({ format });

export const KpiQuerySchema = Type.Object({
  ...RANGE_FIELDS,
  ids: Type.Optional(
    Type.String({ description: 'Comma-separated KPI ids; default every KPI (or those of `stage`)' }),
  ),
  stage: Type.Optional(Type.String({ description: `Only the KPIs of one family: ${KPI_STAGES.join(', ')}` })),
});

export const CohortQuerySchema = Type.Object({
  ...RANGE_FIELDS,
  cohort: Type.Optional(Type.Union([Type.Literal('first_seen'), Type.Literal('first_event')])),
  cohortEvent: Type.Optional(Type.String({ minLength: 1, description: 'The event of first_event cohorts' })),
  returnEvent: Type.Optional(
    Type.String({ minLength: 1, description: 'What counts as coming back; default any event' }),
  ),
  periods: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: 'Default 12' })),
});

export const AttributionQuerySchema = Type.Object({
  from,
  to,
  format,
  event: Type.Optional(Type.String({ minLength: 1, description: 'The conversion; default Order Completed' })),
  lookbackDays: Type.Optional(Type.Number({ minimum: 0, maximum: 365, description: 'Default 30' })),
});

/** The spend in a range, as JSON or CSV. */
export const SpendQuerySchema = Type.Object({ from, to, format });

const Step = Type.Union([
  Type.String({
    description: 'An event as the rule language writes it: "Order Completed" [revenue >= 50], $page',
  }),
  Type.Object({ event: Type.String(), where: Type.Optional(Type.Array(Type.Any())) }),
]);

export const FunnelBodySchema = Type.Object({
  steps: Type.Array(Step, { minItems: 2, maxItems: 10 }),
  order: Type.Optional(Type.Union([Type.Literal('ordered'), Type.Literal('strict'), Type.Literal('any')])),
  windowHours: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, maximum: 24 * 366, description: 'Default 7 days' }),
  ),
  from,
  to,
  breakdown: Type.Optional(
    Type.Union([
      Type.Object({ by: Type.Literal('property'), property: Type.String({ minLength: 1, maxLength: 200 }) }),
      Type.Object({
        by: Type.Union([Type.Literal('stage'), Type.Literal('channel'), Type.Literal('segment')]),
      }),
    ]),
  ),
});

export const FunnelCustomersBodySchema = Type.Object({
  ...FunnelBodySchema.properties,
  reached: Type.Integer({ minimum: 1, maximum: 10 }),
  notReached: Type.Optional(Type.Integer({ minimum: 2, maximum: 10 })),
  saveAs: Type.Optional(
    Type.Object(
      { key: SegmentKeySchema, name: SegmentNameSchema },
      { description: 'Save the customers as a static segment' },
    ),
  ),
});

export const FitBodySchema = Type.Object({
  until: Type.Optional(
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description:
        'Last day of calibration: fit on purchases through it and compare the forecast after it; nothing is stored',
    }),
  ),
  unit: Type.Optional(
    Type.Union([Type.Literal('days'), Type.Literal('weeks')], { description: 'Default weeks' }),
  ),
});

export type ReportQueryInput = Static<typeof ReportQuerySchema>;
export type KpiQueryInput = Static<typeof KpiQuerySchema>;
export type CohortQueryInput = Static<typeof CohortQuerySchema>;
export type AttributionQueryInput = Static<typeof AttributionQuerySchema>;
export type FunnelInput = Static<typeof FunnelBodySchema>;
export type FunnelCustomersInput = Static<typeof FunnelCustomersBodySchema>;
export type FitInput = Static<typeof FitBodySchema>;
export type OverviewQueryInput = Static<typeof OverviewQuerySchema>;
export type FormatQueryInput = Static<typeof FormatQuerySchema>;
export type SpendQueryInput = Static<typeof SpendQuerySchema>;
