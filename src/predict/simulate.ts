/**
 * Seeded simulation of customer bases from the BG/NBD purchase process (Fader, Hardie & Lee 2005) and
 * the Gamma-Gamma spend process, for parameter-recovery tests and benchmarks.
 */
import type { BgNbdParams } from './bg-nbd.ts';
import type { GammaGammaParams } from './gamma-gamma.ts';
import { type CustomerSummary, type TimeUnit, unitMs } from './summary.ts';

/** A seeded uniform generator on (0, 1): xoshiro128** (Blackman & Vigna) seeded through splitmix32. */
export function createRng(seed: number): () => number {
  let z = seed >>> 0;
  const next32 = () => {
    z = (z + 0x9e3779b9) >>> 0;
    let v = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    v = Math.imul(v ^ (v >>> 13), 0xc2b2ae35);
    return (v ^ (v >>> 16)) >>> 0;
  };
  let s0 = next32();
  let s1 = next32();
  let s2 = next32();
  let s3 = next32() | 1;
  const rotl = (v: number, k: number) => (v << k) | (v >>> (32 - k));
  const draw = () => {
    const out = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return out;
  };
  // 53 random bits, offset by half a step so that 0 and 1 never come out (logs stay finite).
  return () => ((draw() >>> 5) * 67108864 + (draw() >>> 6) + 0.5) / 9007199254740992;
}

/** A standard normal draw (Marsaglia's polar method). */
export function sampleNormal(rng: () => number): number {
  for (;;) {
    const u = 2 * rng() - 1;
    const v = 2 * rng() - 1;
    const q = u * u + v * v;
    if (q > 0 && q < 1) return u * Math.sqrt((-2 * Math.log(q)) / q);
  }
}

/** A Gamma(shape, rate) draw: Marsaglia & Tsang (2000), boosted by U^(1/shape) for shape < 1. */
export function sampleGamma(rng: () => number, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1, rate) * rng() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleNormal(rng);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
      return (d * v) / rate;
    }
  }
}

/** A Beta(a, b) draw as a ratio of gammas. */
export function sampleBeta(rng: () => number, a: number, b: number): number {
  const x = sampleGamma(rng, a, 1);
  return x / (x + sampleGamma(rng, b, 1));
}

export type SimulationOptions = {
  customers: number;
  seed: number;
  /** Length of the calibration period, in `unit`. */
  calibration: number;
  /** First purchases are uniform over [0, births) (default: the whole calibration period). */
  births?: number;
  /** Holdout period after calibration whose purchases are counted per customer (default 0). */
  holdout?: number;
  /** Default 'days'. */
  unit?: TimeUnit;
  /**
   * When true (the default), time is bucketed into whole units as summarize() buckets UTC days:
   * purchases in the same unit merge, t_x and T are differences of unit numbers, and the calibration
   * covers units 0 … calibration − 1. When false, times stay continuous, as the model assumes.
   */
  discrete?: boolean;
};

/**
 * Simulates purchase histories: λ ~ Gamma(r, α), p ~ Beta(a, b); Poisson purchases at rate λ from a
 * first purchase at the birth time; after each repeat purchase the customer drops out with probability
 * p. With `spend`, each purchase has a value ~ Gamma(p, ν) with ν ~ Gamma(q, γ) per customer. Returns
 * the calibration summary (the clock starts at epoch 0) and each customer's holdout purchase count.
 */
export function simulateBgNbd(
  params: BgNbdParams,
  spend: GammaGammaParams | null,
  options: SimulationOptions,
): { summary: CustomerSummary; holdout: Float64Array } {
  const rng = createRng(options.seed);
  const n = options.customers;
  const unit = options.unit ?? 'days';
  const discrete = options.discrete ?? true;
  const end = options.calibration;
  const stop = end + (options.holdout ?? 0);
  const births = options.births ?? end;
  const cols = {
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    monetary: new Float64Array(n),
    total: new Float64Array(n),
    first: new Float64Array(n),
  };
  const holdout = new Float64Array(n);
  const bucket = (t: number) => (discrete ? Math.floor(t) : t);
  const last = discrete ? end - 1 : end;
  for (let i = 0; i < n; i++) {
    const lambda = sampleGamma(rng, params.r, params.alpha);
    const p = sampleBeta(rng, params.a, params.b);
    const nu = spend ? sampleGamma(rng, spend.q, spend.gamma) : 0;
    const value = () => (spend ? sampleGamma(rng, spend.p, nu) : 0);
    let t = rng() * births;
    const first = bucket(t);
    let prev = first; // last calibration purchase
    let prevHold = Number.NaN; // last holdout purchase
    let x = 0;
    let firstValue = value();
    let total = firstValue;
    for (;;) {
      t += -Math.log(rng()) / lambda;
      if (!(t < stop)) break;
      const when = bucket(t);
      const v = value();
      if (when <= last) {
        if (when !== prev) x++;
        if (x === 0) firstValue += v;
        total += v;
        prev = when;
      } else if (when !== prevHold) {
        holdout[i]++;
        prevHold = when;
      }
      if (rng() < p) break;
    }
    cols.x[i] = x;
    cols.tx[i] = prev - first;
    cols.T[i] = last - first;
    cols.monetary[i] = x > 0 ? (total - firstValue) / x : 0;
    cols.total[i] = total;
    cols.first[i] = first * unitMs(unit);
  }
  return {
    summary: {
      unit,
      until: Math.round(end * unitMs(unit)),
      size: n,
      ids: Array.from({ length: n }, (_, i) => i),
      ...cols,
    },
    holdout,
  };
}
