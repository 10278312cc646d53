import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bgNbdLikelihood, fitBgNbd } from './bg-nbd.ts';
import {
  aliveExpected,
  bgNbdConditionalExpected,
  bgNbdCumulativeForecast,
  bgNbdExpected,
  bgNbdPAlive,
} from './bg-nbd-predict.ts';
import { groupColumns } from './groups.ts';
import { simulateBgNbd } from './simulate.ts';

const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function close(actual: number, expected: number, rel: number, message?: string) {
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.abs(expected),
    `${message ?? ''} ${actual} vs ${expected}`,
  );
}

describe('BG/NBD likelihood', () => {
  test('analytic gradient agrees with central differences', () => {
    const data = groupColumns(
      [0, 0, 1, 2, 7, 3, 0],
      [0, 0, 5.5, 30.2, 36, 1, 0],
      [38, 20.1, 30, 31, 37, 9, 2],
    );
    const ll = bgNbdLikelihood(data);
    const grad = new Float64Array(4);
    for (const p of [
      [0.243, 4.414, 0.793, 2.426],
      [1.7, 0.6, 3.1, 0.4],
      [0.05, 40, 0.2, 9],
    ]) {
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
          1e-6,
          `∂/∂${['r', 'α', 'a', 'b'][i]} at ${p}`,
        );
      }
    }
  });

  test('equals the direct formula for one customer', () => {
    const [r, alpha, a, b] = [0.5, 3, 1.2, 2.5];
    const [x, tx, T] = [2, 10, 20];
    const lnB = (p: number, q: number) => Math.log((gamma(p) * gamma(q)) / gamma(p + q));
    const direct = Math.log(
      (Math.exp(lnB(a, b + x) - lnB(a, b)) * gamma(r + x) * alpha ** r) /
        (gamma(r) * (alpha + T) ** (r + x)) +
        (Math.exp(lnB(a + 1, b + x - 1) - lnB(a, b)) * gamma(r + x) * alpha ** r) /
          (gamma(r) * (alpha + tx) ** (r + x)),
    );
    close(bgNbdLikelihood(groupColumns([x], [tx], [T]))([r, alpha, a, b], null), direct, 1e-13);
  });
});

describe('BG/NBD predictions', () => {
  test('match reference values (computed to 40 digits from the closed forms)', () => {
    close(bgNbdExpected(CDNOW, 0.5), 0.027065046325092386, 1e-12);
    close(bgNbdExpected(CDNOW, 5), 0.23928820028053477, 1e-12);
    close(bgNbdExpected(CDNOW, 39), 1.196723193320817, 1e-12);
    close(bgNbdExpected(CDNOW, 200), 3.143855509111529, 1e-12);
    close(bgNbdPAlive(CDNOW, 3, 20.5, 35.2), 0.553662104767074, 1e-13);
    close(bgNbdConditionalExpected(CDNOW, 3, 20.5, 35.2, 39), 1.4311159138315332, 1e-12);
    // Heavy buyers: large posterior shape; short and long horizons take the two evaluation routes.
    close(aliveExpected(40.243, 34.414, 0.793, 42.426, 52), 41.358261301059215, 1e-12);
    close(aliveExpected(40.243, 34.414, 0.793, 42.426, 0.2), 0.2333631691567773, 1e-12);
    assert.equal(bgNbdPAlive(CDNOW, 0, 0, 30), 1);
    assert.equal(bgNbdExpected(CDNOW, 0), 0);
  });

  test('the expectation is continuous through a = 1 and between its two routes', () => {
    const at = (a: number, t: number) => aliveExpected(0.8, 5, a, 2, t);
    close(at(1, 20), (at(1 - 1e-3, 20) + at(1 + 1e-3, 20)) / 2, 1e-6);
    // The routes meet where (t/α)·max(1, (r+1)/2) = 1/2.
    const edge = (0.5 * 5) / Math.max(1, 1.8 / 2);
    close(at(0.7, edge * (1 - 1e-9)), at(0.7, edge * (1 + 1e-9)), 1e-8);
  });

  test('cumulative cohort forecast sums the members, each from its own start', () => {
    const f = bgNbdCumulativeForecast(CDNOW, [0, 0, 3], [2, 10]);
    close(f[0], 2 * bgNbdExpected(CDNOW, 2), 1e-15);
    close(f[1], 2 * bgNbdExpected(CDNOW, 10) + bgNbdExpected(CDNOW, 7), 1e-15);
  });
});

describe('BG/NBD fit', () => {
  test('recovers simulated parameters, and the conditional forecast matches the simulated holdout', () => {
    const truth = { r: 0.6, alpha: 5, a: 0.8, b: 2.5 };
    const { summary, holdout } = simulateBgNbd(truth, null, {
      customers: 4000,
      seed: 42,
      calibration: 52,
      births: 13,
      holdout: 26,
      unit: 'weeks',
      discrete: false,
    });
    const fit = fitBgNbd(summary);
    assert.ok(fit.converged);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      const error = Math.abs(fit.params[name] - truth[name]);
      assert.ok(
        error <= 3 * fit.standardErrors[name],
        `${name}: ${fit.params[name]} ± ${fit.standardErrors[name]}`,
      );
      assert.ok(error <= 0.35 * truth[name], `${name}: ${fit.params[name]}`);
    }
    let expected = 0;
    let actual = 0;
    for (let i = 0; i < summary.size; i++) {
      expected += bgNbdConditionalExpected(truth, summary.x[i], summary.tx[i], summary.T[i], 26);
      actual += holdout[i];
    }
    // Sampling spread of this total over seeds is about 4%.
    close(actual, expected, 0.1, 'holdout purchases');
  });
});

/** Γ(x) for x > 0, independent of special.ts: Γ(x + n) / (x (x+1) … (x+n−1)), Stirling at x + n ≥ 30. */
function gamma(x: number): number {
  let product = 1;
  while (x < 30) {
    product *= x;
    x++;
  }
  return (
    Math.exp((x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3)) /
    product
  );
}
