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
export { type FitOptions, fitWorkspace, type WorkspaceFit } from './predictions.ts';
export { analyticsRoutes } from './routes.ts';
export { type ParsedSpend, parseSpend, type SpendError, spendDay } from './spend.ts';
