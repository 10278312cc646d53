import { type PeriodUnit, periodFromIndex, periodIndex, periodLabel } from './periods.ts';
import { IdIndex } from './stats.ts';

/** When a customer was first seen. */
export type FirstSeen = { c: number; t0: number };

/** Any activity of a customer. */
export type ActivityEvent = { c: number; t: number };

export type LifecycleChartOptions = {
  unit: PeriodUnit;
  /** The chart shows every period touching [from, to). */
  from: number;
  to: number;
};

export type LifecyclePeriod = {
  label: string;
  start: number;
  /** First seen in this period. */
  new: number;
  /** Active in this period and the previous one. */
  returning: number;
  /** Active in this period, not in the previous one, and first seen before it. */
  resurrecting: number;
  /** Active in the previous period, not in this one: a positive count, to be drawn below zero. */
  dormant: number;
  /** new + returning + resurrecting. */
  active: number;
};

/**
 * The lifecycle chart (as in product-analytics tools): each period's active customers split into new,
 * returning and resurrecting, and the customers who went dormant.
 *
 * - A customer is active in a period when they have an activity row in it, or were first seen in it
 *   (first seen is an activity). Activity before the customer's first seen is ignored, as are customers
 *   with no first-seen row; a customer listed twice keeps the earliest first seen.
 * - The categories of a period are exclusive: new wins over returning/resurrecting.
 * - The first period is judged against the one before it, so activity must cover that period too
 *   (from the start of the period before `from`).
 */
export function computeLifecycleChart(
  firstSeen: readonly FirstSeen[],
  activity: readonly ActivityEvent[],
  options: LifecycleChartOptions,
): LifecyclePeriod[] {
  const { unit, from, to } = options;
  if (!(to > from)) return [];
  const first = periodIndex(from, unit);
  // Positions: 0 is the period before the range, 1..n the periods shown.
  const n = periodIndex(to - 1, unit) - first + 1;
  const M = firstSeen.length;
  const ids = new Float64Array(M);
  for (let i = 0; i < M; i++) ids[i] = firstSeen[i].c;
  const index = new IdIndex(ids);
  const t0 = new Float64Array(M).fill(Infinity);
  for (let i = 0; i < M; i++) {
    const slot = index.get(firstSeen[i].c);
    if (firstSeen[i].t0 < t0[slot]) t0[slot] = firstSeen[i].t0;
  }

  // Cells (customer slot, position), the first-seen ones included; then grouped by slot (counting sort).
  const cap = activity.length + M;
  const cellSlot = new Int32Array(cap);
  const cellPos = new Int32Array(cap);
  const newPos = new Int32Array(M).fill(-1);
  const counts = new Uint32Array(M + 1);
  const fresh = new Float64Array(n + 1);
  let cells = 0;
  for (let slot = 0; slot < M; slot++) {
    if (t0[slot] === Infinity) continue;
    const pos = periodIndex(t0[slot], unit) - first + 1;
    if (pos < 0 || pos > n) continue;
    newPos[slot] = pos;
    if (pos >= 1) fresh[pos]++;
    cellSlot[cells] = slot;
    cellPos[cells++] = pos;
    counts[slot + 1]++;
  }
  for (let i = 0; i < activity.length; i++) {
    const row = activity[i];
    const slot = index.get(row.c);
    if (slot < 0 || row.t < t0[slot]) continue;
    const pos = periodIndex(row.t, unit) - first + 1;
    if (pos < 0 || pos > n) continue;
    cellSlot[cells] = slot;
    cellPos[cells++] = pos;
    counts[slot + 1]++;
  }
  for (let s = 1; s <= M; s++) counts[s] += counts[s - 1];
  const grouped = new Int32Array(cells);
  const next = counts.slice(0, M);
  for (let i = 0; i < cells; i++) grouped[next[cellSlot[i]]++] = cellPos[i];

  const returning = new Float64Array(n + 2);
  const resurrecting = new Float64Array(n + 2);
  const dormant = new Float64Array(n + 2);
  // 1: active in the position; 2: active and already counted.
  const flag = new Uint8Array(n + 2);
  for (let slot = 0; slot < M; slot++) {
    const a = counts[slot];
    const b = counts[slot + 1];
    if (a === b) continue;
    for (let i = a; i < b; i++) flag[grouped[i]] = 1;
    for (let i = a; i < b; i++) {
      const pos = grouped[i];
      if (flag[pos] === 2) continue;
      flag[pos] = 2;
      if (pos < n && flag[pos + 1] === 0) dormant[pos + 1]++;
      if (pos === 0 || pos === newPos[slot]) continue;
      if (flag[pos - 1] !== 0) returning[pos]++;
      else resurrecting[pos]++;
    }
    for (let i = a; i < b; i++) flag[grouped[i]] = 0;
  }

  const out: LifecyclePeriod[] = [];
  for (let pos = 1; pos <= n; pos++) {
    const start = periodFromIndex(first + pos - 1, unit);
    out.push({
      label: periodLabel(start, unit),
      start,
      new: fresh[pos],
      returning: returning[pos],
      resurrecting: resurrecting[pos],
      dormant: dormant[pos],
      active: fresh[pos] + returning[pos] + resurrecting[pos],
    });
  }
  return out;
}
