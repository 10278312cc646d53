import { type PeriodUnit, periodFromIndex, periodIndex, periodLabel } from '../periods.ts';
import { percentileOfSorted } from '../stats.ts';

/**
 * The periods of a KPI range. Slot i is the calendar period `starts[i]`, clipped to [from, to): the first
 * and last periods count only their part inside the range. A slot that begins after `now` is not
 * observable yet and reports null.
 */
export class Slots {
  readonly from: number;
  readonly to: number;
  readonly unit: PeriodUnit;
  readonly now: number;
  /** The calendar start of each period (the first may be before `from`). */
  readonly starts: number[];
  readonly labels: string[];
  readonly count: number;
  readonly #first: number;

  constructor(from: number, to: number, unit: PeriodUnit, now: number) {
    this.from = from;
    this.to = to;
    this.unit = unit;
    this.now = now;
    this.#first = periodIndex(from, unit);
    this.count = periodIndex(to - 1, unit) - this.#first + 1;
    this.starts = Array.from({ length: this.count }, (_, i) => periodFromIndex(this.#first + i, unit));
    this.labels = this.starts.map((s) => periodLabel(s, unit));
  }

  /** The slot holding t; −1 outside [from, to). */
  slot(t: number): number {
    return t >= this.from && t < this.to ? periodIndex(t, this.unit) - this.#first : -1;
  }

  /** Where slot i begins inside the range. */
  begin(i: number): number {
    return Math.max(this.starts[i], this.from);
  }

  /** Where slot i ends inside the range (exclusive). */
  end(i: number): number {
    return i + 1 < this.count ? this.starts[i + 1] : this.to;
  }

  observable(i: number): boolean {
    return this.begin(i) <= this.now;
  }

  /** Per-slot values with null for the slots not yet observable. */
  series(values: ArrayLike<number | null>): (number | null)[] {
    return Array.from({ length: this.count }, (_, i) => (this.observable(i) ? values[i] : null));
  }
}

/** A dimension value of a KPI (a channel, a campaign, a tier). */
export type KpiBreakdownItem = { dimension: string; key: string; value: number | null };

/** A KPI over the whole range and per slot. */
export type KpiValues = { value: number | null; series: (number | null)[]; breakdown?: KpiBreakdownItem[] };

/** Zeros, one per slot. */
export const perSlot = (slots: Slots) => new Float64Array(slots.count);

/** n / d (times scale); null when d is 0. */
export const divide = (n: number, d: number, scale = 1): number | null => (d > 0 ? (scale * n) / d : null);

/** A sum per slot; null over the range when nothing was counted anywhere (no data). */
export function sumValues(slots: Slots, sums: Float64Array, hasData: boolean): KpiValues {
  if (!hasData) return noData(slots);
  let total = 0;
  for (const s of sums) total += s;
  return { value: total, series: slots.series(sums) };
}

/** Null over the range and in every slot. */
export function noData(slots: Slots): KpiValues {
  return { value: null, series: new Array<null>(slots.count).fill(null) };
}

/** num / den per slot and over the range (given totals, as unique counts do not add up); null when den is 0. */
export function ratioValues(
  slots: Slots,
  num: Float64Array,
  den: Float64Array,
  totals: { num: number; den: number },
  scale = 1,
): KpiValues {
  return {
    value: divide(totals.num, totals.den, scale),
    series: slots.series(Array.from(num, (n, i) => divide(n, den[i], scale))),
  };
}

/** A ratio whose totals are the sums of its slots. */
export function summedRatio(slots: Slots, num: Float64Array, den: Float64Array, scale = 1): KpiValues {
  let n = 0;
  let d = 0;
  for (let i = 0; i < slots.count; i++) {
    n += num[i];
    d += den[i];
  }
  return ratioValues(slots, num, den, { num: n, den: d }, scale);
}

/** The median of each slot's values and of them all; null where there are none (or the median is unknown). */
export function medianValues(slots: Slots, slotOf: ArrayLike<number>, values: ArrayLike<number>): KpiValues {
  const bySlot: number[][] = Array.from({ length: slots.count }, () => []);
  const all: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (slotOf[i] < 0) continue;
    bySlot[slotOf[i]].push(values[i]);
    all.push(values[i]);
  }
  return { value: finiteMedian(all), series: slots.series(bySlot.map(finiteMedian)) };
}

/** Values may be Infinity (known only to exceed a bound): a median that lands on one is unknown. */
function finiteMedian(values: number[]): number | null {
  const m = percentileOfSorted(Float64Array.from(values).sort(), 0.5);
  return m !== null && Number.isFinite(m) ? m : null;
}

/**
 * Distinct customers per slot and over the range, from rows in (customer, time) order: a customer's slots
 * never decrease, so a customer counts in a slot when their slot changes.
 */
export function distinctPerSlot(
  slots: Slots,
  customers: ArrayLike<number>,
  times: ArrayLike<number>,
): { perSlot: Float64Array; total: number } {
  const counts = perSlot(slots);
  let total = 0;
  let lastCustomer = Number.NaN;
  let lastSlot = -1;
  for (let i = 0; i < customers.length; i++) {
    const s = slots.slot(times[i]);
    if (s < 0) continue;
    if (customers[i] !== lastCustomer) {
      lastCustomer = customers[i];
      lastSlot = -1;
      total++;
    }
    if (s !== lastSlot) {
      counts[s]++;
      lastSlot = s;
    }
  }
  return { perSlot: counts, total };
}

/** Breakdown items, largest first then by key. */
export function sortedBreakdown(dimension: string, values: Map<string, number | null>): KpiBreakdownItem[] {
  return [...values]
    .map(([key, value]) => ({ dimension, key, value }))
    .sort(
      (a, b) =>
        (b.value ?? -Infinity) - (a.value ?? -Infinity) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
}
