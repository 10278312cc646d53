import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GroupedValues, IdIndex, median, orderByCustomerTime, percentile, summarize } from './stats.ts';

describe('percentiles', () => {
  test('linear interpolation between closest ranks', () => {
    assert.equal(median([2, 1]), 1.5);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9), 10);
    assert.equal(percentile([10, 20], 0.9), 19);
    assert.equal(percentile([7], 0.9), 7);
    assert.equal(median([]), null);
    assert.deepEqual(summarize(new Float64Array([4, 1, 3, 2])), { count: 4, median: 2.5, p90: 3.7 });
  });

  test('the input is not changed', () => {
    const values = [3, 1, 2];
    median(values);
    assert.deepEqual(values, [3, 1, 2]);
  });
});

/** The expected order, by a plain comparison sort. */
function expected(c: number[], t: number[], k: number[]): number[] {
  return c.map((_, i) => i).sort((a, b) => c[a] - c[b] || t[a] - t[b] || k[a] - k[b] || a - b);
}

describe('orderByCustomerTime', () => {
  for (const [name, idScale, idRange] of [
    ['dense ids', 1, 400],
    ['sparse ids', 2 ** 40, 400],
    // Ids 2^22 apart over 2048 values: the third 11-bit digit (bits 22–32) holds all that tells them
    // apart, and its top bit is bit 32, which lives in the high word.
    ['ids told apart by the digit that crosses bit 32', 2 ** 22, 2048],
  ] as const) {
    test(`matches a comparison sort, stably (${name})`, () => {
      let seed = 7;
      const rnd = (n: number) => {
        seed = (seed * 48_271) % 2_147_483_647;
        return seed % n;
      };
      const n = 5000;
      const c = Array.from({ length: n }, () => 1 + rnd(idRange) * idScale);
      const t = Array.from({ length: n }, () => 1_700_000_000_000 + rnd(50) * 1000);
      const k = Array.from({ length: n }, () => rnd(3));
      // One customer with a long history, so the non-insertion path runs too.
      for (let i = 0; i < 200; i++) c[i] = 999 * idScale;
      const sorted = orderByCustomerTime(c, t, Uint8Array.from(k));
      const want = expected(c, t, k);
      assert.deepEqual(Array.from(sorted.order), want);
      assert.deepEqual(
        Array.from(sorted.customers),
        want.map((i) => c[i]),
      );
      assert.deepEqual(
        Array.from(sorted.times),
        want.map((i) => t[i]),
      );
    });
  }

  test('already ordered and non-integer inputs', () => {
    assert.deepEqual(Array.from(orderByCustomerTime([1, 1, 2], [5, 6, 1]).order), [0, 1, 2]);
    assert.deepEqual(Array.from(orderByCustomerTime([2.5, 1, 1], [1, 6, 5]).order), [2, 1, 0]);
  });
});

describe('IdIndex', () => {
  test('dense and sparse ids; a repeated id keeps its first slot', () => {
    const dense = new IdIndex([5, 3, 5, 9]);
    assert.deepEqual(
      [dense.get(5), dense.get(3), dense.get(9), dense.get(4), dense.get(100), dense.get(1.5)],
      [0, 1, 3, -1, -1, -1],
    );
    const sparse = new IdIndex([2 ** 40, 7]);
    assert.deepEqual([sparse.get(2 ** 40), sparse.get(7), sparse.get(8)], [0, 1, -1]);
  });
});

describe('selection-based summaries', () => {
  test('agree with sorting, on random values with many ties', () => {
    let seed = 11;
    for (const n of [1, 2, 3, 10, 101, 1000, 5000]) {
      const values = Array.from({ length: n }, () => {
        seed = (seed * 48_271) % 2_147_483_647;
        return seed % 50;
      });
      const sorted = [...values].sort((a, b) => a - b);
      for (const p of [0, 0.1, 0.5, 0.9, 1]) {
        const h = (n - 1) * p;
        const lo = Math.floor(h);
        const want = lo >= n - 1 ? sorted[n - 1] : sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
        assert.ok(Math.abs((percentile(values, p) ?? Number.NaN) - want) < 1e-9, `n=${n} p=${p}`);
      }
    }
  });

  test('GroupedValues summarizes each group', () => {
    const grouped = new GroupedValues(3, 2);
    for (const [g, v] of [
      [0, 5],
      [2, 1],
      [0, 1],
      [0, 3],
      [2, 3],
    ]) {
      grouped.add(g, v);
    }
    assert.deepEqual(grouped.summaries(), [
      { count: 3, median: 3, p90: 4.6 },
      { count: 0, median: null, p90: null },
      { count: 2, median: 2, p90: 2.8 },
    ]);
  });
});

test('orderByCustomerTime carries the payload along', () => {
  const sorted = orderByCustomerTime(
    [2, 1, 2, 1],
    [5, 9, 1, 3],
    undefined,
    Float64Array.from([10, 20, 30, 40]),
  );
  assert.deepEqual(Array.from(sorted.order), [3, 1, 2, 0]);
  assert.deepEqual(Array.from(sorted.payload ?? []), [40, 20, 30, 10]);
  const many = orderByCustomerTime(
    Array.from({ length: 3000 }, (_, i) => 3000 - i),
    Array.from({ length: 3000 }, () => 0),
    undefined,
    Float64Array.from({ length: 3000 }, (_, i) => i),
  );
  assert.equal(many.payload?.[0], 2999);
});
