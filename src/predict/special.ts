/**
 * Log-gamma and digamma for the likelihoods. Both shift the argument up past 10 with the recurrence
 * and then use the Stirling / de Moivre asymptotic series, which at 10 is already below 1e-16 with the
 * terms kept here; the shift's product is logged once, so the absolute error stays near 1e-15.
 */

const HALF_LN_2PI = 0.9189385332046728;
const SHIFT = 10;

/** ln Γ(x) for x > 0; for negative non-integers, ln |Γ(x)| (reflection formula). */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.POSITIVE_INFINITY;
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  let shift = 0;
  if (x < SHIFT) {
    // Γ(x) = Γ(x + n) / (x (x+1) … (x+n-1)); at most 10 factors below 20, so the product cannot overflow.
    let product = 1;
    while (x < SHIFT) {
      product *= x;
      x += 1;
    }
    shift = Math.log(product);
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // Bernoulli terms B_2k / (2k (2k-1) x^(2k-1)) for k = 1..7.
  const series =
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 +
          inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 / 156))))));
  return (x - 0.5) * Math.log(x) - x + HALF_LN_2PI + series - shift;
}

/** ψ(x) = d/dx ln Γ(x) for x > 0 (reflection for negative non-integers). */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.NaN;
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  let shift = 0;
  while (x < SHIFT) {
    shift += 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  // Bernoulli terms B_2k / (2k x^(2k)) for k = 1..7.
  const series =
    inv2 *
    (1 / 12 +
      inv2 *
        (-1 / 120 +
          inv2 * (1 / 252 + inv2 * (-1 / 240 + inv2 * (1 / 132 + inv2 * (-691 / 32760 + inv2 / 12))))));
  return Math.log(x) - 0.5 / x - series - shift;
}

/** ln B(a, b), the log of the beta function. */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
