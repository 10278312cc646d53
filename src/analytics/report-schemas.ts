import { type Static, type TSchema, Type } from 'typebox';
import type { Holds, Same } from '../core/index.ts';
import type { AttributionResult } from './attribution.ts';
import type { CohortTable } from './cohorts.ts';
import type { FunnelResult } from './funnel.ts';
import type { JourneyStage } from './journey-map.ts';
import type { LifecyclePeriod } from './lifecycle-chart.ts';
import type { StageFlowResult } from './stage-flow.ts';

/** The response shapes of the report routes, for OpenAPI and for the serializer. */
const Num = Type.Number();
const NumOrNull = Type.Union([Type.Number(), Type.Null()]);
const Cells = (description: string) => Type.Array(NumOrNull, { description });
const Ms = (description: string) => Type.Number({ description: `${description} (epoch ms)` });
const Unit = Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]);
const Summary = Type.Object(
  { count: Type.Integer(), median: NumOrNull, p90: NumOrNull },
  { description: 'Durations in ms: how many, their median and 90th percentile' },
);

const FunnelSteps = Type.Array(
  Type.Object({
    step: Type.Integer({ description: '1-based' }),
    customers: Type.Integer(),
    conversionFromPrevious: NumOrNull,
    conversionFromFirst: NumOrNull,
    dropOff: Type.Integer({ description: 'Customers at the previous step who did not reach this one' }),
    timeFromPrevious: Summary,
    timeFromFirst: Summary,
  }),
);
export const FunnelSchema = Type.Object({
  steps: FunnelSteps,
  groups: Type.Union([Type.Array(Type.Object({ key: Type.String(), steps: FunnelSteps })), Type.Null()], {
    description: 'Per breakdown group, largest first; null without a breakdown',
  }),
});

/** The customers who reached a funnel step, and the segment they were saved as. */
export const FunnelCustomersSchema = Type.Object({
  count: Type.Integer({ description: 'Customers who reached the step (and not `notReached`)' }),
  customers: Type.Array(Type.Integer(), { description: 'Their ids, the first 10,000' }),
  segment: Type.Union([Type.String(), Type.Null()], {
    description: 'The key of the static segment they were saved as; null without saveAs',
  }),
});

export const CohortTableSchema = Type.Object({
  unit: Unit,
  periods: Type.Integer(),
  cohorts: Type.Array(
    Type.Object({
      label: Type.String(),
      start: Ms('Start of the cohort period'),
      size: Type.Integer(),
      active: Cells('Customers active in period k; null when period k starts after now'),
      retention: Cells('active / size; null when not observable or the cohort is empty'),
      revenue: Cells("Revenue of the cohort's activity in period k"),
      cumulativeRevenuePerCustomer: Cells('Revenue of periods 0..k divided by size'),
      complete: Type.Integer({ description: 'Periods that have ended by now' }),
    }),
  ),
  average: Type.Object({
    retention: Cells('Weighted by cohort size over the cohorts whose period k has ended'),
    cumulativeRevenuePerCustomer: Cells('Weighted the same way'),
    customers: Type.Array(Type.Integer(), { description: 'The customers behind each average' }),
  }),
});

const Credit = Type.Object({ key: Type.String(), conversions: Num, revenue: Num });
const ModelCredit = Type.Object({ channels: Type.Array(Credit), campaigns: Type.Array(Credit) });
export const AttributionSchema = Type.Object({
  lookbackMs: Num,
  totals: Type.Object({ conversions: Num, revenue: Num, withoutTouch: Num }),
  models: Type.Object({ first: ModelCredit, last: ModelCredit, linear: ModelCredit }),
});

export const LifecycleChartSchema = Type.Object({
  periods: Type.Array(
    Type.Object({
      label: Type.String(),
      start: Ms('Start of the period'),
      new: Type.Integer({ description: 'First seen in this period' }),
      returning: Type.Integer({ description: 'Active in this period and the previous one' }),
      resurrecting: Type.Integer({ description: 'Active now, not in the previous period, seen before' }),
      dormant: Type.Integer({ description: 'Active in the previous period, not in this one' }),
      active: Type.Integer({ description: 'new + returning + resurrecting' }),
    }),
  ),
});

const Link = Type.Object({ from: Type.Union([Type.String(), Type.Null()]), to: Type.String(), count: Num });
export const StageFlowSchema = Type.Object({
  stages: Type.Array(Type.String(), { description: 'The lifecycle stages in order' }),
  periods: Type.Array(
    Type.Object({ label: Type.String(), start: Ms('Start of the period'), links: Type.Array(Link) }),
  ),
  totals: Type.Array(Link),
  conversion: Type.Array(
    Type.Object({
      stage: Type.String(),
      next: Type.Union([Type.String(), Type.Null()]),
      entered: Type.Integer(),
      toNext: Type.Integer(),
      toNextRate: NumOrNull,
      toLater: Type.Integer(),
      toLaterRate: NumOrNull,
    }),
  ),
  timeInStage: Type.Array(
    Type.Object({
      stage: Type.String(),
      ended: Summary,
      open: Type.Object({ count: Type.Integer(), medianAge: NumOrNull }),
    }),
  ),
  timeToStage: Type.Array(Type.Object({ stage: Type.String(), time: Summary })),
});

export const JourneyMapSchema = Type.Object({
  stages: Type.Array(
    Type.Object({
      stage: Type.String(),
      next: Type.Union([Type.String(), Type.Null()]),
      events: Type.Integer(),
      customers: Type.Integer(),
      touchpoints: Type.Array(
        Type.Object({
          touchpoint: Type.String(),
          events: Type.Integer(),
          customers: Type.Integer(),
          toNext: Type.Integer(),
          toNextRate: NumOrNull,
          toLater: Type.Integer(),
          toLaterRate: NumOrNull,
          channels: Type.Array(Type.Object({ channel: Type.String(), events: Type.Integer() })),
        }),
      ),
      stuck: Type.Integer({
        description: 'Customers who entered no later stage after their last event here',
      }),
      dropOffs: Type.Array(Type.Object({ touchpoint: Type.String(), customers: Type.Integer(), share: Num })),
    }),
  ),
});

/** A route's 200: the report as JSON, or the same as a CSV table (text) with ?format=csv. */
export const jsonOrCsv = <T extends TSchema>(schema: T) =>
  Type.Union([schema, Type.String({ description: 'With ?format=csv: the report as a CSV table' })]);

export type FunnelView = Static<typeof FunnelSchema>;
export type FunnelCustomersView = Static<typeof FunnelCustomersSchema>;
export type CohortTableView = Static<typeof CohortTableSchema>;
export type AttributionView = Static<typeof AttributionSchema>;
export type LifecycleChartView = Static<typeof LifecycleChartSchema>;
export type StageFlowView = Static<typeof StageFlowSchema>;
export type JourneyMapView = Static<typeof JourneyMapSchema>;

// The shapes above and the types the code computes must not drift apart (see core/schema-check.ts).
export type ReportShapesAgree = [
  Holds<Same<Static<typeof FunnelSchema>, FunnelResult>>,
  Holds<Same<Static<typeof CohortTableSchema>, CohortTable>>,
  Holds<Same<Static<typeof AttributionSchema>, AttributionResult>>,
  Holds<Same<Static<typeof LifecycleChartSchema>, { periods: LifecyclePeriod[] }>>,
  Holds<Same<Static<typeof StageFlowSchema>, StageFlowResult & { stages: string[] }>>,
  Holds<Same<Static<typeof JourneyMapSchema>, { stages: JourneyStage[] }>>,
];
