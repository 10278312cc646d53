import { IdIndex, orderByCustomerTime } from '../stats.ts';

/** Events in (customer, time) order, as columns; `values` is each event's value (NaN when it has none). */
export type Timeline = { customers: Float64Array; times: Float64Array; values: Float64Array };

/** Rows put in (customer, time) order, equal keys in input order. */
export function timeline(rows: readonly { c: number; t: number; v?: number | null }[]): Timeline {
  const n = rows.length;
  const c = new Float64Array(n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    c[i] = rows[i].c;
    t[i] = rows[i].t;
  }
  const order = orderByCustomerTime(c, t);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = rows[order.order[i]].v;
    values[i] = typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
  }
  return { customers: order.customers, times: order.times, values };
}

/** Several timelines as one, in (customer, time) order. */
export function mergeTimelines(lines: readonly Timeline[]): Timeline {
  if (lines.length === 1) return lines[0];
  let n = 0;
  for (const line of lines) n += line.customers.length;
  const c = new Float64Array(n);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  let k = 0;
  for (const line of lines) {
    c.set(line.customers, k);
    t.set(line.times, k);
    v.set(line.values, k);
    k += line.customers.length;
  }
  const order = orderByCustomerTime(c, t);
  return {
    customers: order.customers,
    times: order.times,
    values: Float64Array.from(order.order, (i) => v[i]),
  };
}

/** Negative, zero or positive as event i of a is before, at or after event j of b in (customer, time) order. */
function compare(a: Timeline, i: number, b: Timeline, j: number): number {
  return a.customers[i] - b.customers[j] || a.times[i] - b.times[j];
}

/**
 * The events of `base` without those of `remove`, matched on (customer, time) as multisets: each event
 * of `remove` takes away one equal event of `base`. This is how named events (which carry a name) are
 * subtracted from activity (which does not).
 */
export function without(base: Timeline, remove: Timeline): Timeline {
  const n = base.customers.length;
  const keep = new Uint8Array(n).fill(1);
  let kept = n;
  let j = 0;
  for (let i = 0; i < remove.customers.length; i++) {
    while (j < n && compare(base, j, remove, i) < 0) j++;
    if (j < n && compare(base, j, remove, i) === 0) {
      keep[j++] = 0;
      kept--;
    }
  }
  const out: Timeline = {
    customers: new Float64Array(kept),
    times: new Float64Array(kept),
    values: new Float64Array(kept),
  };
  for (let i = 0, k = 0; i < n; i++) {
    if (!keep[i]) continue;
    out.customers[k] = base.customers[i];
    out.times[k] = base.times[i];
    out.values[k++] = base.values[i];
  }
  return out;
}

/** Visits grouped into sessions, in (customer, start) order. */
export type Sessions = {
  count: number;
  customers: Float64Array;
  starts: Float64Array;
  ends: Float64Array;
  /** Visit events in the session. */
  hits: Float64Array;
  /** Bits set by `markSessions`. */
  flags: Uint8Array;
};

/** A customer's session ends where a gap of `gapMs` or more separates two of their visit events. */
export function sessionize(visits: Timeline, gapMs: number): Sessions {
  const { customers: c, times: t } = visits;
  const starts: number[] = [];
  const ends: number[] = [];
  const owners: number[] = [];
  const hits: number[] = [];
  for (let i = 0; i < c.length; i++) {
    const last = owners.length - 1;
    if (last >= 0 && owners[last] === c[i] && t[i] - ends[last] < gapMs) {
      ends[last] = t[i];
      hits[last]++;
    } else {
      owners.push(c[i]);
      starts.push(t[i]);
      ends.push(t[i]);
      hits.push(1);
    }
  }
  return {
    count: owners.length,
    customers: Float64Array.from(owners),
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    hits: Float64Array.from(hits),
    flags: new Uint8Array(owners.length),
  };
}

/** Sets `bit` on each session holding one of the `events` (same customer, start ≤ t ≤ end). */
export function markSessions(sessions: Sessions, events: Timeline, bit: number): void {
  let k = 0;
  for (let i = 0; i < events.customers.length; i++) {
    const c = events.customers[i];
    const t = events.times[i];
    while (
      k < sessions.count &&
      (sessions.customers[k] < c || (sessions.customers[k] === c && sessions.ends[k] < t))
    ) {
      k++;
    }
    if (k < sessions.count && sessions.customers[k] === c && sessions.starts[k] <= t)
      sessions.flags[k] |= bit;
  }
}

/** Finds a customer's events in a timeline: their slice [start, end) of its columns. */
export class CustomerEvents {
  readonly line: Timeline;
  readonly #index: IdIndex;
  readonly #bounds: Uint32Array;

  constructor(line: Timeline) {
    this.line = line;
    const ids: number[] = [];
    const bounds: number[] = [];
    for (let i = 0; i < line.customers.length; i++) {
      if (i === 0 || line.customers[i] !== line.customers[i - 1]) {
        ids.push(line.customers[i]);
        bounds.push(i);
      }
    }
    bounds.push(line.customers.length);
    this.#index = new IdIndex(ids);
    this.#bounds = Uint32Array.from(bounds);
  }

  /** The first event of customer c at or after `t` (strictly after when `after`), or −1. */
  next(c: number, t: number, after = false): number {
    const slot = this.#index.get(c);
    if (slot < 0) return -1;
    let lo = this.#bounds[slot];
    let hi = this.#bounds[slot + 1];
    const times = this.line.times;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid] < t || (after && times[mid] === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.#bounds[slot + 1] ? lo : -1;
  }
}
