/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments and z < 1, with its derivatives
 * with respect to a, b, c and z (the Pareto/NBD gradient needs the parameter derivatives).
 *
 * - 0 ≤ z ≤ 1/2: the Maclaurin series; the parameter derivatives come term by term from
 *   d/da (a)_n = (a)_n Σ_{k<n} 1/(a+k).
 * - 1/2 < z < 1: analytic continuation along the real axis. F and F' are taken from the series at 1/2,
 *   then carried toward z in Taylor steps of half the distance to the singular point 1, each step's
 *   coefficients from the hypergeometric differential equation z(1−z)F'' + [c − (a+b+1)z]F' − abF = 0.
 *   Unlike the 1 − z connection formula (Abramowitz & Stegun 15.3.6) this needs no special case when
 *   c − a − b is an integer or close to one, where that formula cancels two poles. The parameter
 *   derivatives satisfy the same equation with a right-hand side (differentiate it in a, b or c), so
 *   they are carried along in the same steps.
 * - z < 0: Pfaff's transformation 2F1(a, b; c; z) = (1−z)^(−a) 2F1(a, c−b; c; z/(z−1)) (A&S 15.3.4) to an
 *   argument in (0, 1), so the series never alternates with large terms.
 *
 * Values are carried as mantissa × e^scale, so functions like (1−z)^(−500) do not overflow in the log form.
 */

import { lgamma } from './special.ts';

const EPS = 1e-17;
const MAX_TERMS = 100_000;
/** Each Taylor step covers this fraction of the distance to z = 1 (terms shrink like RHO^n). */
const RHO = 0.5;

// Working state: F = s[1]·e^s[0]; s[2] = dF/dz, s[3..5] = dF/da, dF/db, dF/dc (same scale);
// s[6..8] = d²F/dz da, d²F/dz db, d²F/dz dc (needed to start the Taylor steps).
const s = new Float64Array(9);

/** Series at z (|z| ≤ 1/2 in practice). Fills s; returns false if it did not converge. */
function series(a: number, b: number, c: number, z: number, grad: boolean): boolean {
  let term = 1;
  let sa = 0;
  let sb = 0;
  let sc = 0;
  let f = 1;
  let fz = 0;
  let fa = 0;
  let fb = 0;
  let fc = 0;
  let fza = 0;
  let fzb = 0;
  let fzc = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    // d = (n+1)·t_{n+1}/z, the (n+1)-th term of F' (no division by z, so z = 0 is fine).
    const d = (term * (a + n) * (b + n)) / (c + n);
    if (grad) {
      sa += 1 / (a + n);
      sb += 1 / (b + n);
      sc += 1 / (c + n);
      fza += d * sa;
      fzb += d * sb;
      fzc -= d * sc;
    }
    fz += d;
    term = (d * z) / (n + 1);
    f += term;
    if (grad) {
      fa += term * sa;
      fb += term * sb;
      fc -= term * sc;
    }
    if (term === 0 && d === 0) break;
    // Stop once the terms shrink geometrically and the tail they bound is below EPS, in F and in F'.
    const next = Math.abs(((a + n + 1) * (b + n + 1) * z) / ((c + n + 1) * (n + 1)));
    const size = grad ? 1 + Math.abs(sa) + Math.abs(sb) + Math.abs(sc) : 1;
    const tail = (1 - next) * EPS;
    if (
      next < 1 &&
      Math.abs(term) * size <= tail * Math.abs(f) &&
      Math.abs(d) * size <= tail * Math.abs(fz)
    ) {
      break;
    }
    if (n === MAX_TERMS - 1) return false;
  }
  s[0] = 0;
  s[1] = f;
  s[2] = fz;
  s[3] = fa;
  s[4] = fb;
  s[5] = fc;
  s[6] = fza;
  s[7] = fzb;
  s[8] = fzc;
  return true;
}

