export {
  describeKpis,
  KPI_CATALOG,
  KPI_STAGES,
  type KpiDefinition,
  type KpiDescription,
  type KpiStage,
  type KpiUnit,
  kpiDefinition,
} from './catalog.ts';
export {
  COMPUTED_KPIS,
  type ComputeKpisOptions,
  computeKpis,
  type KpiPoint,
  type KpiResult,
} from './compute-kpis.ts';
export type { InputName } from './kpi-inputs.ts';
export {
  ANALYTICS_SETTING_FIELDS,
  type AnalyticsSettings,
  AnalyticsSettingsError,
  type AnalyticsSettingsIssue,
  type AnalyticsSettingsOverrides,
  AnalyticsSettingsSchema,
  analyticsSettings,
  analyticsSettingsView,
  CompleteAnalyticsSettingsSchema,
  churnStages,
  DEFAULT_ANALYTICS_SETTINGS,
  keyEvents,
  nonVisitEvents,
  validateAnalyticsSettings,
} from './settings.ts';
export type { KpiBreakdownItem } from './slots.ts';
