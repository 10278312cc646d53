/**
 * The entry point the CLI uses (`loopline predict fit`): fit the purchase and spend models on a summary,
 * report them as JSON, and compare the forecast for the period after calibration with what happened.
 */
import { type BgNbdParams, fitBgNbd } from './bg-nbd.ts';
import { forecastBase, type PurchaseModel, totalForecast } from './forecast.ts';
import { fitGammaGamma, type GammaGammaParams, gammaGammaMeanSpend } from './gamma-gamma.ts';
import { groupHistories } from './groups.ts';
import type { FitOptions, ModelFit } from './mle.ts';
import { fitParetoNbd, type ParetoNbdParams } from './pareto-nbd.ts';
import type { CustomerSummary, Holdout, TimeUnit } from './summary.ts';

export type FitModelsOptions = FitOptions & {
  /** Also fit Pareto/NBD (default false: it costs several times the BG/NBD fit). */
  paretoNbd?: boolean;
};

/** Parameters are in the summary's time unit (α, β and γ scale with it). */
export type FittedModels = {
  unit: TimeUnit;
  customers: number;
  /** Customers with at least one repeat purchase. */
  repeatCustomers: number;
  bgNbd: ModelFit<BgNbdParams>;
  /** Null when fewer than two customers have a positive mean repeat value. */
  gammaGamma: ModelFit<GammaGammaParams> | null;
  paretoNbd: ModelFit<ParetoNbdParams> | null;
};

/** Fits BG/NBD and Gamma-Gamma (and Pareto/NBD on request) on a summary. */
export function fitModels(summary: CustomerSummary, options: FitModelsOptions = {}): FittedModels {
  const groups = groupHistories(summary);
  let repeatCustomers = 0;
  let spenders = 0;
  for (let i = 0; i < summary.size; i++) {
    if (summary.x[i] > 0) repeatCustomers++;
    if (summary.x[i] > 0 && summary.monetary[i] > 0) spenders++;
  }
  return {
    unit: summary.unit,
    customers: summary.size,
    repeatCustomers,
    bgNbd: fitBgNbd(groups, options),
    gammaGamma: spenders >= 2 ? fitGammaGamma(summary, options) : null,
    paretoNbd: options.paretoNbd ? fitParetoNbd(groups, options) : null,
  };
}

type Estimate = { estimate: number; standardError: number | null };
type ModelReport = {
  converged: boolean;
  iterations: number;
  logLikelihood: number;
  customers: number;
  params: Record<string, Estimate>;
};

/** What `loopline predict fit` prints: plain JSON (no NaN: a missing standard error is null). */
export type PredictFitReport = {
  unit: TimeUnit;
  customers: number;
  repeatCustomers: number;
  models: { bgNbd: ModelReport; gammaGamma: ModelReport | null; paretoNbd: ModelReport | null };
  /** Population means implied by the fits, per unit of time and per purchase. */
  population: {
    purchaseRate: number;
    dropoutProbability: number;
    spendPerPurchase: number | null;
  };
};

export function fitReport(models: FittedModels): PredictFitReport {
  const { r, alpha, a, b } = models.bgNbd.params;
  const spend = models.gammaGamma ? gammaGammaMeanSpend(models.gammaGamma.params) : null;
  return {
    unit: models.unit,
    customers: models.customers,
    repeatCustomers: models.repeatCustomers,
    models: {
      bgNbd: modelReport(models.bgNbd),
      gammaGamma: models.gammaGamma ? modelReport(models.gammaGamma) : null,
      paretoNbd: models.paretoNbd ? modelReport(models.paretoNbd) : null,
    },
    population: {
      purchaseRate: r / alpha,
      dropoutProbability: a / (a + b),
      spendPerPurchase: spend !== null && Number.isFinite(spend) ? spend : null,
    },
  };
}

function modelReport<P extends Record<string, number>>(fit: ModelFit<P>): ModelReport {
  const params: Record<string, Estimate> = {};
  for (const [name, value] of Object.entries(fit.params)) {
    const se = fit.standardErrors[name];
    params[name] = { estimate: value, standardError: Number.isFinite(se) ? se : null };
  }
  return {
    converged: fit.converged,
    iterations: fit.iterations,
    logLikelihood: fit.logLikelihood,
    customers: fit.customers,
    params,
  };
}

/** Forecast against actual repeat purchases after calibration, cumulative at the end of each period. */
export type HoldoutComparison = {
  model: PurchaseModel;
  unit: TimeUnit;
  /** Period k (1-based) ends k units after the last calibration date. */
  forecast: number[];
  actual: number[];
  forecastTotal: number;
  actualTotal: number;
  /** Customers whose first purchase came after calibration: neither forecast nor counted. */
  newCustomers: number;
};

/**
 * Sums every calibration customer's conditional expected purchases over 1, 2, … `periods` units after
 * calibration and sets them beside the holdout purchase days actually seen (as summarize() returns them).
 * Periods default to the whole holdout, rounded up to a unit.
 */
export function compareHoldout(
  models: FittedModels,
  summary: CustomerSummary,
  holdout: Holdout,
  options: { periods?: number; model?: PurchaseModel } = {},
): HoldoutComparison {
  const model = options.model ?? 'bg-nbd';
  let latest = 0;
  for (let i = 0; i < holdout.size; i++) latest = Math.max(latest, holdout.time[i]);
  const periods = options.periods ?? Math.max(1, Math.ceil(latest - 1e-9));
  const times = Float64Array.from({ length: periods }, (_, k) => k + 1);
  const forecast = totalForecast(forecastBase(models, model, summary, times));
  const perPeriod = new Float64Array(periods);
  for (let i = 0; i < holdout.size; i++) {
    const k = Math.ceil(holdout.time[i] - 1e-9) - 1;
    if (k >= 0 && k < periods) perPeriod[k]++;
  }
  const actual: number[] = [];
  let running = 0;
  for (const n of perPeriod) {
    running += n;
    actual.push(running);
  }
  return {
    model,
    unit: summary.unit,
    forecast: Array.from(forecast),
    actual,
    forecastTotal: forecast[periods - 1],
    actualTotal: running,
    newCustomers: holdout.newCustomers,
  };
}
