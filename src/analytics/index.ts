export type {
  Acquisition,
  AnalyticsStorage,
  CustomerTime,
  DetailedEventQuery,
  DetailedEventRow,
  MoveRow,
  NamedEventRow,
  PurchaseDay,
  SpendRow,
  StageCount,
  StoredFit,
  TimeRange,
} from './analytics-store.ts';
export type { CohortTable } from './cohorts.ts';
export {
  attributionCsv,
  cohortCsv,
  funnelCsv,
  journeyMapCsv,
  kpiCsv,
  lifecycleChartCsv,
  spendCsv,
  stageFlowCsv,
} from './csv.ts';
export {
  type FunnelBreakdown,
  type FunnelQuery,
  funnelReport,
  funnelReportCustomers,
} from './funnel-report.ts';
export { type KpiReport, kpiReport, selectKpis } from './kpi-report.ts';
export {
  AnalyticsSettingsViewSchema,
  KpiCatalogSchema,
  KpiReportSchema,
  OverviewSchema,
} from './kpi-schemas.ts';
export * from './kpis/index.ts';
export { type Overview, type OverviewStage, overviewReport } from './overview.ts';
export { periodIndex } from './periods.ts';
export {
  ensurePredictionJobs,
  PREDICT_KIND,
  type PredictionJobOptions,
  predictKey,
  registerPredictionJobs,
} from './prediction-jobs.ts';
export { FitResultSchema, LatestFitSchema } from './prediction-schemas.ts';
export {
  type FitOptions,
  fitWorkspace,
  latestFitView,
  type StoredFitReport,
  type WorkspaceFit,
} from './predictions.ts';
export {
  AttributionQuerySchema,
  CohortQuerySchema,
  FitBodySchema,
  FormatQuerySchema,
  FunnelBodySchema,
  FunnelCustomersBodySchema,
  type FunnelInput,
  KpiQuerySchema,
  OverviewQuerySchema,
  ReportQuerySchema,
  SpendQuerySchema,
} from './query-schemas.ts';
export { rangeOf, type Unit } from './range.ts';
export {
  AttributionSchema,
  CohortTableSchema,
  FunnelCustomersSchema,
  FunnelSchema,
  JourneyMapSchema,
  jsonOrCsv,
  LifecycleChartSchema,
  StageFlowSchema,
} from './report-schemas.ts';
export {
  attributionReport,
  type CohortQuery,
  cohortReport,
  journeyMapReport,
  lifecycleChartReport,
  type ReportRange,
  stageFlowReport,
} from './reports.ts';
export { parseSpend, spendReport } from './spend.ts';
export { SpendCsvSchema, SpendImportSchema, SpendReportSchema } from './spend-schemas.ts';
