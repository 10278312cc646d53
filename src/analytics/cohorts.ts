import { type PeriodUnit, periodFromIndex, periodIndex, periodLabel } from './periods.ts';
import { IdIndex } from './stats.ts';

/** A customer and the time that puts them in a cohort (first seen, first purchase, …). */
export type CohortMember = { c: number; t0: number };

/** A return event; `v` is its revenue when it has one. */
export type CohortActivity = { c: number; t: number; v?: number | null };

export type CohortOptions = {
  unit: PeriodUnit;
  /** Periods per cohort: k = 0..periods − 1. */
  periods: number;
  /** Members with from ≤ t0 < to are analysed; align both to period starts for whole cohorts. */
  from: number;
  to: number;
  /** Cells of periods starting after `now` are null; a period holding `now` is in progress. */
  now: number;
};

export type Cohort = {
  label: string;
  start: number;
  size: number;
  /** Customers with activity in the cohort's period k. Null when period k starts after `now`. */
  active: (number | null)[];
  /** active / size; null when not observable or the cohort is empty. */
  retention: (number | null)[];
  /** Revenue (sum of `v`) of the cohort's activity in period k; null when not observable. */
  revenue: (number | null)[];
  /** Revenue of periods 0..k divided by size; null when not observable or the cohort is empty. */
  cumulativeRevenuePerCustomer: (number | null)[];
  /** Periods that have ended by `now` (cells 0..complete − 1); the next one, if observable, is in progress. */
  complete: number;
};

export type CohortAverage = {
  /** Σ active / Σ size over the cohorts whose period k has ended; null when there are none. */
  retention: (number | null)[];
  /** Σ revenue of periods 0..k / Σ size, over the same cohorts. */
  cumulativeRevenuePerCustomer: (number | null)[];
  /** Σ size behind each average (the customers it is weighted over). */
  customers: number[];
};

export type CohortTable = { unit: PeriodUnit; periods: number; cohorts: Cohort[]; average: CohortAverage };

/**
 * Retention and revenue cohorts.
 *
 * - A customer's cohort is the period holding their t0; cohorts are every period from that of `from` to
 *   that of `to − 1`, empty ones included. A customer listed twice keeps the earliest t0.
 * - Period k of a cohort is the period index(t0's period) + k (calendar periods, not 7-day or 30-day
 *   blocks from t0). A customer is active in period k when they have activity in it at or after t0;
 *   activity before t0 is ignored, so period 0 counts the cohort event itself when it is part of the
 *   activity (first seen × any event: 100%) and only activity from t0 on otherwise.
 * - Revenue sums `v` (non-numbers ignored) over the same rows, per period; cumulative revenue per
 *   customer divides periods 0..k by the cohort's size.
 * - Cells of periods that start after `now` are null (not yet observable), not 0. The average row is
 *   weighted by size over complete periods only (ended by `now`), so an in-progress period does not
 *   drag it down.
 */
export function computeCohorts(
  members: readonly CohortMember[],
  activity: readonly CohortActivity[],
  options: CohortOptions,
): CohortTable {
  const { unit, periods: N, from, to, now } = options;
  if (!(Number.isInteger(N) && N >= 1)) throw new RangeError('periods must be 1 or more');
  const first = periodIndex(from, unit);
  const cohortCount = to > from ? periodIndex(to - 1, unit) - first + 1 : 0;

  const ids = new Float64Array(members.length);
  for (let i = 0; i < members.length; i++) ids[i] = members[i].c;
  const index = new IdIndex(ids);
  // Per member slot: t0 (earliest), its period index, its cohort (−1: outside [from, to)).
  const t0 = new Float64Array(members.length).fill(Infinity);
  for (let i = 0; i < members.length; i++) {
    const slot = index.get(members[i].c);
    if (members[i].t0 < t0[slot]) t0[slot] = members[i].t0;
  }
  const p0 = new Float64Array(members.length);
  const cohortOf = new Int32Array(members.length).fill(-1);
  const size = new Float64Array(cohortCount);
  for (let slot = 0; slot < members.length; slot++) {
    if (!(t0[slot] >= from && t0[slot] < to)) continue;
    p0[slot] = periodIndex(t0[slot], unit);
    cohortOf[slot] = p0[slot] - first;
    size[cohortOf[slot]]++;
  }

  // A bitset of the periods each member was active in, so a customer counts once per cell.
  const words = Math.ceil(N / 32);
  const seen = new Uint32Array(members.length * words);
  const active = new Float64Array(cohortCount * N);
  const revenue = new Float64Array(cohortCount * N);
  for (let i = 0; i < activity.length; i++) {
    const row = activity[i];
    const slot = index.get(row.c);
    if (slot < 0 || cohortOf[slot] < 0 || row.t < t0[slot]) continue;
    const k = periodIndex(row.t, unit) - p0[slot];
    if (k >= N) continue;
    const cell = cohortOf[slot] * N + k;
    const word = slot * words + (k >>> 5);
    const bit = 1 << (k & 31);
    if (!(seen[word] & bit)) {
      seen[word] |= bit;
      active[cell]++;
    }
    const v = row.v;
    if (typeof v === 'number' && Number.isFinite(v)) revenue[cell] += v;
  }

  const nowIndex = periodIndex(now, unit);
  const cohorts: Cohort[] = [];
  const avgActive = new Float64Array(N);
  const avgRevenue = new Float64Array(N);
  const avgSize = new Float64Array(N);
  for (let q = 0; q < cohortCount; q++) {
    const start = periodFromIndex(first + q, unit);
    const n = size[q];
    const cohort: Cohort = {
      label: periodLabel(start, unit),
      start,
      size: n,
      active: [],
      retention: [],
      revenue: [],
      cumulativeRevenuePerCustomer: [],
      complete: 0,
    };
    let cumulative = 0;
    for (let k = 0; k < N; k++) {
      const p = first + q + k;
      const observable = periodFromIndex(p, unit) <= now;
      const cell = q * N + k;
      cumulative += revenue[cell];
      cohort.active.push(observable ? active[cell] : null);
      cohort.retention.push(observable && n > 0 ? active[cell] / n : null);
      cohort.revenue.push(observable ? revenue[cell] : null);
      cohort.cumulativeRevenuePerCustomer.push(observable && n > 0 ? cumulative / n : null);
      // Complete: the period has ended (its successor started) by now.
      if (p < nowIndex) {
        cohort.complete = k + 1;
        avgActive[k] += active[cell];
        avgRevenue[k] += cumulative;
        avgSize[k] += n;
      }
    }
    cohorts.push(cohort);
  }
  const average: CohortAverage = { retention: [], cumulativeRevenuePerCustomer: [], customers: [] };
  for (let k = 0; k < N; k++) {
    average.retention.push(avgSize[k] > 0 ? avgActive[k] / avgSize[k] : null);
    average.cumulativeRevenuePerCustomer.push(avgSize[k] > 0 ? avgRevenue[k] / avgSize[k] : null);
    average.customers.push(avgSize[k]);
  }
  return { unit, periods: N, cohorts, average };
}
