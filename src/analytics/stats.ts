/**
 * Numeric helpers shared by the analyses: percentiles, and the two things every analysis does first
 * with millions of rows: putting them in (customer, time) order and finding a customer's slot by id.
 */

/** The distribution of a set of durations (or any values): how many, the median and the 90th percentile. */
export type Summary = { count: number; median: number | null; p90: number | null };

/**
 * The p-quantile (0 ≤ p ≤ 1) of values already sorted ascending, by linear interpolation between the two
 * closest ranks: with n values x₀ ≤ … ≤ xₙ₋₁ and h = (n − 1)·p, it is x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋).
 * This is Hyndman & Fan's type 7, the default of NumPy and R, and PostgreSQL's `percentile_cont`, so the
 * median of [1, 2] is 1.5 and p90 of 1..11 is 10. Null when there are no values.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/**
 * Rearranges x so that x[k] holds the value of rank k, with no larger value before it and no smaller
 * one after (Hoare's selection, median-of-three pivots): O(n) on average, where sorting is O(n log n).
 */
function select(x: Float64Array, k: number): void {
  let lo = 0;
  let hi = x.length - 1;
  while (hi > lo) {
    const a = x[lo];
    const b = x[(lo + hi) >>> 1];
    const c = x[hi];
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (x[i] < pivot) i++;
      while (x[j] > pivot) j--;
      if (i <= j) {
        const swap = x[i];
        x[i++] = x[j];
        x[j--] = swap;
      }
    }
    // Now x[lo..j] ≤ pivot ≤ x[i..hi], and anything between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** The p-quantile (as `percentileOfSorted`) of values in a scratch array, which is reordered. */
function quantileInPlace(x: Float64Array, p: number): number | null {
  const n = x.length;
  if (n === 0) return null;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  select(x, lo);
  if (lo >= n - 1 || h === lo) return x[lo];
  // The next rank is the smallest value after position lo, all of which are ≥ x[lo].
  let upper = x[lo + 1];
  for (let i = lo + 2; i < n; i++) if (x[i] < upper) upper = x[i];
  return x[lo] + (h - lo) * (upper - x[lo]);
}

/**
 * The p-quantile of unsorted values, as `percentileOfSorted` (linear interpolation), by selection on a
 * copy: the input is not changed. Values must not be NaN.
 */
export function percentile(values: ArrayLike<number>, p: number): number | null {
  return quantileInPlace(new Float64Array(values), p);
}

/** The median (the 0.5-quantile by linear interpolation: the mean of the middle two for an even count). */
export function median(values: ArrayLike<number>): number | null {
  return percentile(values, 0.5);
}

/** Count, median and p90 of unsorted values (not NaN), by selection on one copy; the input is not changed. */
export function summarize(values: ArrayLike<number>): Summary {
  const copy = new Float64Array(values);
  return { count: copy.length, median: quantileInPlace(copy, 0.5), p90: quantileInPlace(copy, 0.9) };
}

const TWO_32 = 4_294_967_296;

function extent(values: ArrayLike<number>): { min: number; max: number; integral: boolean } {
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (!Number.isInteger(v)) integral = false;
  }
  return { min, max, integral: integral && max - min <= Number.MAX_SAFE_INTEGER };
}

/**
 * Rows in (customer, time) order: `order[i]` is the input row at position i, and `customers[i]`,
 * `times[i]` (and `payload[i]` when one was given) its values, moved along so that scans read memory
 * in sequence rather than gathering from random rows.
 */
export type RowOrder = {
  order: Uint32Array;
  customers: Float64Array;
  times: Float64Array;
  payload: Float64Array | null;
};

/** Sorts positions a..b−1 (one customer) by (time, tie), stably, moving every column together. */
function sortCustomer(s: RowOrder, k: Uint8Array, a: number, b: number): void {
  const { order, times: t, payload: v } = s;
  let inOrder = true;
  for (let i = a + 1; i < b && inOrder; i++)
    if (t[i] < t[i - 1] || (t[i] === t[i - 1] && k[i] < k[i - 1])) inOrder = false;
  // Short histories, or rows that came in time order, usually need nothing.
  if (inOrder) return;
  if (b - a > 32) {
    const rows = Array.from(order.subarray(a, b), (row, i) => ({
      row,
      t: t[a + i],
      k: k[a + i],
      v: v ? v[a + i] : 0,
    }));
    rows.sort((x, y) => x.t - y.t || x.k - y.k || x.row - y.row);
    for (let i = a; i < b; i++) {
      order[i] = rows[i - a].row;
      t[i] = rows[i - a].t;
      k[i] = rows[i - a].k;
      if (v) v[i] = rows[i - a].v;
    }
    return;
  }
  // Insertion sort, stable: a row moves past strictly later ones only.
  for (let i = a + 1; i < b; i++) {
    const row = order[i];
    const ti = t[i];
    const ki = k[i];
    const vi = v ? v[i] : 0;
    let j = i - 1;
    while (j >= a && (t[j] > ti || (t[j] === ti && k[j] > ki))) {
      order[j + 1] = order[j];
      t[j + 1] = t[j];
      k[j + 1] = k[j];
      if (v) v[j + 1] = v[j];
      j--;
    }
    order[j + 1] = row;
    t[j + 1] = ti;
    k[j + 1] = ki;
    if (v) v[j + 1] = vi;
  }
}

