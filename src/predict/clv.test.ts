import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bgNbdConditionalExpected } from './bg-nbd-predict.ts';
import {
  customerClv,
  discountedPurchases,
  discountFactors,
  periodDiscountRate,
  periodEnds,
  unitsPerYear,
} from './clv.ts';
import { gammaGammaExpectedSpend } from './gamma-gamma.ts';

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('CLV', () => {
  test('converts the annual rate to the period and cuts the horizon into periods', () => {
    assert.equal(unitsPerYear('days'), 365.25);
    assert.ok(Math.abs(periodDiscountRate(0.1, 365.25, 'days') - 0.1) < 1e-15);
    assert.ok(Math.abs(periodDiscountRate(0.21, 365.25 / 14, 'weeks') - 0.1) < 1e-15); // half a year
    assert.deepEqual([...periodEnds({ horizon: 10, step: 4 }, 'weeks')], [4, 8, 10]);
    assert.deepEqual([...periodEnds({ horizon: 21 }, 'days')], [7, 14, 21]);
    const factors = discountFactors(
      Float64Array.of(365.25, 730.5),
      { horizon: 730.5, annualDiscountRate: 0.25 },
      'days',
    );
    assert.deepEqual([...factors], [0.8, 0.64]);
  });

  test('sums each period’s purchases times its discount factor', () => {
    // cumulative 1, 3, 4 → per period 1, 2, 1
    assert.equal(discountedPurchases([1, 3, 4], [0.5, 0.25, 0.125]), 1 * 0.5 + 2 * 0.25 + 1 * 0.125);
  });

  test('undiscounted CLV is expected purchases over the horizon times expected spend', () => {
    const history = { x: 3, tx: 20, T: 35, monetary: 30 };
    const clv = customerClv(BG, GG, history, { unit: 'weeks', horizon: 52, annualDiscountRate: 0 });
    const expected = bgNbdConditionalExpected(BG, 3, 20, 35, 52) * gammaGammaExpectedSpend(GG, 3, 30);
    assert.ok(Math.abs(clv - expected) < 1e-12 * expected);
    const discounted = customerClv(BG, GG, history, { unit: 'weeks', horizon: 52, annualDiscountRate: 0.1 });
    // Purchases spread over the year are discounted by between 1 and 1/1.1.
    assert.ok(discounted < clv && discounted > clv / 1.1);
  });
});
