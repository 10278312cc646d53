/**
 * A small quasi-Newton minimiser for the model fits: BFGS (Nocedal & Wright, "Numerical Optimization",
 * 2nd ed., algorithm 6.1) with a line search that enforces the strong Wolfe conditions (their
 * algorithms 3.5 and 3.6, cubic interpolation in the zoom). The models have 3 or 4 parameters, so dense
 * n×n matrices are fine; nothing is allocated per iteration.
 */

/** Writes the gradient at x into g and returns the objective; may return NaN/Infinity off the domain. */
export type Objective = (x: Float64Array, g: Float64Array) => number;

export type MinimizeOptions = {
  /** Stop when every |gradient component| is at most this (default 1e-8). */
  gradientTolerance?: number;
  /** Default 200. */
  maxIterations?: number;
  /** Largest change of any coordinate in one step (default 3: the fits run on log-parameters). */
  maxStep?: number;
};

export type MinimizeResult = {
  x: Float64Array;
  f: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
};

const C1 = 1e-4;
const C2 = 0.9;

/** Minimises f from x0 with BFGS; returns the best point found and whether the gradient test passed. */
export function minimize(f: Objective, x0: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const gtol = options.gradientTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 200;
  const maxStep = options.maxStep ?? 3;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const d = new Float64Array(n);
  const sv = new Float64Array(n);
  const yv = new Float64Array(n);
  const Hy = new Float64Array(n);
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  let evaluations = 1;
  let fx = f(x, g);
  if (!Number.isFinite(fx)) throw new RangeError('minimize: the objective is not finite at the start');
  let iterations = 0;
  let converged = maxAbs(g) <= gtol;
  let stalled = 0;
  while (!converged && iterations < maxIterations) {
    iterations++;
    // d = −H g
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum -= H[i * n + j] * g[j];
      d[i] = sum;
    }
    let slope = dot(d, g);
    if (!(slope < 0)) {
      // H lost positive definiteness through rounding: restart from steepest descent.
      resetIdentity(H, n);
      for (let i = 0; i < n; i++) d[i] = -g[i];
      slope = dot(d, g);
    }
    if (-slope <= 1e-13 * Math.max(1, Math.abs(fx)) && maxAbs(g) <= 1e3 * gtol) {
      // The quasi-Newton step would lower f by less than f's own rounding (sums over many customers
      // are good to ~1e-15 relative): the optimum is reached to machine precision.
      converged = true;
      break;
    }
    const longest = maxAbs(d);
    const cap = longest > maxStep ? maxStep / longest : 1;
    const search = lineSearch(f, x, fx, d, slope, cap, xNew, gNew);
    evaluations += search.evaluations;
    if (!search.ok) {
      // No step decreases f. If even the predicted decrease −gᵀd is below what f can resolve, the
      // optimum is reached to machine precision (flat ridges, e.g. Gamma-Gamma's p, q, γ); otherwise
      // retry once from steepest descent.
      if (-slope <= 1e-12 * Math.max(1, Math.abs(fx))) {
        converged = true;
        break;
      }
      if (stalled++ > 0) break;
      resetIdentity(H, n);
      continue;
    }
    stalled = 0;
    const step = search.step;
    for (let i = 0; i < n; i++) {
      sv[i] = step * d[i];
      yv[i] = gNew[i] - g[i];
    }
    const fPrev = fx;
    x.set(xNew);
    g.set(gNew);
    fx = search.f;
    converged = maxAbs(g) <= gtol;
    const sy = dot(sv, yv);
    if (sy > 1e-14 * Math.sqrt(dot(sv, sv) * dot(yv, yv))) {
      if (iterations === 1) {
        // Scale the first inverse Hessian to the curvature just seen (N&W eq. 6.20).
        const scale = sy / dot(yv, yv);
        resetIdentity(H, n, scale);
      }
      bfgsUpdate(H, n, sv, yv, sy, Hy);
    }
    if (!converged && Math.abs(fPrev - fx) <= 1e-15 * Math.max(1, Math.abs(fx)) && maxAbs(g) <= 1e3 * gtol) {
      // Converged to machine precision though the gradient test is marginally missed.
      converged = true;
    }
  }
  return { x, f: fx, gradient: g, iterations, evaluations, converged };
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1/(yᵀs). */
function bfgsUpdate(
  H: Float64Array,
  n: number,
  s: Float64Array,
  y: Float64Array,
  sy: number,
  Hy: Float64Array,
) {
  const rho = 1 / sy;
  let yHy = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += H[i * n + j] * y[j];
    Hy[i] = sum;
    yHy += y[i] * sum;
  }
  const k = rho * rho * yHy + rho;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      H[i * n + j] += k * s[i] * s[j] - rho * (Hy[i] * s[j] + s[i] * Hy[j]);
    }
  }
}

