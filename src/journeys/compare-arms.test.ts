import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareArms } from './compare-arms.ts';

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected} ± ${tolerance}`);

test("the difference's interval is Newcombe's method 10, the χ² Pearson's", () => {
  // Newcombe (1998), Table II, example (a): 56/70 against 48/80, interval 0.0524 to 0.3339.
  const c = compareArms({ entries: 70, converted: 56 }, { entries: 80, converted: 48 });
  near(c.difference, 0.2, 1e-12, 'difference');
  near(c.low, 0.0524, 5e-5, 'low');
  near(c.high, 0.3339, 5e-5, 'high');
  // 150 × (56·32 − 48·14)² / (70 · 80 · 104 · 46) = 7.0235; with 1 degree of freedom p = 0.0080.
  near(c.chiSquare, 7.0235, 5e-4, 'χ²');
  near(c.pValue, 0.00804, 5e-5, 'p');
  // Newcombe's example (h), a zero against zero: 0/10 against 0/20, interval −0.1611 to 0.2775.
  const z = compareArms({ entries: 10, converted: 0 }, { entries: 20, converted: 0 });
  near(z.low, -0.1611, 5e-5, 'low of 0/10 − 0/20');
  near(z.high, 0.2775, 5e-5, 'high of 0/10 − 0/20');
  near(z.pValue, 1, 1e-6, 'p of two zeros');
});

test('no verdict before the minimum sample; the always-valid p-value is stricter than the fixed-horizon one', () => {
  const small = compareArms({ entries: 60, converted: 30 }, { entries: 60, converted: 10 });
  assert.equal(small.verdict, 'not-enough-data');
  assert.match(small.summary, /^not enough data yet: each side needs 100 entries/);
  const clear = compareArms({ entries: 5000, converted: 600 }, { entries: 5000, converted: 450 });
  assert.equal(clear.verdict, 'better');
  assert.ok(clear.alwaysValidPValue < 0.05 && clear.alwaysValidPValue >= clear.pValue);
  near(clear.incremental, 150, 1e-9, 'incremental conversions');
  assert.match(clear.summary, /^converts better: 12\.0% against 9\.0% \(\+3\.0%, between /);
  // p < 0.05 by χ², but not by the always-valid test: a daily peek must not call this a winner.
  const borderline = compareArms({ entries: 2000, converted: 240 }, { entries: 2000, converted: 200 });
  assert.ok(borderline.pValue < 0.05, `χ² p ${borderline.pValue}`);
  assert.equal(borderline.verdict, 'no-difference');
  assert.equal(
    compareArms({ entries: 3000, converted: 200 }, { entries: 3000, converted: 330 }).verdict,
    'worse',
  );
});