function emptyOrder(n: number, payload: Float64Array | undefined): RowOrder {
  return {
    order: new Uint32Array(n),
    customers: new Float64Array(n),
    times: new Float64Array(n),
    payload: payload ? new Float64Array(n) : null,
  };
}

/** Dense ids: a counting sort by customer that carries the columns along, then each customer sorted. */
function countingOrder(
  customers: ArrayLike<number>,
  times: ArrayLike<number>,
  tie: Uint8Array | undefined,
  payload: Float64Array | undefined,
  min: number,
  span: number,
): RowOrder {
  const n = customers.length;
  const starts = new Uint32Array(span + 2);
  for (let i = 0; i < n; i++) starts[customers[i] - min + 1]++;
  for (let d = 1; d <= span + 1; d++) starts[d] += starts[d - 1];
  const s = emptyOrder(n, payload);
  const k = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = starts[customers[i] - min]++;
    s.order[p] = i;
    s.times[p] = times[i];
    if (tie) k[p] = tie[i];
    if (payload) s.payload![p] = payload[i];
  }
  // starts[d] is now the end of customer d's rows.
  let a = 0;
  for (let d = 0; d <= span; d++) {
    const b = starts[d];
    if (b === a) continue;
    for (let i = a; i < b; i++) s.customers[i] = d + min;
    if (b - a > 1) sortCustomer(s, k, a, b);
    a = b;
  }
  return s;
}

/** Sparse ids: an LSD radix sort by customer on 11-bit digits (few buckets, so it stays in cache). */
function radixOrder(
  customers: ArrayLike<number>,
  times: ArrayLike<number>,
  tie: Uint8Array | undefined,
  payload: Float64Array | undefined,
  min: number,
  span: number,
): RowOrder {
  const n = customers.length;
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const d = customers[i] - min;
    lo[i] = d % TWO_32;
    hi[i] = Math.floor(d / TWO_32);
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(2049);
  for (let bit = 0; 2 ** bit <= span; bit += 11) {
    const key = bit < 32 ? lo : hi;
    const shift = bit < 32 ? bit : bit - 32;
    // A digit straddling bit 32 also takes the low bits of `hi`.
    const up = bit < 32 && bit + 11 > 32 ? 32 - shift : -1;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const r = order[i];
      counts[(((key[r] >>> shift) | (up >= 0 ? hi[r] << up : 0)) & 0x7ff) + 1]++;
    }
    for (let d = 1; d <= 2048; d++) counts[d] += counts[d - 1];
    for (let i = 0; i < n; i++) {
      const r = order[i];
      spare[counts[((key[r] >>> shift) | (up >= 0 ? hi[r] << up : 0)) & 0x7ff]++] = r;
    }
    [order, spare] = [spare, order];
  }
  const s = gathered(order, customers, times, payload);
  const k = new Uint8Array(n);
  if (tie) for (let i = 0; i < n; i++) k[i] = tie[order[i]];
  for (let a = 0; a < n; ) {
    let b = a + 1;
    while (b < n && s.customers[b] === s.customers[a]) b++;
    if (b - a > 1) sortCustomer(s, k, a, b);
    a = b;
  }
  return s;
}

function gathered(
  order: Uint32Array,
  customers: ArrayLike<number>,
  times: ArrayLike<number>,
  payload: Float64Array | undefined,
): RowOrder {
  const n = order.length;
  const s = emptyOrder(n, payload);
  s.order = order;
  for (let i = 0; i < n; i++) {
    const row = order[i];
    s.customers[i] = customers[row];
    s.times[i] = times[row];
    if (payload) s.payload![i] = payload[row];
  }
  return s;
}

/**
 * Puts columnar rows in (customer, time, tie) order, stably: rows equal on all three keep their input
 * order. `tie` orders one customer's rows of the same millisecond; `payload` is a column carried along.
 * When the rows are already in order and given as Float64Arrays, the result shares those arrays.
 * Rows already in order cost a pass; otherwise they are grouped by customer (a counting sort when ids
 * are dense, else a radix sort) and each customer's rows sorted by time: O(n) for short histories.
 */
