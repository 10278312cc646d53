import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  fitGammaGamma,
  gammaGammaExpectedSpend,
  gammaGammaLikelihood,
  gammaGammaMeanSpend,
  type SpendData,
} from './gamma-gamma.ts';
import { simulateBgNbd } from './simulate.ts';
import { lgamma } from './special.ts';

function close(actual: number, expected: number, rel: number, message?: string) {
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.abs(expected),
    `${message ?? ''} ${actual} vs ${expected}`,
  );
}

const data = (x: number[], mean: number[]): SpendData => ({
  size: x.length,
  x: Float64Array.from(x),
  sum: Float64Array.from(x, (v, i) => v * mean[i]),
});

describe('Gamma-Gamma', () => {
  test('log-likelihood is the density of the mean repeat value', () => {
    const [p, q, gamma] = [6.25, 3.74, 15.44];
    const [x, m] = [3, 22.5];
    const direct =
      lgamma(p * x + q) -
      lgamma(p * x) -
      lgamma(q) +
      q * Math.log(gamma) +
      (p * x - 1) * Math.log(m * x) +
      Math.log(x) -
      (p * x + q) * Math.log(gamma + m * x);
    close(gammaGammaLikelihood(data([x], [m]))([p, q, gamma], null), direct, 1e-14);
  });

  test('analytic gradient agrees with central differences', () => {
    const ll = gammaGammaLikelihood(data([1, 1, 2, 5, 3, 9], [10, 35.5, 12, 20, 80, 14.2]));
    const grad = new Float64Array(3);
    for (const p of [
      [6.25, 3.74, 15.44],
      [0.7, 1.3, 150],
      [20, 9, 3],
    ]) {
      ll(p, grad);
      for (let i = 0; i < 3; i++) {
        const h = 1e-6 * p[i];
        const up = [...p];
        const down = [...p];
        up[i] += h;
        down[i] -= h;
        close(grad[i], (ll(up, null) - ll(down, null)) / (2 * h), 1e-6, `∂/∂${['p', 'q', 'γ'][i]} at ${p}`);
      }
    }
  });

  test('expected spend weighs the population mean against the customer mean', () => {
    const params = { p: 2, q: 3, gamma: 10 };
    assert.equal(gammaGammaMeanSpend(params), 10); // pγ/(q−1)
    // p(γ + x m)/(p x + q − 1) = 2 (10 + 4·25)/(8 + 2) = 22
    assert.equal(gammaGammaExpectedSpend(params, 4, 25), 22);
    assert.equal(gammaGammaExpectedSpend(params, 0, 0), 10);
  });

  test('recovers simulated parameters', () => {
    const truth = { p: 4, q: 3, gamma: 20 };
    const { summary } = simulateBgNbd({ r: 2, alpha: 4, a: 0.5, b: 4 }, truth, {
      customers: 3000,
      seed: 7,
      calibration: 52,
      unit: 'weeks',
      discrete: false,
    });
    const fit = fitGammaGamma(summary);
    assert.ok(fit.converged);
    for (const name of ['p', 'q', 'gamma'] as const) {
      const error = Math.abs(fit.params[name] - truth[name]);
      assert.ok(
        error <= 3 * fit.standardErrors[name],
        `${name}: ${fit.params[name]} ± ${fit.standardErrors[name]}`,
      );
      assert.ok(error <= 0.35 * truth[name], `${name}: ${fit.params[name]}`);
    }
  });
});
