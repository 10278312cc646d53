/**
 * The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987, "Counting your customers: who are they
 * and what will they do next?", Management Science 33(1)): Poisson purchases with rate λ ~ Gamma(r, α)
 * while alive, an exponential lifetime with rate μ ~ Gamma(s, β). The likelihood is written as in
 * Fader & Hardie's note "A note on deriving the Pareto/NBD model and related expressions" (2005):
 *
 *   L = Γ(r+x)/Γ(r) α^r β^s [ (α+T)^−(r+x) (β+T)^−s + s (J(t_x) − J(T)) ],
 *   J(t) = ∫_t^∞ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ
 *        = (α+t)^−(r+s+x) 2F1(r+s+x, s+1; r+s+x+1; (α−β)/(α+t)) / (r+s+x)     if α ≥ β,
 *        = (β+t)^−(r+s+x) 2F1(r+s+x, r+x; r+s+x+1; (β−α)/(β+t)) / (r+s+x)     if α < β,
 *
 * the branch chosen so that the 2F1 argument is in [0, 1). Its gradient is exact too: the derivatives
 * of 2F1 in its parameters come from hyp2f1.ts.
 */
import type { GroupedHistories } from './groups.ts';
import { groupHistories } from './groups.ts';
import { lnHyp2f1 } from './hyp2f1.ts';
import { type FitOptions, type ModelFit, maximizeLikelihood } from './mle.ts';
import { digamma, lgamma } from './special.ts';
import type { CustomerSummary } from './summary.ts';

export type ParetoNbdParams = { r: number; alpha: number; s: number; beta: number };

const gF = new Float64Array(4);

/** ln J(t) for this x into out[0], and its derivatives in r, α, s, β into out[1..4]. */
export function paretoLnJ(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  t: number,
  out: Float64Array,
) {
  const C = r + s + x;
  if (alpha >= beta) {
    const L = Math.log(alpha + t);
    const z = (alpha - beta) / (alpha + t);
    out[0] = -C * L - Math.log(C) + lnHyp2f1(C, s + 1, C + 1, z, gF);
    out[1] = -L - 1 / C + gF[0] + gF[2];
    out[2] = -C / (alpha + t) + (gF[3] * (beta + t)) / ((alpha + t) * (alpha + t));
    out[3] = -L - 1 / C + gF[0] + gF[1] + gF[2];
    out[4] = -gF[3] / (alpha + t);
  } else {
    const L = Math.log(beta + t);
    const z = (beta - alpha) / (beta + t);
    out[0] = -C * L - Math.log(C) + lnHyp2f1(C, r + x, C + 1, z, gF);
    out[1] = -L - 1 / C + gF[0] + gF[1] + gF[2];
    out[2] = -gF[3] / (beta + t);
    out[3] = -L - 1 / C + gF[0] + gF[2];
    out[4] = -C / (beta + t) + (gF[3] * (alpha + t)) / ((beta + t) * (beta + t));
  }
}

/**
 * The Pareto/NBD log-likelihood of grouped histories as a function of [r, α, s, β], gradient into
 * `grad` when given. J is evaluated once per distinct (x, t_x) and (x, T) pair.
 */
