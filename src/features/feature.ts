import { HOUR } from '../core/index.ts';
import type { EventFacts } from '../rules/index.ts';

/**
 * Most window entries one feature keeps exactly. Past this, entries are merged into hour buckets
 * (then coarser) so that a customer with 100,000 page views in a month costs a few kilobytes; window
 * figures are then exact to the bucket, which is what a rule about "the last 30 days" can tell apart.
 */
const MAX_ENTRIES = 256;
const FIRST_BUCKET_MS = HOUR;

/**
 * The incremental aggregate of one feature for one customer: all-time count, first and last time,
 * and for a numeric property its sum, min and max; plus the entries inside the feature's horizon for
 * windowed figures. Entries are flat numbers sorted by time: `[t, count]` for a count feature,
 * `[t, count, valued, sum, min, max]` for a property feature (`valued` events carried a number).
 * A merged bucket's `t` is its latest event, so it stays in a window as long as any of its events may.
 */
export class Feature implements EventFacts {
  readonly stride: 2 | 6;
  n = 0;
  firstAt: number | null = null;
  lastAt: number | null = null;
  valued = 0;
  total = 0;
  low = 0;
  high = 0;
  entries: number[] = [];

  constructor(hasProperty: boolean) {
    this.stride = hasProperty ? 6 : 2;
  }

  /**
   * Adds one event. `value` is its property's number (null when absent); entries are only kept for
   * events newer than `now − horizonMs`, since older ones can never count in a window again.
   */
  add(t: number, value: number | null, horizonMs: number | null, now: number): void {
    this.n++;
    if (this.firstAt === null || t < this.firstAt) this.firstAt = t;
    if (this.lastAt === null || t > this.lastAt) this.lastAt = t;
    if (value !== null) {
      this.low = this.valued === 0 ? value : Math.min(this.low, value);
      this.high = this.valued === 0 ? value : Math.max(this.high, value);
      this.valued++;
      this.total += value;
    }
    if (horizonMs === null || t <= now - horizonMs) return;
    const at = this.#insertionPoint(t);
    if (this.stride === 2) this.entries.splice(at, 0, t, 1);
    else if (value === null) this.entries.splice(at, 0, t, 1, 0, 0, 0, 0);
    else this.entries.splice(at, 0, t, 1, 1, value, value, value);
    if (this.entries.length > MAX_ENTRIES * this.stride) this.#coarsen();
  }

  /** Drops entries that fell out of the horizon; with no horizon, all of them. */
  prune(horizonMs: number | null, now: number): void {
    if (horizonMs === null) {
      this.entries.length = 0;
      return;
    }
    const keepFrom = this.#firstAfter(now - horizonMs);
    if (keepFrom > 0) this.entries.splice(0, keepFrom);
  }

  count(since: number | null): number {
    if (since === null) return this.n;
    let c = 0;
    for (let i = this.#firstAfter(since); i < this.entries.length; i += this.stride)
      c += this.entries[i + 1]!;
    return c;
  }

  sum(since: number | null): number {
    if (since === null) return this.total;
    if (this.stride === 2) return 0;
    let s = 0;
    for (let i = this.#firstAfter(since); i < this.entries.length; i += 6) s += this.entries[i + 3]!;
    return s;
  }

  min(since: number | null): number | null {
    return this.#extreme(since, 4, Math.min, this.low);
  }

  max(since: number | null): number | null {
    return this.#extreme(since, 5, Math.max, this.high);
  }

  avg(since: number | null): number | null {
    const valued = since === null ? this.valued : this.#valuedSince(since);
    return valued === 0 ? null : this.sum(since) / valued;
  }

  first(): number | null {
    return this.firstAt;
  }

  last(): number | null {
    return this.lastAt;
  }

  nextExit(windowMs: number, now: number): number | null {
    const i = this.#firstAfter(now - windowMs);
    return i < this.entries.length ? this.entries[i]! + windowMs : null;
  }

  #valuedSince(since: number): number {
    if (this.stride === 2) return 0;
    let v = 0;
    for (let i = this.#firstAfter(since); i < this.entries.length; i += 6) v += this.entries[i + 2]!;
    return v;
  }

  #extreme(since: number | null, slot: number, pick: (a: number, b: number) => number, all: number) {
    if (since === null) return this.valued === 0 ? null : all;
    if (this.stride === 2) return null;
    let result: number | null = null;
    for (let i = this.#firstAfter(since); i < this.entries.length; i += 6) {
      if (this.entries[i + 2] === 0) continue;
      const v = this.entries[i + slot]!;
      result = result === null ? v : pick(result, v);
    }
    return result;
  }

  /** Index of the first entry with t > since (entries are sorted by t). */
  #firstAfter(since: number): number {
    let lo = 0;
    let hi = this.entries.length / this.stride;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid * this.stride]! > since) hi = mid;
      else lo = mid + 1;
    }
    return lo * this.stride;
  }

  /** Index at which an entry at time t keeps the order (after entries at the same time). */
  #insertionPoint(t: number): number {
    const n = this.entries.length;
    if (n === 0 || this.entries[n - this.stride]! <= t) return n;
    return this.#firstAfter(t);
  }

  /** Merges entries into buckets, widening them until the feature is back under half its cap. */
  #coarsen(): void {
    for (let width = FIRST_BUCKET_MS; this.entries.length > (MAX_ENTRIES / 2) * this.stride; width *= 4) {
      this.entries = mergeBuckets(this.entries, this.stride, width);
    }
  }
}

function mergeBuckets(entries: number[], stride: number, width: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < entries.length; i += stride) {
    const o = out.length - stride;
    const sameBucket = o >= 0 && Math.floor(out[o]! / width) === Math.floor(entries[i]! / width);
    if (!sameBucket) {
      for (let k = 0; k < stride; k++) out.push(entries[i + k]!);
      continue;
    }
    out[o] = entries[i]!;
    out[o + 1]! += entries[i + 1]!;
    if (stride === 2 || entries[i + 2] === 0) continue;
    const wasValued = out[o + 2]! > 0;
    out[o + 2]! += entries[i + 2]!;
    out[o + 3]! += entries[i + 3]!;
    out[o + 4] = wasValued ? Math.min(out[o + 4]!, entries[i + 4]!) : entries[i + 4]!;
    out[o + 5] = wasValued ? Math.max(out[o + 5]!, entries[i + 5]!) : entries[i + 5]!;
  }
  return out;
}
