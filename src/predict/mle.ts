import { hessianFromGradient, invertSpd } from './hessian.ts';
import { minimize } from './optimize.ts';

/** A fitted model: maximum-likelihood estimates, their standard errors and how the fit went. */
export type ModelFit<P> = {
  params: P;
  /** From the inverse of the observed information (the Hessian of −LL at the optimum); NaN if singular. */
  standardErrors: P;
  logLikelihood: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Customers the likelihood was summed over. */
  customers: number;
};

export type FitOptions = {
  /** Default 200. */
  maxIterations?: number;
  /** On the gradient of the mean log-likelihood per customer in log-parameters; default 1e-8. */
  gradientTolerance?: number;
};

/**
 * The total log-likelihood at positive parameters `p`; when `grad` is given, also its gradient with
 * respect to p. Returns NaN or −Infinity where it cannot be evaluated.
 */
export type LogLikelihood = (p: Float64Array, grad: Float64Array | null) => number;

export type MleResult = {
  params: Float64Array;
  standardErrors: Float64Array;
  logLikelihood: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
};

/**
 * Maximises a log-likelihood over positive parameters. The search runs on θ = ln p, so every step
 * stays in the domain, and on the mean per customer, so the tolerance does not depend on the sample
 * size; the standard errors come from the Hessian in p, by central differences of the analytic
 * gradient.
 */
export function maximizeLikelihood(
  logLik: LogLikelihood,
  start: ArrayLike<number>,
  customers: number,
  options: FitOptions = {},
): MleResult {
  const n = start.length;
  const p = new Float64Array(n);
  const gp = new Float64Array(n);
  const objective = (theta: Float64Array, g: Float64Array): number => {
    for (let i = 0; i < n; i++) p[i] = Math.exp(theta[i]);
    const ll = logLik(p, gp);
    if (!Number.isFinite(ll)) return Number.NaN;
    for (let i = 0; i < n; i++) {
      g[i] = (-gp[i] * p[i]) / customers;
      if (!Number.isFinite(g[i])) return Number.NaN;
    }
    return -ll / customers;
  };
  const theta0 = Float64Array.from(start, Math.log);
  const result = minimize(objective, theta0, {
    maxIterations: options.maxIterations,
    gradientTolerance: options.gradientTolerance,
  });
  const params = result.x.map(Math.exp);
  const negGradient = (q: Float64Array, g: Float64Array) => {
    logLik(q, g);
    for (let i = 0; i < n; i++) g[i] = -g[i];
  };
  const cov = invertSpd(hessianFromGradient(negGradient, params), n);
  const standardErrors = new Float64Array(n);
  for (let i = 0; i < n; i++)
    standardErrors[i] = cov && cov[i * n + i] > 0 ? Math.sqrt(cov[i * n + i]) : Number.NaN;
  return {
    params,
    standardErrors,
    logLikelihood: logLik(params, null),
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged,
  };
}
