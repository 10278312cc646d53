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
  type FunnelBreakdown,
  type FunnelQuery,
  funnelReport,
  funnelReportCustomers,
} from './funnel-report.ts';
export { rangeOf, toCsv, type Unit } from './http-query.ts';
export { KPI_CSV_COLUMNS, type KpiReport, kpiReport, kpiRows, selectKpis } from './kpi-report.ts';
export * from './kpis/index.ts';
export { OVERVIEW_KPIS, type Overview, type OverviewStage, overviewReport } from './overview.ts';
export {
  ensurePredictionJobs,
  PREDICT_KIND,
  type PredictionJobOptions,
  predictKey,
  registerPredictionJobs,
} from './prediction-jobs.ts';
export { type FitOptions, fitWorkspace, type WorkspaceFit } from './predictions.ts';
export {
  attributionReport,
  type CohortQuery,
  cohortReport,
  journeyMapReport,
  lifecycleChartReport,
  lifecycleStages,
  type ReportRange,
  stageFlowReport,
} from './reports.ts';
export { analyticsRoutes } from './routes.ts';
export { type ParsedSpend, parseSpend, type SpendError, spendDay } from './spend.ts';
