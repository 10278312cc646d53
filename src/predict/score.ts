/**
 * Per-customer scores for a whole summary: P(alive), expected purchases and spend, CLV, a churn-risk
 * tier and RFM quintiles, as columns.
 */
import { type ClvOptions, discountedPurchases, discountFactors, periodEnds } from './clv.ts';
import { forecastBase, type PurchaseModel, type PurchaseModels } from './forecast.ts';
import { type GammaGammaParams, gammaGammaExpectedSpend } from './gamma-gamma.ts';
import type { CustomerSummary } from './summary.ts';

/** Churn tiers; CustomerScores.churn holds indexes into this list. */
export const CHURN_TIERS = ['unknown', 'low', 'medium', 'high'] as const;
export type ChurnTier = (typeof CHURN_TIERS)[number];

/** P(alive) at or above `low` is low risk, at or above `medium` medium risk, below it high risk. */
export type ChurnThresholds = { low: number; medium: number };
export const DEFAULT_CHURN_THRESHOLDS: ChurnThresholds = { low: 0.7, medium: 0.3 };

/**
 * The churn tier of one customer. `unknown` when P(alive) is not a number, and, under BG/NBD, for
 * customers without a repeat purchase (x = 0): that model lets customers drop out only right after a
 * repeat purchase, so its P(alive) is 1 for them whatever their age, which says nothing about churn.
 * Pareto/NBD's P(alive) does fall with time since a single purchase, so it tiers them normally.
 */
export function churnTier(
  pAlive: number,
  x: number,
  model: PurchaseModel = 'bg-nbd',
  thresholds: ChurnThresholds = DEFAULT_CHURN_THRESHOLDS,
): ChurnTier {
  if (Number.isNaN(pAlive) || (model === 'bg-nbd' && x === 0)) return 'unknown';
  if (pAlive >= thresholds.low) return 'low';
  return pAlive >= thresholds.medium ? 'medium' : 'high';
}

/**
 * Quintile scores 1–5: a customer scores 1 + floor(5 · w / n), where w is the number of customers
 * strictly worse than them (lower value when `higherIsBetter`, higher otherwise). Tied customers so
 * share the score of the tie's lowest rank, independent of input order; a large tie (say the 60% of
 * customers with one purchase) can leave scores unused above it.
 */
export function quintileScores(values: ArrayLike<number>, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n);
  if (n === 0) return out;
  const sorted = Float64Array.from(values).sort();
  // floor(5w/n) ≥ k exactly when w ≥ m = ceil(kn/5): when v > sorted[m−1] (w counts lower values), or
  // v < sorted[n−m] (w counts higher values). Four cut points, so no search per customer.
  const cuts = [1, 2, 3, 4].map((k) => {
    const m = Math.ceil((k * n) / 5);
    return higherIsBetter ? sorted[m - 1] : sorted[n - m];
  });
  const [c1, c2, c3, c4] = cuts;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    out[i] = higherIsBetter
      ? 1 + +(v > c1) + +(v > c2) + +(v > c3) + +(v > c4)
      : 1 + +(v < c1) + +(v < c2) + +(v < c3) + +(v < c4);
  }
  return out;
}

/**
 * RFM scores: recency from the time since the last purchase, T − t_x (more recent scores higher),
 * frequency from x, monetary from the total value bought (the first purchase included).
 */
export function rfmScores(summary: CustomerSummary): {
  recency: Uint8Array;
  frequency: Uint8Array;
  monetary: Uint8Array;
} {
  const since = new Float64Array(summary.size);
  for (let i = 0; i < summary.size; i++) since[i] = summary.T[i] - summary.tx[i];
  return {
    recency: quintileScores(since, false),
    frequency: quintileScores(summary.x, true),
    monetary: quintileScores(summary.total, true),
  };
}

export type ScoreOptions = ClvOptions & {
  /** The purchase model for P(alive) and purchases (default 'bg-nbd'). */
  model?: PurchaseModel;
  thresholds?: ChurnThresholds;
};

export type CustomerScores = {
  size: number;
  pAlive: Float64Array;
  /** Expected repeat purchases over the horizon. */
  purchases: Float64Array;
  /** Expected value per future purchase (Gamma-Gamma); NaN without a spend model. */
  spend: Float64Array;
  /** Discounted expected value over the horizon. */
  clv: Float64Array;
  /** Index into CHURN_TIERS. */
  churn: Uint8Array;
  recency: Uint8Array;
  frequency: Uint8Array;
  monetary: Uint8Array;
};

/** Scores every customer of the summary with the fitted models; horizon and step in the summary's unit. */
export function scoreCustomers(
  models: PurchaseModels & { gammaGamma: { params: GammaGammaParams } | null },
  summary: CustomerSummary,
  options: ScoreOptions,
): CustomerScores {
  const model = options.model ?? 'bg-nbd';
  const thresholds = options.thresholds ?? DEFAULT_CHURN_THRESHOLDS;
  const ends = periodEnds(options, summary.unit);
  const factors = discountFactors(ends, options, summary.unit);
  const base = forecastBase(models, model, summary, ends);
  const K = ends.length;
  // Per (x, T) path: the discounted and the plain expected purchases over the horizon.
  const rows = base.paths.length / Math.max(K, 1);
  const discounted = new Float64Array(rows);
  const horizon = new Float64Array(rows);
  for (let j = 0; j < rows; j++) {
    const path = base.paths.subarray(j * K, (j + 1) * K);
    discounted[j] = discountedPurchases(path, factors);
    horizon[j] = K > 0 ? path[K - 1] : 0;
  }
  const n = summary.size;
  const scores: CustomerScores = {
    size: n,
    pAlive: new Float64Array(n),
    purchases: new Float64Array(n),
    spend: new Float64Array(n),
    clv: new Float64Array(n),
    churn: new Uint8Array(n),
    ...rfmScores(summary),
  };
  const gg = models.gammaGamma?.params;
  for (let i = 0; i < n; i++) {
    const g = base.groups.member[i];
    const p = base.pAlive[g];
    const row = base.pathOf[g];
    const spend = gg ? gammaGammaExpectedSpend(gg, summary.x[i], summary.monetary[i]) : Number.NaN;
    scores.pAlive[i] = p;
    scores.purchases[i] = p * horizon[row];
    scores.spend[i] = spend;
    scores.clv[i] = p * discounted[row] * spend;
    scores.churn[i] = CHURN_TIERS.indexOf(churnTier(p, summary.x[i], model, thresholds));
  }
  return scores;
}
