/**
 * BG/NBD predictions (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): the
 * probability a customer is alive (eq. 13), expected purchases for a new customer (eq. 9), conditional
 * expected purchases (eq. 10), and the cumulative repeat-purchase forecast for a cohort whose members
 * started at different times, from which that paper's tracking plots are drawn.
 */
import type { BgNbdParams } from './bg-nbd.ts';
import { hyp2f1, lnHyp2f1 } from './hyp2f1.ts';

/** P(alive at T | x, t_x, T). 1 when x = 0: BG/NBD customers can only drop out right after a repeat purchase. */
export function bgNbdPAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const lnOdds = Math.log(a / (b + x - 1)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(lnOdds));
}

/** E[X(t)], expected repeat purchases in (0, t] of a customer who made the first purchase at 0. */
export function bgNbdExpected(params: BgNbdParams, t: number): number {
  return aliveExpected(params.r, params.alpha, params.a, params.b, t);
}

/** E[Y(t) | x, t_x, T], expected purchases in (T, T + t] given the customer's history. */
export function bgNbdConditionalExpected(
  params: BgNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
): number {
  const { r, alpha, a, b } = params;
  return bgNbdPAlive(params, x, tx, T) * aliveExpected(r + x, alpha + T, a, b + x, t);
}

/**
 * Expected purchases in (0, t] of a customer alive at 0 whose λ ~ Gamma(r, α) and p ~ Beta(a, b):
 * (a+b−1)/(a−1) · [1 − (α/(α+t))^r 2F1(r, b; a+b−1; t/(α+t))]. The conditional expectation is this
 * with the posterior parameters (r+x, α+T, a, b+x), times P(alive).
 *
 * For short horizons the bracket is close to 0 and the formula would cancel; there, Pfaff's
 * transformation turns it into Σ_{n≥1} (−1)^(n+1) (r)_n (a)_(n−1) / ((a+b)_(n−1) n!) (t/α)^n, which has
 * no cancellation while its terms shrink from the first, and no 1/(a−1) either.
 */
export function aliveExpected(r: number, alpha: number, a: number, b: number, t: number): number {
  if (!(t > 0)) return 0;
  const u = t / alpha;
  if (u * Math.max(1, (r + 1) / 2) <= 0.5) {
    let term = r * u;
    let sum = term;
    for (let n = 1; n < 200; n++) {
      term *= (-(r + n) * (a + n - 1) * u) / ((a + b + n - 1) * (n + 1));
      sum += term;
      if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
    }
    return sum;
  }
  if (Math.abs(a - 1) < 1e-4) {
    // (a+b−1)/(a−1)·[…] is 0/0 at a = 1; the expectation is smooth in a, so interpolate linearly
    // between a = 1 ∓ 1e-4 (error ~1e-8 relative; each side loses only 4 digits to the cancellation).
    const lo = closedForm(r, alpha, 1 - 1e-4, b, t);
    const hi = closedForm(r, alpha, 1 + 1e-4, b, t);
    return lo + ((a - (1 - 1e-4)) / 2e-4) * (hi - lo);
  }
  return closedForm(r, alpha, a, b, t);
}

function closedForm(r: number, alpha: number, a: number, b: number, t: number): number {
  const c = a + b - 1;
  const z = t / (alpha + t);
  const lnOneMinusZ = Math.log(alpha / (alpha + t));
  // For c > 0 the 2F1 is positive and is taken in logs so that (1−z)^r·F cannot overflow at large r.
  const g =
    c > 0 ? Math.exp(r * lnOneMinusZ + lnHyp2f1(r, b, c, z)) : Math.exp(r * lnOneMinusZ) * hyp2f1(r, b, c, z);
  return (c / (a - 1)) * (1 - g);
}

/**
 * Cumulative expected repeat purchases of a cohort: at each time in `times`, Σ_i E[X(time − start_i)]
 * over the customers whose first purchase `start_i` is before it (their trial purchases not counted).
 * Starts and times are on one clock in the fit's unit; equal starts are evaluated once.
 */
export function bgNbdCumulativeForecast(
  params: BgNbdParams,
  starts: ArrayLike<number>,
  times: ArrayLike<number>,
): Float64Array {
  const counts = new Map<number, number>();
  for (let i = 0; i < starts.length; i++) counts.set(starts[i], (counts.get(starts[i]) ?? 0) + 1);
  const out = new Float64Array(times.length);
  for (let k = 0; k < times.length; k++) {
    let sum = 0;
    for (const [start, n] of counts) if (times[k] > start) sum += n * bgNbdExpected(params, times[k] - start);
    out[k] = sum;
  }
  return out;
}
