export { type CustomerAggregate, summaryFromAggregates } from './aggregates.ts';
export { type BgNbdParams, bgNbdLikelihood, bgNbdLogLikelihood, fitBgNbd } from './bg-nbd.ts';
export {
  aliveExpected,
  bgNbdConditionalExpected,
  bgNbdCumulativeForecast,
  bgNbdExpected,
  bgNbdPAlive,
} from './bg-nbd-predict.ts';
export {
  type ClvOptions,
  customerClv,
  discountedPurchases,
  discountFactors,
  periodDiscountRate,
  periodEnds,
  unitsPerYear,
} from './clv.ts';
export {
  compareHoldout,
  type FitModelsOptions,
  type FittedModels,
  fitModels,
  fitReport,
  type HoldoutComparison,
  type PredictFitReport,
} from './fit-models.ts';
export {
  type BaseForecast,
  forecastBase,
  type PurchaseModel,
  type PurchaseModels,
  totalForecast,
} from './forecast.ts';
export {
  fitGammaGamma,
  type GammaGammaParams,
  gammaGammaExpectedSpend,
  gammaGammaLikelihood,
  gammaGammaMeanSpend,
  type SpendData,
  spendData,
} from './gamma-gamma.ts';
export { type GroupedHistories, groupColumns, groupHistories } from './groups.ts';
export { hessianFromGradient, invertSpd } from './hessian.ts';
export { hyp2f1, lnHyp2f1 } from './hyp2f1.ts';
export { type FitOptions, type LogLikelihood, type ModelFit, maximizeLikelihood } from './mle.ts';
export { type MinimizeOptions, type MinimizeResult, minimize } from './optimize.ts';
export {
  fitParetoNbd,
  type ParetoNbdParams,
  paretoAliveExpected,
  paretoNbdConditionalExpected,
  paretoNbdExpected,
  paretoNbdLikelihood,
  paretoNbdPAlive,
} from './pareto-nbd.ts';
export {
  CHURN_TIERS,
  type ChurnThresholds,
  type ChurnTier,
  type CustomerScores,
  churnTier,
  DEFAULT_CHURN_THRESHOLDS,
  quintileScores,
  rfmScores,
  type ScoreOptions,
  scoreCustomers,
} from './score.ts';
export {
  createRng,
  type SimulationOptions,
  sampleBeta,
  sampleGamma,
  sampleNormal,
  simulateBgNbd,
} from './simulate.ts';
export { digamma, lbeta, lgamma, logAddExp } from './special.ts';
export {
  type CustomerId,
  type CustomerSummary,
  DAY_MS,
  type Holdout,
  historicalValue,
  lastCalibrationDay,
  type SummaryOptions,
  summarize,
  type TimeUnit,
  type Transaction,
  unitMs,
} from './summary.ts';