export function paretoNbdLikelihood(
  data: GroupedHistories,
): (p: ArrayLike<number>, grad: Float64Array | null) => number {
  const pairOf = new Map<string, number>();
  const px: number[] = [];
  const pt: number[] = [];
  const pair = (x: number, t: number) => {
    const key = `${x}:${t}`;
    let k = pairOf.get(key);
    if (k === undefined) {
      k = px.length;
      pairOf.set(key, k);
      px.push(x);
      pt.push(t);
    }
    return k;
  };
  const atTx = new Int32Array(data.size);
  const atT = new Int32Array(data.size);
  const weightByX = new Float64Array(data.xs.length);
  for (let g = 0; g < data.size; g++) {
    atTx[g] = pair(data.x[g], data.tx[g]);
    atT[g] = pair(data.x[g], data.T[g]);
    weightByX[data.xIndex[g]] += data.weight[g];
  }
  const np = px.length;
  const J = new Float64Array(5 * np);
  const out = new Float64Array(5);
  return (p, grad) => {
    const [r, alpha, s, beta] = p as [number, number, number, number];
    if (!(r > 0 && alpha > 0 && s > 0 && beta > 0)) return Number.NaN;
    for (let k = 0; k < np; k++) {
      paretoLnJ(r, alpha, s, beta, px[k], pt[k], out);
      J.set(out, 5 * k);
    }
    const N = data.total;
    let ll = N * (r * Math.log(alpha) + s * Math.log(beta));
    let gr = N * Math.log(alpha);
    let ga = (N * r) / alpha;
    let gs = N * Math.log(beta);
    let gb = (N * s) / beta;
    const lgR = lgamma(r);
    const dgR = grad ? digamma(r) : 0;
    for (let k = 0; k < data.xs.length; k++) {
      ll += weightByX[k] * (lgamma(r + data.xs[k]) - lgR);
      if (grad) gr += weightByX[k] * (digamma(r + data.xs[k]) - dgR);
    }
    for (let g = 0; g < data.size; g++) {
      const w = data.weight[g];
      const x = data.x[g];
      const T = data.T[g];
      const lnAT = Math.log(alpha + T);
      const lnBT = Math.log(beta + T);
      const l1 = -(r + x) * lnAT - s * lnBT;
      const kx = 5 * atTx[g];
      const kT = 5 * atT[g];
      // Scale by the larger of the two positive terms; J(t_x) ≥ J(T).
      const m = Math.max(l1, J[kx]);
      const e1 = Math.exp(l1 - m);
      const ex = Math.exp(J[kx] - m);
      const eT = Math.exp(J[kT] - m);
      const D = e1 + s * (ex - eT);
      ll += w * (m + Math.log(D));
      if (grad) {
        const c = w / D;
        gr += c * (-e1 * lnAT + s * (ex * J[kx + 1] - eT * J[kT + 1]));
        ga += c * ((-e1 * (r + x)) / (alpha + T) + s * (ex * J[kx + 2] - eT * J[kT + 2]));
        gs += c * (-e1 * lnBT + s * (ex * J[kx + 3] - eT * J[kT + 3]) + (ex - eT));
        gb += c * ((-e1 * s) / (beta + T) + s * (ex * J[kx + 4] - eT * J[kT + 4]));
      }
    }
    if (grad) {
      grad[0] = gr;
      grad[1] = ga;
      grad[2] = gs;
      grad[3] = gb;
    }
    return ll;
  };
}

/** Fits the Pareto/NBD model by maximum likelihood on a summary or grouped histories. */
export function fitParetoNbd(
  input: CustomerSummary | GroupedHistories,
  options: FitOptions = {},
): ModelFit<ParetoNbdParams> {
  const data = 'weight' in input ? input : groupHistories(input);
  let sx = 0;
  let sT = 0;
  for (let g = 0; g < data.size; g++) {
    sx += data.weight[g] * data.x[g];
    sT += data.weight[g] * data.T[g];
  }
  if (!(sx > 0)) throw new RangeError('fitParetoNbd: no repeat purchases to fit');
  // r = 1 with the observed repeat rate; mean lifetime β/(s−1)-ish of the order of the mean T.
  const start = [1, sT / sx, 1, sT / data.total];
  const fit = maximizeLikelihood(paretoNbdLikelihood(data), start, data.total, options);
  const [r, alpha, s, beta] = fit.params;
  const se = fit.standardErrors;
  return {
    params: { r, alpha, s, beta },
    standardErrors: { r: se[0], alpha: se[1], s: se[2], beta: se[3] },
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    evaluations: fit.evaluations,
    converged: fit.converged,
    customers: data.total,
  };
}

const scratch = new Float64Array(5);

/** P(alive at T | x, t_x, T) under Pareto/NBD. */
export function paretoNbdPAlive(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = params;
  const l1 = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  paretoLnJ(r, alpha, s, beta, x, tx, scratch);
  const jx = scratch[0];
  paretoLnJ(r, alpha, s, beta, x, T, scratch);
  const jT = scratch[0];
  return 1 / (1 + s * (Math.exp(jx - l1) - Math.exp(jT - l1)));
}

/**
 * Expected purchases in (0, t] of a customer alive at 0 with λ ~ Gamma(r, α), μ ~ Gamma(s, β):
 * rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)], taken smoothly through s = 1 (where it is (r/α) β ln(1 + t/β)).
 */
export function paretoAliveExpected(r: number, alpha: number, s: number, beta: number, t: number): number {
  if (!(t > 0)) return 0;
  const L = Math.log1p(t / beta);
  const k = (s - 1) * L;
  const factor = Math.abs(k) < 1e-8 ? L * (1 - k / 2) : (-Math.expm1(-k) / k) * L;
  return (r / alpha) * beta * factor;
}

/** E[X(t)] for a new customer under Pareto/NBD. */
export function paretoNbdExpected(params: ParetoNbdParams, t: number): number {
  return paretoAliveExpected(params.r, params.alpha, params.s, params.beta, t);
}

/** E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] given the history. */
export function paretoNbdConditionalExpected(
  params: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
): number {
  const { r, alpha, s, beta } = params;
  return paretoNbdPAlive(params, x, tx, T) * paretoAliveExpected(r + x, alpha + T, s, beta + T, t);
}
