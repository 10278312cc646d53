/**
 * The BG/NBD model of Fader, Hardie & Lee (2005), "Counting your customers the easy way: an
 * alternative to the Pareto/NBD model", Marketing Science 24(2): while alive a customer buys as a
 * Poisson process with rate λ ~ Gamma(r, α); after each repeat purchase she drops out with probability
 * p ~ Beta(a, b). This file has the likelihood (their eq. 6) with its gradient, and the fit.
 */
import { type GroupedHistories, groupHistories } from './groups.ts';
import { type FitOptions, type ModelFit, maximizeLikelihood } from './mle.ts';
import { digamma, lgamma } from './special.ts';
import type { CustomerSummary } from './summary.ts';

export type BgNbdParams = { r: number; alpha: number; a: number; b: number };

/**
 * Returns the BG/NBD log-likelihood of the grouped histories as a function of [r, α, a, b], writing
 * the gradient into `grad` when given. Scratch tables are allocated once here, not per call.
 *
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 *        + ln[ (α+T)^−(r+x) + [x>0] a/(b+x−1) (α+t_x)^−(r+x) ]
 */
export function bgNbdLikelihood(
  data: GroupedHistories,
): (p: ArrayLike<number>, grad: Float64Array | null) => number {
  const { xs, txs, Ts } = data;
  // Customers with x = 0 contribute −r ln(α+T) only: sum their weights per distinct T once.
  const zeroByT = new Float64Array(Ts.length);
  const weightByX = new Float64Array(xs.length);
  const repeat: number[] = [];
  for (let g = 0; g < data.size; g++) {
    weightByX[data.xIndex[g]] += data.weight[g];
    if (data.x[g] === 0) zeroByT[data.TIndex[g]] += data.weight[g];
    else repeat.push(g);
  }
  const groups = Int32Array.from(repeat);
  const lnT = new Float64Array(Ts.length);
  const invT = new Float64Array(Ts.length);
  const lnTx = new Float64Array(txs.length);
  const invTx = new Float64Array(txs.length);
  const ratio = new Float64Array(xs.length); // ln a − ln(b+x−1)
  const invB = new Float64Array(xs.length); // 1/(b+x−1)
  return (p, grad) => {
    const [r, alpha, a, b] = p as [number, number, number, number];
    if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return Number.NaN;
    const lnAlpha = Math.log(alpha);
    const lnA = Math.log(a);
    for (let k = 0; k < Ts.length; k++) {
      lnT[k] = Math.log(alpha + Ts[k]);
      invT[k] = 1 / (alpha + Ts[k]);
    }
    for (let k = 0; k < txs.length; k++) {
      lnTx[k] = Math.log(alpha + txs[k]);
      invTx[k] = 1 / (alpha + txs[k]);
    }
    // Terms that depend on x alone, weighted by the number of customers with that x.
    let ll = 0;
    let gr = 0;
    let ga = 0;
    let gb = 0;
    const lgR = lgamma(r);
    const lgB = lgamma(b);
    const lgAB = lgamma(a + b);
    const dgR = grad ? digamma(r) : 0;
    const dgB = grad ? digamma(b) : 0;
    const dgAB = grad ? digamma(a + b) : 0;
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k];
      const w = weightByX[k];
      if (x > 0) {
        ratio[k] = lnA - Math.log(b + x - 1);
        invB[k] = 1 / (b + x - 1);
      }
      if (w === 0) continue;
      ll += w * (lgamma(r + x) - lgR + r * lnAlpha + lgamma(b + x) - lgB + lgAB - lgamma(a + b + x));
      if (grad) {
        const dgABx = digamma(a + b + x);
        gr += w * (digamma(r + x) - dgR + lnAlpha);
        ga += w * (dgAB - dgABx);
        gb += w * (dgAB + digamma(b + x) - dgB - dgABx);
      }
    }
    let galpha = (r / alpha) * data.total;
    for (let k = 0; k < Ts.length; k++) {
      const w = zeroByT[k];
      if (w === 0) continue;
      ll -= w * r * lnT[k];
      gr -= w * lnT[k];
      galpha -= w * r * invT[k];
    }
    // Repeat buyers: ln[e^A3 + e^A4] with A3 = −(r+x) ln(α+T), A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x);
    // w4 = e^A4 / (e^A3 + e^A4) is the posterior weight of "dropped out after the last purchase".
    const { weight, x: gx, xIndex, txIndex, TIndex } = data;
    let sumW4 = 0;
    for (let j = 0; j < groups.length; j++) {
      const g = groups[j];
      const w = weight[g];
      const rx = r + gx[g];
      const kx = xIndex[g];
      const kT = TIndex[g];
      const kt = txIndex[g];
      const A3 = -rx * lnT[kT];
      const d = ratio[kx] - rx * lnTx[kt] - A3;
      // ln(1 + e) rather than log1p: e ≤ 1 here, so the absolute error stays ~1e-16, and it is faster.
      let w4: number;
      if (d > 0) {
        const e = Math.exp(-d);
        w4 = 1 / (1 + e);
        ll += w * (A3 + d + Math.log(1 + e));
      } else {
        const e = Math.exp(d);
        w4 = e / (1 + e);
        ll += w * (A3 + Math.log(1 + e));
      }
      if (grad) {
        const ww4 = w * w4;
        gr -= w * lnT[kT] + ww4 * (lnTx[kt] - lnT[kT]);
        galpha -= rx * (w * invT[kT] + ww4 * (invTx[kt] - invT[kT]));
        sumW4 += ww4;
        gb -= ww4 * invB[kx];
      }
    }
    ga += sumW4 / a;
    if (grad) {
      grad[0] = gr;
      grad[1] = galpha;
      grad[2] = ga;
      grad[3] = gb;
    }
    return ll;
  };
}

/** Log-likelihood of a summary under BG/NBD parameters (for reporting and tests). */
export function bgNbdLogLikelihood(params: BgNbdParams, summary: CustomerSummary): number {
  return bgNbdLikelihood(groupHistories(summary))([params.r, params.alpha, params.a, params.b], null);
}

/** Fits BG/NBD by maximum likelihood on a summary or on already grouped histories. */
export function fitBgNbd(
  input: CustomerSummary | GroupedHistories,
  options: FitOptions = {},
): ModelFit<BgNbdParams> {
  const data = 'weight' in input ? input : groupHistories(input);
  let sx = 0;
  let sT = 0;
  for (let g = 0; g < data.size; g++) {
    sx += data.weight[g] * data.x[g];
    sT += data.weight[g] * data.T[g];
  }
  if (!(sx > 0)) throw new RangeError('fitBgNbd: no repeat purchases to fit');
  // Start at r = 1 with the mean rate matching the observed repeat rate, and p ~ Beta(1, 1).
  const start = [1, sT / sx, 1, 1];
  const fit = maximizeLikelihood(bgNbdLikelihood(data), start, data.total, options);
  const [r, alpha, a, b] = fit.params;
  const se = fit.standardErrors;
  return {
    params: { r, alpha, a, b },
    standardErrors: { r: se[0], alpha: se[1], a: se[2], b: se[3] },
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    evaluations: fit.evaluations,
    converged: fit.converged,
    customers: data.total,
  };
}