type SearchResult = { ok: boolean; step: number; f: number; evaluations: number };

/** Strong Wolfe line search along d from x; leaves the accepted point in xNew, gNew. */
function lineSearch(
  f: Objective,
  x: Float64Array,
  f0: number,
  d: Float64Array,
  slope0: number,
  first: number,
  xNew: Float64Array,
  gNew: Float64Array,
): SearchResult {
  let evaluations = 0;
  const at = (step: number): { f: number; slope: number } => {
    for (let i = 0; i < x.length; i++) xNew[i] = x[i] + step * d[i];
    evaluations++;
    const v = f(xNew, gNew);
    return { f: v, slope: Number.isFinite(v) ? dot(gNew, d) : Number.NaN };
  };
  let prevStep = 0;
  let prevF = f0;
  let prevSlope = slope0;
  let step = first;
  for (let i = 0; i < 30; i++) {
    const p = at(step);
    if (!Number.isFinite(p.f)) {
      // Off the domain (overflow at extreme parameters): come back toward the last good point.
      step = prevStep + 0.2 * (step - prevStep);
      continue;
    }
    if (p.f > f0 + C1 * step * slope0 || (i > 0 && p.f >= prevF)) {
      return zoom(at, f0, slope0, prevStep, prevF, prevSlope, step, p.f, p.slope, evaluations);
    }
    if (Math.abs(p.slope) <= -C2 * slope0) return { ok: true, step, f: p.f, evaluations };
    if (p.slope >= 0)
      return zoom(at, f0, slope0, step, p.f, p.slope, prevStep, prevF, prevSlope, evaluations);
    prevStep = step;
    prevF = p.f;
    prevSlope = p.slope;
    step *= 2;
  }
  return { ok: false, step: 0, f: f0, evaluations };
}

function zoom(
  at: (step: number) => { f: number; slope: number },
  f0: number,
  slope0: number,
  lo: number,
  fLo: number,
  dLo: number,
  hi: number,
  fHi: number,
  dHi: number,
  evaluations: number,
): SearchResult {
  for (let i = 0; i < 40; i++) {
    const step = interpolate(lo, fLo, dLo, hi, fHi, dHi);
    const p = at(step);
    evaluations++;
    if (!Number.isFinite(p.f) || p.f > f0 + C1 * step * slope0 || p.f >= fLo) {
      hi = step;
      fHi = p.f;
      dHi = p.slope;
    } else {
      if (Math.abs(p.slope) <= -C2 * slope0) return { ok: true, step, f: p.f, evaluations };
      if (p.slope * (hi - lo) >= 0) {
        hi = lo;
        fHi = fLo;
        dHi = dLo;
      }
      lo = step;
      fLo = p.f;
      dLo = p.slope;
    }
    // Stop when the bracket is too narrow for f to change by more than its rounding.
    if (Math.abs((hi - lo) * slope0) <= 1e-16 * Math.max(1, Math.abs(f0))) break;
  }
  // Accept the best sufficient-decrease point if the curvature test could not be met at this precision.
  if (lo !== 0 && fLo < f0) {
    const p = at(lo);
    return { ok: true, step: lo, f: p.f, evaluations: evaluations + 1 };
  }
  return { ok: false, step: 0, f: f0, evaluations };
}

/** Minimiser of the cubic through (lo, fLo, dLo) and (hi, fHi, dHi), kept inside the bracket. */
function interpolate(lo: number, fLo: number, dLo: number, hi: number, fHi: number, dHi: number): number {
  const width = hi - lo;
  if (Number.isFinite(fHi) && Number.isFinite(dHi)) {
    const d1 = dLo + dHi - (3 * (fLo - fHi)) / (lo - hi);
    const disc = d1 * d1 - dLo * dHi;
    if (disc >= 0) {
      const d2 = Math.sign(hi - lo) * Math.sqrt(disc);
      const step = hi - (hi - lo) * ((dHi + d2 - d1) / (dHi - dLo + 2 * d2));
      const t = (step - lo) / width;
      if (t > 0.1 && t < 0.9) return step;
    }
  }
  return lo + 0.5 * width;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function resetIdentity(H: Float64Array, n: number, diagonal = 1): void {
  H.fill(0);
  for (let i = 0; i < n; i++) H[i * n + i] = diagonal;
}