/** Carries s from z0 to z (1/2 ≤ z0 < z < 1) in Taylor steps. */
function continueTo(a: number, b: number, c: number, z0: number, z: number, grad: boolean): boolean {
  let zc = z0;
  const Q1 = -(a + b + 1);
  const R = -a * b;
  while (zc < z) {
    const norm = Math.abs(s[1]);
    if (!(norm > 0) || !Number.isFinite(norm)) return false;
    for (let i = 1; i < 9; i++) s[i] /= norm;
    s[0] += Math.log(norm);
    const last = z - zc <= RHO * (1 - zc);
    const h = last ? z - zc : RHO * (1 - zc);
    const P0 = zc * (1 - zc);
    const P1 = 1 - 2 * zc;
    const Q0 = c - (a + b + 1) * zc;
    // Taylor coefficients around zc, each multiplied by h^n so that they stay near the size of F
    // (unscaled they grow like (1 − zc)^(−n) and overflow close to 1): U for F, A, B, C for dF/da, db, dc.
    let U0 = s[1];
    let U1 = s[2] * h;
    let A0 = s[3];
    let A1 = s[6] * h;
    let B0 = s[4];
    let B1 = s[7] * h;
    let C0 = s[5];
    let C1 = s[8] * h;
    let F = U0 + U1;
    let Fz = U1;
    let Fa = A0 + A1;
    let Fb = B0 + B1;
    let Fc = C0 + C1;
    let Fza = A1;
    let Fzb = B1;
    let Fzc = C1;
    const h2 = h * h;
    let quiet = 0;
    for (let n = 0; ; n++) {
      if (n > MAX_TERMS) return false;
      const den = P0 * (n + 2) * (n + 1);
      const k1 = (P1 * n + Q0) * (n + 1) * h;
      const k0 = (-n * (n - 1) + Q1 * n + R) * h2;
      const U2 = -(k1 * U1 + k0 * U0) / den;
      F += U2;
      Fz += (n + 2) * U2;
      let small = Math.abs(U2) <= EPS * Math.abs(F) && (n + 2) * Math.abs(U2) <= EPS * Math.abs(Fz);
      if (grad) {
        const force = zc * (n + 1) * U1 * h;
        const A2 = (force + (n + b) * U0 * h2 - k1 * A1 - k0 * A0) / den;
        const B2 = (force + (n + a) * U0 * h2 - k1 * B1 - k0 * B0) / den;
        const C2 = (-(n + 1) * U1 * h - k1 * C1 - k0 * C0) / den;
        Fa += A2;
        Fb += B2;
        Fc += C2;
        Fza += (n + 2) * A2;
        Fzb += (n + 2) * B2;
        Fzc += (n + 2) * C2;
        const term = Math.abs(A2) + Math.abs(B2) + Math.abs(C2);
        small &&=
          term <= EPS * (Math.abs(Fa) + Math.abs(Fb) + Math.abs(Fc) + Math.abs(F)) &&
          (n + 2) * term <= EPS * (Math.abs(Fza) + Math.abs(Fzb) + Math.abs(Fzc) + Math.abs(Fz));
        A0 = A1;
        A1 = A2;
        B0 = B1;
        B1 = B2;
        C0 = C1;
        C1 = C2;
      }
      U0 = U1;
      U1 = U2;
      quiet = small ? quiet + 1 : 0;
      if (quiet >= 2) break;
    }
    // The derivative sums above are Σ n·U_n = h·F'; undo the scaling.
    Fz /= h;
    Fza /= h;
    Fzb /= h;
    Fzc /= h;
    s[1] = F;
    s[2] = Fz;
    s[3] = Fa;
    s[4] = Fb;
    s[5] = Fc;
    s[6] = Fza;
    s[7] = Fzb;
    s[8] = Fzc;
    zc = last ? z : zc + h;
  }
  return true;
}

/** Fills s for z in [0, 1). */
function unitInterval(a: number, b: number, c: number, z: number, grad: boolean): boolean {
  if (z <= 0.5) return series(a, b, c, z, grad);
  return series(a, b, c, 0.5, true) && continueTo(a, b, c, 0.5, z, grad);
}

/** Fills s for any z < 1; false when the evaluation failed. */
function evaluate(a: number, b: number, c: number, z: number, grad: boolean): boolean {
  if (!(z < 1) || !Number.isFinite(a + b + c + z)) return false;
  if (c <= 0 && Number.isInteger(c)) return false;
  if (z >= 0) return unitInterval(a, b, c, z, grad);
  // Pfaff on the larger of a, b keeps the new second parameter c − b as large as it can be.
  const swap = b > a;
  const p = swap ? b : a;
  const q = swap ? a : b;
  const w = z / (z - 1);
  if (!unitInterval(p, c - q, c, w, grad)) return false;
  const l = Math.log1p(-z);
  const g = s[1];
  const gw = s[2];
  const gp = s[3];
  const gq = s[4];
  const gc = s[5];
  s[0] -= p * l;
  s[2] = (p / (1 - z)) * g - gw / ((1 - z) * (1 - z));
  s[swap ? 4 : 3] = gp - l * g;
  s[swap ? 3 : 4] = -gq;
  s[5] = gq + gc;
  return true;
}

/** 2F1(a, b; c; z) for real a, b, c (c not 0, −1, −2, …) and z < 1; z = 1 when c − a − b > 0 (Gauss). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (z === 1 && c - a - b > 0) {
    return gaussAtOne(a, b, c);
  }
  if (!evaluate(a, b, c, z, false)) return Number.NaN;
  return s[1] * Math.exp(s[0]);
}

/**
 * ln 2F1(a, b; c; z) for z < 1 where the function is positive (as it is for a, b, c > 0), and, into
 * `grad` when given, its derivatives with respect to a, b, c and z in that order. NaN when F ≤ 0 or
 * the evaluation fails.
 */
export function lnHyp2f1(a: number, b: number, c: number, z: number, grad?: Float64Array): number {
  if (!evaluate(a, b, c, z, grad !== undefined) || !(s[1] > 0)) {
    grad?.fill(Number.NaN);
    return Number.NaN;
  }
  if (grad) {
    grad[0] = s[3] / s[1];
    grad[1] = s[4] / s[1];
    grad[2] = s[5] / s[1];
    grad[3] = s[2] / s[1];
  }
  return s[0] + Math.log(s[1]);
}

/** Gauss's sum 2F1(a, b; c; 1) = Γ(c)Γ(c−a−b) / (Γ(c−a)Γ(c−b)), for c − a − b > 0. */
function gaussAtOne(a: number, b: number, c: number): number {
  return (gammaFn(c) * gammaFn(c - a - b)) / (gammaFn(c - a) * gammaFn(c - b));
}

/** Γ(x) through ln Γ with the sign of Γ on the negative axis. */
function gammaFn(x: number): number {
  if (x <= 0 && Number.isInteger(x)) return Number.POSITIVE_INFINITY;
  const sign = x > 0 || Math.floor(x) % 2 === 0 ? 1 : -1;
  return sign * Math.exp(lgamma(x));
}
