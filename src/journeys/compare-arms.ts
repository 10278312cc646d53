/**
 * Conversion of one arm against another (a variant against the first, or the journey against its
 * holdout), the way a marketer needs it read:
 * - the difference of the two rates with a 95% interval: Newcombe's hybrid score interval (R. G.
 *   Newcombe, "Interval estimation for the difference between independent proportions", Statistics in
 *   Medicine 17, 1998, method 10), built from each arm's Wilson score interval; it behaves at rates
 *   near 0 and 1, where the textbook Wald interval does not;
 * - Pearson's χ² test of the 2×2 table (what Braze reports), a fixed-horizon p-value;
 * - an always-valid p-value, the mixture sequential probability ratio test (R. Johari, L. Pekelis,
 *   D. Walsh, "Always Valid Inference: Continuous Monitoring of A/B Tests", 2017; normal mixture on the
 *   difference): its false-positive rate holds however often someone looks, so the verdict uses it,
 *   and only once both arms reached a minimum sample. Peeking at the χ² p-value every day and stopping
 *   at the first p < 0.05 would declare a winner far more often than 5% of the time.
 */

export type Arm = { entries: number; converted: number };

export type Comparison = {
  rate: number;
  baselineRate: number;
  /** rate − baselineRate, with its 95% interval. */
  difference: number;
  low: number;
  high: number;
  chiSquare: number;
  pValue: number;
  alwaysValidPValue: number;
  /** Conversions this arm had beyond what the baseline's rate would have given it. */
  incremental: number;
  verdict: 'not-enough-data' | 'better' | 'worse' | 'no-difference';
  /** The verdict in plain words. */
  summary: string;
};

const Z95 = 1.959963984540054;

/** Both arms need at least this many entries, and 5 conversions and 5 non-conversions, before a verdict. */
export const MIN_ENTRIES = 100;

/** Wilson's score interval for one proportion. */
function wilson(x: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** The upper tail of the standard normal, via the complementary error function (W. J. Cody's rational approximations are overkill here: Abramowitz and Stegun 7.1.26 is good to 1.5e-7). */
function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Compares `arm` with `baseline`. */
export function compareArms(arm: Arm, baseline: Arm): Comparison {
  const [n1, x1, n0, x0] = [arm.entries, arm.converted, baseline.entries, baseline.converted];
  const p1 = n1 ? x1 / n1 : 0;
  const p0 = n0 ? x0 / n0 : 0;
  const d = p1 - p0;
  const [l1, u1] = wilson(x1, n1);
  const [l0, u0] = wilson(x0, n0);
  const low = d - Math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2);
  const high = d + Math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2);

  // Pearson's χ² for the 2×2 table, without continuity correction; 1 degree of freedom.
  const n = n0 + n1;
  const x = x0 + x1;
  const chiSquare =
    n && x && n - x && n0 && n1 ? (n * (x1 * (n0 - x0) - x0 * (n1 - x1)) ** 2) / (n1 * n0 * x * (n - x)) : 0;
  const pValue = 2 * normalTail(Math.sqrt(chiSquare));

  // mSPRT with a N(0, τ²) mixture over the difference; τ on the scale of the effects journeys have.
  const variance = (n1 ? (p1 * (1 - p1)) / n1 : 0) + (n0 ? (p0 * (1 - p0)) / n0 : 0);
  const tau2 = Math.max(0.01, 0.25 * ((p0 + p1) / 2)) ** 2;
  const lambda =
    variance > 0
      ? Math.sqrt(variance / (variance + tau2)) *
        Math.exp((d * d * tau2) / (2 * variance * (variance + tau2)))
      : 1;
  const alwaysValidPValue = Math.min(1, 1 / lambda);

  const enough = [n1, n0].every((k) => k >= MIN_ENTRIES) && [x1, n1 - x1, x0, n0 - x0].every((k) => k >= 5);
  const verdict = !enough
    ? 'not-enough-data'
    : alwaysValidPValue >= 0.05
      ? 'no-difference'
      : d > 0
        ? 'better'
        : 'worse';
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const summary =
    verdict === 'not-enough-data'
      ? `not enough data yet: each side needs ${MIN_ENTRIES} entries and 5 conversions and non-conversions (${n1} and ${n0} entries so far)`
      : verdict === 'no-difference'
        ? `no clear difference yet: ${pct(p1)} against ${pct(p0)}, the difference between ${pct(low)} and ${pct(high)}`
        : `${verdict === 'better' ? 'converts better' : 'converts worse'}: ${pct(p1)} against ${pct(p0)} (${d > 0 ? '+' : ''}${pct(d)}, between ${pct(low)} and ${pct(high)})`;
  return {
    rate: p1,
    baselineRate: p0,
    difference: d,
    low,
    high,
    chiSquare,
    pValue,
    alwaysValidPValue,
    incremental: d * n1,
    verdict,
    summary,
  };
}
