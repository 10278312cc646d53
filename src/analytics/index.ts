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
  toCsv,
} from './csv.ts';
export {
  type FunnelBreakdown,
  type FunnelQuery,
  funnelReport,
  funnelReportCustomers,
} from './funnel-report.ts';
export { type KpiReport, kpiReport, selectKpis } from './kpi-report.ts';
export * from './kpis/index.ts';
export { OVERVIEW_KPIS, type Overview, type OverviewStage, overviewReport } from './overview.ts';
export { PredictionScheduler, type SchedulerOptions } from './prediction-scheduler.ts';
export { type FitOptions, fitWorkspace, type WorkspaceFit } from './predictions.ts';
export { MAX_RANGE_DAYS, parseInstant, rangeOf, type Unit } from './range.ts';
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
export { type ParsedSpend, parseSpend, type SpendError, spendDay } from './spend.ts';
