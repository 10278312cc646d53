import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bgNbdConditionalExpected, bgNbdPAlive } from './bg-nbd-predict.ts';
import { customerClv } from './clv.ts';
import { CHURN_TIERS, churnTier, quintileScores, rfmScores, scoreCustomers } from './score.ts';
import { createRng } from './simulate.ts';
import type { CustomerSummary } from './summary.ts';

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };

function summaryOf(rows: [number, number, number, number, number][]): CustomerSummary {
  const col = (k: number) => Float64Array.from(rows, (r) => r[k]);
  return {
    unit: 'weeks',
    until: 0,
    size: rows.length,
    ids: rows.map((_, i) => i),
    x: col(0),
    tx: col(1),
    T: col(2),
    monetary: col(3),
    total: col(4),
    first: new Float64Array(rows.length),
  };
}

describe('RFM quintiles', () => {
  test('score 1 + floor(5 · strictly-worse / n); ties share the lowest', () => {
    assert.deepEqual([...quintileScores([30, 10, 50, 20, 40], true)], [3, 1, 5, 2, 4]);
    assert.deepEqual([...quintileScores([0, 7, 0, 5, 0], true)], [1, 5, 1, 4, 1]);
    // Lower is better: 1 beats two of four customers → 1 + floor(10/4) = 3.
    assert.deepEqual([...quintileScores([1, 10, 3, 1], false)], [3, 1, 2, 3]);
  });

  test('agree with counting the strictly worse customers directly', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 100; trial++) {
      const n = 1 + Math.floor(rng() * 30);
      const values = Array.from({ length: n }, () => Math.floor(rng() * 6));
      for (const higherIsBetter of [true, false]) {
        const scores = quintileScores(values, higherIsBetter);
        values.forEach((v, i) => {
          const worse = values.filter((u) => (higherIsBetter ? u < v : u > v)).length;
          assert.equal(scores[i], 1 + Math.floor((5 * worse) / n), `${values} at ${i}`);
        });
      }
    }
  });

  test('recency from T − t_x, frequency from x, monetary from the total', () => {
    const s = summaryOf([
      [0, 0, 30, 0, 10],
      [5, 29, 30, 20, 200],
      [2, 10, 30, 15, 50],
      [1, 25, 26, 40, 90],
    ]);
    const rfm = rfmScores(s);
    // since last purchase: 30, 1, 20, 1
    assert.deepEqual([...rfm.recency], [1, 3, 2, 3]);
    assert.deepEqual([...rfm.frequency], [1, 4, 3, 2]);
    assert.deepEqual([...rfm.monetary], [1, 4, 2, 3]);
  });
});

describe('churn tiers', () => {
  test('thresholds, and unknown for one-time buyers under BG/NBD', () => {
    assert.equal(churnTier(0.7, 2), 'low');
    assert.equal(churnTier(0.69, 2), 'medium');
    assert.equal(churnTier(0.3, 2), 'medium');
    assert.equal(churnTier(0.29, 2), 'high');
    assert.equal(churnTier(1, 0), 'unknown');
    assert.equal(churnTier(0.5, 0, 'pareto-nbd'), 'medium');
    assert.equal(churnTier(Number.NaN, 3, 'pareto-nbd'), 'unknown');
    assert.equal(churnTier(0.85, 1, 'bg-nbd', { low: 0.9, medium: 0.5 }), 'medium');
  });
});

describe('scoreCustomers', () => {
  test('gives each customer the single-customer predictions', () => {
    const s = summaryOf([
      [0, 0, 30, 0, 10],
      [5, 29, 30, 20, 200],
      [2, 10, 30, 15, 50],
      [5, 29, 30, 60, 400],
      [1, 2, 30, 40, 90],
    ]);
    const options = { horizon: 26, annualDiscountRate: 0.15 };
    const scores = scoreCustomers({ bgNbd: { params: BG }, gammaGamma: { params: GG } }, s, options);
    for (let i = 0; i < s.size; i++) {
      const [x, tx, T, monetary] = [s.x[i], s.tx[i], s.T[i], s.monetary[i]];
      const p = bgNbdPAlive(BG, x, tx, T);
      assert.equal(scores.pAlive[i], p);
      const purchases = bgNbdConditionalExpected(BG, x, tx, T, 26);
      assert.ok(Math.abs(scores.purchases[i] - purchases) <= 1e-14 * purchases);
      const clv = customerClv(BG, GG, { x, tx, T, monetary }, { ...options, unit: 'weeks' });
      assert.ok(Math.abs(scores.clv[i] - clv) <= 1e-14 * clv);
      assert.equal(CHURN_TIERS[scores.churn[i]], churnTier(p, x));
    }
    assert.deepEqual(
      Array.from(scores.churn, (c) => CHURN_TIERS[c]),
      ['unknown', 'low', 'medium', 'low', 'high'],
    );
  });
});
