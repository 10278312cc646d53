import { type Static, Type } from 'typebox';
import type { Holds, Same } from '../core/index.ts';
import type { KpiReport } from './kpi-report.ts';
import type { KpiDescription } from './kpis/index.ts';
import type { analyticsSettingsView } from './kpis/settings.ts';
import { AnalyticsSettingsSchema, CompleteAnalyticsSettingsSchema } from './kpis/settings.ts';
import type { Overview } from './overview.ts';

/** The response shapes of the KPI routes, for OpenAPI and for the serializer. */
const Rate = Type.Union([Type.Number(), Type.Null()]);

const KpiUnit = Type.Union(
  [
    Type.Literal('count'),
    Type.Literal('ratio'),
    Type.Literal('money'),
    Type.Literal('duration_ms'),
    Type.Literal('score'),
  ],
  { description: 'ratio: 0–1; duration_ms: milliseconds; score: NPS −100–100 or CSAT as defined' },
);

export const KpiResultSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  unit: KpiUnit,
  value: Type.Union([Type.Number(), Type.Null()], {
    description: 'Over the whole range; null when there is no data (or a ratio has nothing to divide by)',
  }),
  series: Type.Array(
    Type.Object({
      period: Type.Number({ description: 'Start of the period (UTC), epoch ms' }),
      label: Type.String(),
      value: Rate,
    }),
  ),
  breakdown: Type.Optional(
    Type.Array(Type.Object({ dimension: Type.String(), key: Type.String(), value: Rate })),
  ),
  definition: Type.Object({ formula: Type.String(), events: Type.Array(Type.String()) }),
});

export const KpiReportSchema = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  unit: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
  items: Type.Array(KpiResultSchema),
});

export const OverviewSchema = Type.Object({
  stages: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      kind: Type.Union([Type.Literal('lifecycle'), Type.Literal('lapse'), Type.Literal('reactivation')]),
      customers: Type.Integer({ description: 'Customers in the stage now' }),
      entered: Type.Integer({ description: 'Moves into the stage in the range' }),
      exited: Type.Integer({ description: 'Moves out of the stage in the range' }),
      toNextRate: Type.Union([Type.Number(), Type.Null()], {
        description:
          'Of those who entered in the range, the share who reached the next lifecycle stage by now; null for the last stage and for lapse states',
      }),
    }),
  ),
  kpis: Type.Array(KpiResultSchema),
});

export const KpiCatalogSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      stages: Type.Array(Type.String()),
      unit: KpiUnit,
      formula: Type.String({ description: "The exact definition, with the workspace's settings filled in" }),
      events: Type.Array(Type.String()),
      needs: Type.Array(Type.String()),
      breakdown: Type.Optional(Type.Array(Type.String())),
      see: Type.Optional(Type.String({ description: 'The report that computes it instead' })),
    }),
  ),
});

/** A workspace's analytics settings (the overrides it stores) and the defaults they go over. */
export const AnalyticsSettingsViewSchema = Type.Object({
  settings: AnalyticsSettingsSchema,
  defaults: CompleteAnalyticsSettingsSchema,
});

export type KpiResultView = Static<typeof KpiResultSchema>;
export type KpiReportView = Static<typeof KpiReportSchema>;
export type OverviewView = Static<typeof OverviewSchema>;
export type KpiCatalogView = Static<typeof KpiCatalogSchema>;
export type AnalyticsSettingsView = Static<typeof AnalyticsSettingsViewSchema>;

// The shapes above and the types the code computes must not drift apart (see core/schema-check.ts). The
// catalog's stage and input names are unions in the code and plain strings here, so that one is checked
// in the direction the serializer needs.
export type ShapesAgree = [
  Holds<Same<Static<typeof KpiReportSchema>, KpiReport>>,
  Holds<Same<Static<typeof OverviewSchema>, Overview>>,
  Holds<KpiDescription extends Static<typeof KpiCatalogSchema>['items'][number] ? true : false>,
  Holds<Same<AnalyticsSettingsView, ReturnType<typeof analyticsSettingsView>>>,
];
