import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { groupColumns } from './groups.ts';
import {
  paretoAliveExpected,
  paretoNbdConditionalExpected,
  paretoNbdExpected,
  paretoNbdLikelihood,
  paretoNbdPAlive,
} from './pareto-nbd.ts';
import { lgamma } from './special.ts';

function close(actual: number, expected: number, rel: number, message?: string) {
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.abs(expected),
    `${message ?? ''} ${actual} vs ${expected}`,
  );
}

/**
 * The likelihood with the integral ∫ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ over [t_x, T] done by Simpson's rule
 * instead of 2F1, in u = ln(β+τ) so that the integrand stays smooth when β is small.
 */
function direct(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): number {
  const f = (u: number) => {
    const t = Math.exp(u) - beta;
    return (alpha + t) ** -(r + x) * Math.exp(-s * u);
  };
  const n = 4000;
  const lo = Math.log(beta + tx);
  const h = (Math.log(beta + T) - lo) / n;
  let integral = f(lo) + f(lo + n * h);
  for (let i = 1; i < n; i++) integral += (i % 2 ? 4 : 2) * f(lo + i * h);
  integral *= h / 3;
  const head = lgamma(r + x) - lgamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  return head + Math.log((alpha + T) ** -(r + x) * (beta + T) ** -s + s * integral);
}

describe('Pareto/NBD likelihood', () => {
  const histories: [number, number, number][] = [
    [0, 0, 38],
    [0, 0, 3],
    [1, 5.5, 30],
    [4, 30.2, 31],
    [7, 36, 37],
    [2, 1, 9],
  ];
  const data = groupColumns(
    histories.map((h) => h[0]),
    histories.map((h) => h[1]),
    histories.map((h) => h[2]),
  );
  // α > β, α < β, α = β, and β ≪ α (2F1 argument near 1 where t = 0).
  const points = [
    [0.55, 10.58, 0.61, 11.67],
    [0.9, 12, 1.4, 3],
    [0.7, 6, 0.5, 6],
    [1.2, 80, 0.8, 0.2],
  ];

  test('matches the likelihood integrated numerically', () => {
    const ll = paretoNbdLikelihood(data);
    for (const [r, alpha, s, beta] of points) {
      let expected = 0;
      for (const [x, tx, T] of histories) expected += direct(r, alpha, s, beta, x, tx, T);
      close(ll([r, alpha, s, beta], null), expected, 1e-10, `at ${[r, alpha, s, beta]}`);
    }
  });

  test('analytic gradient agrees with central differences, on both sides of α = β', () => {
    const ll = paretoNbdLikelihood(data);
    const grad = new Float64Array(4);
    for (const p of points) {
      ll(p, grad);
      for (let i = 0; i < 4; i++) {
        const h = 1e-6 * p[i];
        const up = [...p];
        const down = [...p];
        up[i] += h;
        down[i] -= h;
        close(
          grad[i],
          (ll(up, null) - ll(down, null)) / (2 * h),
          1e-5,
          `∂/∂${['r', 'α', 's', 'β'][i]} at ${p}`,
        );
      }
    }
  });
});

describe('Pareto/NBD predictions', () => {
  const params = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };

  test('P(alive) is 1 with no time observed and falls with time since the last purchase', () => {
    close(paretoNbdPAlive(params, 0, 0, 0), 1, 1e-15);
    close(paretoNbdPAlive(params, 3, 20, 20), 1, 1e-15);
    const older = [5, 10, 20, 30].map((tx) => paretoNbdPAlive(params, 3, tx, 30));
    for (let i = 1; i < older.length; i++) assert.ok(older[i] > older[i - 1]);
  });

  test('expected purchases: closed form, and smooth through s = 1', () => {
    // rβ/(α(s−1)) [1 − (β/(β+t))^(s−1)] at r = 2, α = 4, s = 3, β = 10, t = 10: (20/8)(1 − 1/4) = 1.875
    close(paretoAliveExpected(2, 4, 3, 10, 10), 1.875, 1e-14);
    // s = 1: (r/α) β ln(1 + t/β) = 0.5 · 10 · ln 2
    close(paretoAliveExpected(2, 4, 1, 10, 10), 5 * Math.LN2, 1e-14);
    close(paretoAliveExpected(2, 4, 1 + 1e-9, 10, 10), 5 * Math.LN2, 1e-8);
    close(paretoNbdExpected(params, 39), paretoAliveExpected(0.55, 10.58, 0.61, 11.67, 39), 0);
    close(
      paretoNbdConditionalExpected(params, 2, 30, 38, 39),
      paretoNbdPAlive(params, 2, 30, 38) * paretoAliveExpected(2.55, 48.58, 0.61, 49.67, 39),
      1e-15,
    );
  });
});
