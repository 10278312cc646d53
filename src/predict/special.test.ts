import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hyp2f1, lnHyp2f1 } from './hyp2f1.ts';
import { digamma, lgamma } from './special.ts';

/** |actual − expected| within rel·|expected| (plus a tiny absolute floor for values near 0). */
function close(actual: number, expected: number, rel: number, message?: string) {
  const tol = rel * Math.abs(expected) + 1e-300;
  assert.ok(Math.abs(actual - expected) <= tol, `${message ?? ''} ${actual} vs ${expected} (tol ${tol})`);
}

describe('lgamma and digamma', () => {
  test('match known values', () => {
    close(lgamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14);
    assert.ok(Math.abs(lgamma(1)) < 5e-15 && Math.abs(lgamma(2)) < 5e-15);
    close(lgamma(10), Math.log(362880), 1e-15);
    // References computed to 40 digits.
    close(lgamma(1 / 3), 0.9854206469277671, 1e-14);
    close(lgamma(7.5), 7.534364236758733, 1e-15);
    close(lgamma(123.456), 469.6055471299295, 1e-15);
    close(lgamma(1e-8), 18.42068073818021, 1e-14);
    close(digamma(1), -0.5772156649015329, 1e-14);
    close(digamma(0.5), -1.9635100260214235, 1e-14);
    close(digamma(1 / 3), -3.1320337800208065, 1e-14);
    close(digamma(7.5), 1.9467574842460869, 1e-14);
    close(digamma(123.456), 4.811829323828985, 1e-15);
    close(digamma(0.01), -100.56088545786866, 1e-14);
  });

  test('satisfy their recurrences', () => {
    for (const x of [0.1, 0.9, 3.3, 9.99, 10.01, 57.2]) {
      close(lgamma(x + 1) - lgamma(x), Math.log(x), 1e-12, `lgamma at ${x}`);
      close(digamma(x + 1) - digamma(x), 1 / x, 1e-12, `digamma at ${x}`);
    }
  });
});

describe('hyp2f1', () => {
  // [a, b, c, z, 2F1(a, b; c; z)], references computed to 40 digits.
  const known: [number, number, number, number, number][] = [
    // series regime, |z| ≤ 1/2
    [1, 1, 2, 0.3, 1.1889164797957745],
    [0.5, 0.5, 1.5, 0.25, 1.0471975511965976],
    [2.5, 3.2, 1.1, 0.45, 35.34247640667975],
    // near 1: continuation, including c − a − b = 0 (a log singularity) and c − a − b < 0
    [0.243, 2.426, 2.219, 0.95, 2.4461866770309917],
    [2.5, 3.2, 1.1, 0.99, 6210372047.497951],
    [1, 1, 2, 0.999999, 13.815524373459892],
    [0.3, 0.7, 1.0, 0.9999, 3.2907381864857186],
    [3, 1.5, 4.5, 0.9, 6.186140984471591],
    // large parameters
    [100.2, 50.3, 120.1, 0.7, 468144035775014000000],
    [200.2, 202.4, 201.2, 0.9, 2.498415190299416e201],
    // negative argument (Pfaff), negative c, a terminating polynomial
    [0.5, 1, 1.5, -4, 0.5535743588970452],
    [-0.5, 1.2, 2.2, -20, 3.332564028157446],
    [2.2, 0.7, 3.1, -0.3, 0.8752869080410409],
    [1.3, 2.7, -0.4, 0.6, -703.1723862040724],
    [1.5, -2, 3, 0.8, 0.4],
  ];
  test('matches reference values in every regime', () => {
    for (const [a, b, c, z, expected] of known)
      close(hyp2f1(a, b, c, z), expected, 1e-12, `2F1(${a}, ${b}; ${c}; ${z})`);
  });

  test('matches closed forms', () => {
    for (const z of [-30, -0.9, 0.2, 0.7, 0.995]) {
      close(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z, 1e-13, `−ln(1−z)/z at ${z}`);
      close(hyp2f1(2.7, 1.9, 1.9, z), (1 - z) ** -2.7, 1e-13, `(1−z)^−a at ${z}`);
    }
    for (const x of [0.5, 3, 40]) close(hyp2f1(0.5, 1, 1.5, -x * x), Math.atan(x) / x, 1e-13, `atan at ${x}`);
    close(hyp2f1(2, 3, 6.5, 1), 6.6, 1e-13, "Gauss's sum at z = 1");
  });

  test('lnHyp2f1 derivatives agree with central differences', () => {
    const grad = new Float64Array(4);
    for (const point of [
      [1.3, 2.1, 3.4, 0.3],
      [1.3, 2.1, 3.4, 0.8],
      [5.6, 1.7, 6.6, 0.97],
      [1.3, 2.1, 3.4, -3],
    ]) {
      lnHyp2f1(point[0], point[1], point[2], point[3], grad);
      for (let i = 0; i < 4; i++) {
        const h = 1e-6;
        const up = [...point];
        const down = [...point];
        up[i] += h;
        down[i] -= h;
        const numeric =
          (lnHyp2f1(up[0], up[1], up[2], up[3]) - lnHyp2f1(down[0], down[1], down[2], down[3])) / (2 * h);
        close(grad[i], numeric, 1e-6, `∂/∂${'abcz'[i]} at ${point}`);
      }
    }
  });

  test('is NaN outside its domain', () => {
    assert.ok(Number.isNaN(hyp2f1(1, 1, 2, 1.5)));
    assert.ok(Number.isNaN(hyp2f1(1, 1, -2, 0.3)));
  });
});
