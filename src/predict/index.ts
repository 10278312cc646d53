export { type CustomerAggregate, summaryFromAggregates } from './aggregates.ts';
export {
  compareHoldout,
  fitModels,
  fitReport,
  type HoldoutComparison,
  type PredictFitReport,
} from './fit-models.ts';
export { groupHistories } from './groups.ts';
export { fitParetoNbd } from './pareto-nbd.ts';
export { CHURN_TIERS, scoreCustomers } from './score.ts';
export { simulateBgNbd } from './simulate.ts';
export { type CustomerSummary, summarize, type TimeUnit } from './summary.ts';
