import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hessianFromGradient, invertSpd } from './hessian.ts';
import { minimize } from './optimize.ts';

describe('minimize', () => {
  test('finds the minimum of the Rosenbrock function', () => {
    const rosenbrock = (x: Float64Array, g: Float64Array) => {
      const [a, b] = x;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const result = minimize(rosenbrock, [-1.2, 1]);
    assert.ok(result.converged);
    assert.ok(Math.abs(result.x[0] - 1) < 1e-7 && Math.abs(result.x[1] - 1) < 1e-7, `${result.x}`);
  });

  test('treats non-finite values as outside the domain', () => {
    // ln-barrier at 0: steps past it return NaN and must be pulled back.
    const f = (x: Float64Array, g: Float64Array) => {
      if (x[0] <= 0) return Number.NaN;
      g[0] = 1 - 1 / x[0];
      return x[0] - Math.log(x[0]);
    };
    const result = minimize(f, [5]);
    assert.ok(result.converged && Math.abs(result.x[0] - 1) < 1e-8);
  });
});

describe('Hessian and inverse', () => {
  test('central differences of the gradient, and the inverse of an SPD matrix', () => {
    // f = x² + 3xy + 5y² has Hessian [[2, 3], [3, 10]].
    const H = hessianFromGradient(
      (x, g) => {
        g[0] = 2 * x[0] + 3 * x[1];
        g[1] = 3 * x[0] + 10 * x[1];
      },
      [0.3, -2],
    );
    for (const [i, v] of [2, 3, 3, 10].entries()) assert.ok(Math.abs(H[i] - v) < 1e-8);
    const inv = invertSpd(H, 2)!;
    // inverse = [[10, −3], [−3, 2]] / 11
    for (const [i, v] of [10 / 11, -3 / 11, -3 / 11, 2 / 11].entries())
      assert.ok(Math.abs(inv[i] - v) < 1e-8);
    assert.equal(invertSpd(Float64Array.of(1, 2, 2, 1), 2), null);
  });
});