export function orderByCustomerTime(
  customers: ArrayLike<number>,
  times: ArrayLike<number>,
  tie?: Uint8Array,
  payload?: Float64Array,
): RowOrder {
  const n = customers.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    const dc = customers[i] - customers[i - 1];
    const dt = times[i] - times[i - 1];
    if (dc < 0 || (dc === 0 && (dt < 0 || (dt === 0 && tie !== undefined && tie[i] < tie[i - 1]))))
      sorted = false;
  }
  if (sorted && customers instanceof Float64Array && times instanceof Float64Array) {
    // Already in order: the columns are used as they are, not copied.
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return { order, customers, times, payload: payload ?? null };
  }
  const c = sorted ? null : extent(customers);
  if (c === null || !c.integral) {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (!sorted) {
      const compare = (a: number, b: number) =>
        customers[a] - customers[b] || times[a] - times[b] || (tie ? tie[a] - tie[b] : 0) || a - b;
      order.set(Array.from(order).sort(compare));
    }
    return gathered(order, customers, times, payload);
  }
  const span = c.max - c.min;
  return span < Math.min(Math.max(8 * n, 65_536), 1 << 26)
    ? countingOrder(customers, times, tie, payload, c.min, span)
    : radixOrder(customers, times, tie, payload, c.min, span);
}

/**
 * Finds the slot (0..n−1, the position in the list it was built from) of a customer id; −1 when absent.
 * A typed array indexed by id when the ids are dense enough, else a Map. A repeated id keeps its first slot.
 */
export class IdIndex {
  readonly size: number;
  private readonly dense: Int32Array | null;
  private readonly map: Map<number, number> | null;

  constructor(ids: ArrayLike<number>) {
    const n = ids.length;
    this.size = n;
    let max = 0;
    let integral = true;
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      if (id > max) max = id;
      if (!(Number.isInteger(id) && id >= 0)) integral = false;
    }
    // Dense up to 8 slots per customer (≤ 128 MB); ids are database row ids, so usually far below.
    if (integral && max < Math.min(Math.max(8 * n, 65_536), 1 << 25)) {
      const dense = new Int32Array(max + 1).fill(-1);
      for (let i = n - 1; i >= 0; i--) dense[ids[i]] = i;
      this.dense = dense;
      this.map = null;
    } else {
      const map = new Map<number, number>();
      for (let i = n - 1; i >= 0; i--) map.set(ids[i], i);
      this.dense = null;
      this.map = map;
    }
  }

  get(id: number): number {
    if (this.dense) {
      const slot = id >= 0 && id < this.dense.length ? this.dense[id] : -1;
      return slot === undefined ? -1 : slot;
    }
    return this.map!.get(id) ?? -1;
  }
}

/**
 * Values tagged with a small group number (a stage, a step), collected in one growing buffer and
 * summarized per group at the end: no array per group, no per-value allocation.
 */
export class GroupedValues {
  readonly groups: number;
  length = 0;
  private values: Float64Array;
  private tags: Uint32Array;

  /** `capacity`: the number of values expected, when known, so the buffer never grows. */
  constructor(groups: number, capacity = 1024) {
    this.groups = groups;
    this.values = new Float64Array(Math.max(capacity, 16));
    this.tags = new Uint32Array(Math.max(capacity, 16));
  }

  add(group: number, value: number): void {
    if (this.length === this.values.length) {
      const values = new Float64Array(this.length * 2);
      const tags = new Uint32Array(this.length * 2);
      values.set(this.values);
      tags.set(this.tags);
      this.values = values;
      this.tags = tags;
    }
    this.values[this.length] = value;
    this.tags[this.length++] = group;
  }

  /** Count, median and p90 per group (as `summarize`). */
  summaries(): Summary[] {
    const starts = new Uint32Array(this.groups + 1);
    for (let i = 0; i < this.length; i++) starts[this.tags[i] + 1]++;
    for (let g = 1; g <= this.groups; g++) starts[g] += starts[g - 1];
    const next = starts.slice(0, this.groups);
    const sorted = new Float64Array(this.length);
    for (let i = 0; i < this.length; i++) sorted[next[this.tags[i]]++] = this.values[i];
    const out: Summary[] = [];
    for (let g = 0; g < this.groups; g++) {
      const part = sorted.subarray(starts[g], starts[g + 1]);
      out.push({ count: part.length, median: quantileInPlace(part, 0.5), p90: quantileInPlace(part, 0.9) });
    }
    return out;
  }
}
