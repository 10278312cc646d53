/**
 * The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves for
 * customer base analysis", JMR 42(4); Fader & Hardie 2013, "The Gamma-Gamma model of monetary value"):
 * a customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, independent of
 * the purchase process. It is fitted on the customers with repeat purchases, from their mean repeat
 * value m over x transactions, whose density is
 *   f(m | x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q (mx)^(px−1) x / (γ + mx)^(px+q).
 */
import { type FitOptions, type ModelFit, maximizeLikelihood } from './mle.ts';
import { digamma, lgamma } from './special.ts';
import type { CustomerSummary } from './summary.ts';

export type GammaGammaParams = { p: number; q: number; gamma: number };

/** Repeat buyers as the spend model sees them: x and the sum of repeat values s = x·m, both > 0. */
export type SpendData = {
  size: number;
  x: Float64Array;
  sum: Float64Array;
};

/** The customers with x > 0 and a positive mean repeat value (zero-value purchases cannot be Gamma). */
export function spendData(summary: CustomerSummary): SpendData {
  let n = 0;
  for (let i = 0; i < summary.size; i++) if (summary.x[i] > 0 && summary.monetary[i] > 0) n++;
  const x = new Float64Array(n);
  const sum = new Float64Array(n);
  for (let i = 0, j = 0; i < summary.size; i++) {
    if (!(summary.x[i] > 0 && summary.monetary[i] > 0)) continue;
    x[j] = summary.x[i];
    sum[j] = summary.x[i] * summary.monetary[i];
    j++;
  }
  return { size: n, x, sum };
}

/**
 * The Gamma-Gamma log-likelihood of `data` as a function of [p, q, γ], gradient into `grad` when given.
 * Terms in x alone are evaluated once per distinct x; the terms free of parameters (Σ ln s, Σ ln x) and
 * Σ x ln s are summed once here. Per call and customer only ln(γ + s) remains.
 */
export function gammaGammaLikelihood(
  data: SpendData,
): (p: ArrayLike<number>, grad: Float64Array | null) => number {
  const counts = new Map<number, number>();
  let constant = 0;
  let xLnS = 0;
  for (let i = 0; i < data.size; i++) {
    counts.set(data.x[i], (counts.get(data.x[i]) ?? 0) + 1);
    const lnS = Math.log(data.sum[i]);
    constant += Math.log(data.x[i]) - lnS;
    xLnS += data.x[i] * lnS;
  }
  const xs = Float64Array.from(counts.keys());
  const ns = Float64Array.from(counts.values());
  const { x, sum, size } = data;
  return (params, grad) => {
    const [p, q, gamma] = params as [number, number, number];
    if (!(p > 0 && q > 0 && gamma > 0)) return Number.NaN;
    const lgQ = lgamma(q);
    const lnGamma = Math.log(gamma);
    let ll = constant + p * xLnS + size * (q * lnGamma - lgQ);
    let gp = xLnS;
    let gq = size * lnGamma;
    const gg = (size * q) / gamma;
    const dgQ = grad ? digamma(q) : 0;
    for (let k = 0; k < xs.length; k++) {
      const px = p * xs[k];
      ll += ns[k] * (lgamma(px + q) - lgamma(px));
      if (grad) {
        const dgPQ = digamma(px + q);
        gp += ns[k] * xs[k] * (dgPQ - digamma(px));
        gq += ns[k] * (dgPQ - dgQ);
      }
    }
    // Per customer: −(px + q) ln(γ + s).
    let sumLn = 0;
    let sumXLn = 0;
    let sumInv = 0;
    for (let i = 0; i < size; i++) {
      const g = gamma + sum[i];
      const l = Math.log(g);
      sumLn += l;
      sumXLn += x[i] * l;
      sumInv += (p * x[i] + q) / g;
    }
    ll -= p * sumXLn + q * sumLn;
    if (grad) {
      grad[0] = gp - sumXLn;
      grad[1] = gq - sumLn;
      grad[2] = gg - sumInv;
    }
    return ll;
  };
}

/** Fits the Gamma-Gamma model by maximum likelihood on the summary's repeat buyers. */
export function fitGammaGamma(
  input: CustomerSummary | SpendData,
  options: FitOptions = {},
): ModelFit<GammaGammaParams> {
  const data = 'sum' in input ? input : spendData(input);
  if (data.size < 2)
    throw new RangeError('fitGammaGamma: needs at least two customers with repeat purchases');
  let mean = 0;
  for (let i = 0; i < data.size; i++) mean += data.sum[i] / data.x[i] / data.size;
  // Start where the population mean spend pγ/(q−1) equals the observed mean, with p = 1, q = 3.
  const fit = maximizeLikelihood(gammaGammaLikelihood(data), [1, 3, 2 * mean], data.size, options);
  const [p, q, gamma] = fit.params;
  const se = fit.standardErrors;
  return {
    params: { p, q, gamma },
    standardErrors: { p: se[0], q: se[1], gamma: se[2] },
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    evaluations: fit.evaluations,
    converged: fit.converged,
    customers: data.size,
  };
}

/**
 * E[M | x, m], the expected value of a customer's future transactions: a weighted mean of the
 * population mean pγ/(q−1) and the customer's own mean m, the weight on m growing with x. For x = 0
 * (or m ≤ 0, treated as no spend history) it is the population mean. Needs q > 1.
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, mean: number): number {
  const { p, q, gamma } = params;
  if (!(x > 0 && mean > 0)) return (p * gamma) / (q - 1);
  return (p * (gamma + x * mean)) / (p * x + q - 1);
}

/** The population mean transaction value pγ/(q−1) (infinite when q ≤ 1). */
export function gammaGammaMeanSpend(params: GammaGammaParams): number {
  return params.q > 1 ? (params.p * params.gamma) / (params.q - 1) : Number.POSITIVE_INFINITY;
}
