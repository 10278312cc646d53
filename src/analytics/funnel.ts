import { orderByCustomerTime, type Summary, summarize } from './stats.ts';

/** How the steps after the first must follow each other; see `computeFunnel`. */
export type FunnelOrder = 'ordered' | 'strict' | 'any';

export const FUNNEL_ORDERS: readonly FunnelOrder[] = ['ordered', 'strict', 'any'];

export type FunnelSpec = {
  /** Number of steps, 2..10. */
  steps: number;
  order: FunnelOrder;
  /** Longest time from an attempt's step-1 event to any of its later steps (inclusive). */
  windowMs: number;
  /** Customers enter with a step-1 event at from ≤ t < to; later steps may fall after `to`. */
  from: number;
  to: number;
};

/**
 * One event of a candidate customer. `m` has bit k set when the event matches step k + 1 (an event may
 * match several); `strict` funnels also need the customer's other events, with m = 0. `b` is the
 * event's breakdown value (a property, the stage at the time, the channel); null or absent is '(none)'.
 */
export type FunnelRow = { c: number; t: number; m: number; b?: string | null };

export type FunnelStep = {
  /** 1-based. */
  step: number;
  customers: number;
  /** customers / customers at the previous step (1 for step 1); null when that is 0. */
  conversionFromPrevious: number | null;
  /** customers / customers at step 1; null when no one entered. */
  conversionFromFirst: number | null;
  /** Customers at the previous step who did not reach this one (0 for step 1). */
  dropOff: number;
  /** Time from the previous step's event to this one's, over customers reaching it (empty for step 1). */
  timeFromPrevious: Summary;
  /** Time from the step-1 event to this step's event, over customers reaching it (empty for step 1). */
  timeFromFirst: Summary;
};

export type FunnelGroup = { key: string; steps: FunnelStep[] };

export type FunnelResult = { steps: FunnelStep[]; groups: FunnelGroup[] | null };

export type FunnelOptions = {
  /**
   * 'event': group customers by `b` of the step-1 event of their chosen attempt. A Map: each customer's
   * groups (segments); a customer counts in every group listed, customers absent or with [] in '(none)'.
   */
  breakdown?: 'event' | ReadonlyMap<number, readonly string[]>;
  /** Groups shown, largest first (by entrants, then key); the rest are merged into '(other)'. Default 20. */
  maxGroups?: number;
};

export const NONE_GROUP = '(none)';
export const OTHER_GROUP = '(other)';

/** Per entrant, in ascending id order: the steps reached and the times of the chosen attempt. */
type Evaluation = {
  steps: number;
  count: number;
  ids: Float64Array;
  depth: Uint8Array;
  /** The input row of the chosen attempt's step-1 event. */
  firstRow: Uint32Array;
  /** offsets[offStart[i] + k − 1] = time of step k + 1 − time of step 1, for k = 1..depth − 1. */
  offStart: Uint32Array;
  offsets: Float64Array;
};

function checkSpec(spec: FunnelSpec): void {
  if (!Number.isInteger(spec.steps) || spec.steps < 2 || spec.steps > 10) {
    throw new RangeError(`a funnel has 2 to 10 steps, not ${spec.steps}`);
  }
  if (!FUNNEL_ORDERS.includes(spec.order)) throw new RangeError(`unknown funnel order ${spec.order}`);
  if (!(spec.windowMs >= 0)) throw new RangeError('the funnel window must be 0 or more milliseconds');
}

/**
 * Finds each customer's best attempt. Per customer, events are in time order, events of one millisecond
 * in step order (lowest matching step first, events matching no step last), otherwise in input order.
 */
function evaluate(rows: readonly FunnelRow[], spec: FunnelSpec): Evaluation {
  checkSpec(spec);
  const S = spec.steps;
  const { windowMs, from, to, order: mode } = spec;
  const n = rows.length;
  const cs = new Float64Array(n);
  const ts = new Float64Array(n);
  const ms = new Float64Array(n);
  const tie = new Uint8Array(n);
  const stepBits = (1 << S) - 1;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const m = r.m & stepBits;
    cs[i] = r.c;
    ts[i] = r.t;
    ms[i] = m;
    tie[i] = m === 0 ? 31 : 31 - Math.clz32(m & -m);
  }
  const sorted = orderByCustomerTime(cs, ts, tie, ms);
  const { order } = sorted;
  const C = sorted.customers;
  const T = sorted.times;
  const M = sorted.payload!;
  let customers = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (C[i] !== C[i - 1]) customers++;

  const ids = new Float64Array(customers);
  const depth = new Uint8Array(customers);
  const firstRow = new Uint32Array(customers);
  const offStart = new Uint32Array(customers + 1);
  let offsets = new Float64Array(Math.max(16, customers));
  let count = 0;
  let used = 0;
  // next[k·(L+1) + j]: the first position ≥ j of the customer's events matching step k + 1 (L when none),
  // relative to the customer's first event; grown to the longest history.
  let next = new Int32Array(0);
  const cur = new Float64Array(S);
  const best = new Float64Array(S);

  for (let a = 0; a < n; ) {
    const c = C[a];
    let b = a + 1;
    let entered = M[a] & 1 && T[a] >= from && T[a] < to;
    while (b < n && C[b] === c) {
      if (M[b] & 1 && T[b] >= from && T[b] < to) entered = true;
      b++;
    }
    if (!entered) {
      a = b;
      continue;
    }
    const L = b - a;
    const span = L + 1;
    if (mode !== 'strict') {
      if (S * span > next.length) next = new Int32Array(Math.max(S * span, 2 * next.length));
      for (let k = 1; k < S; k++) {
        const base = k * span;
        const bit = 1 << k;
        next[base + L] = L;
        for (let j = L - 1; j >= 0; j--) next[base + j] = M[a + j] & bit ? j : next[base + j + 1];
      }
    }
    let bestDepth = 0;
    let bestRow = 0;
    for (let j = 0; j < L && bestDepth < S; j++) {
      const t1 = T[a + j];
      if (!(M[a + j] & 1) || t1 < from || t1 >= to) continue;
      let d = 1;
      let pos = j;
      let reach = 0;
      for (let k = 1; k < S; k++) {
        // ordered: the earliest later event for the step (greedy earliest is optimal); strict: the
        // very next event; any: each step's first event after step 1, the step reached when all are.
        const q =
          mode === 'ordered'
            ? next[k * span + pos + 1]
            : mode === 'strict'
              ? pos + 1
              : next[k * span + j + 1];
        if (q >= L || !(M[a + q] & (1 << k)) || T[a + q] - t1 > windowMs) break;
        reach = Math.max(reach, T[a + q] - t1);
        cur[k] = mode === 'any' ? reach : T[a + q] - t1;
        pos = q;
        d++;
      }
      if (d > bestDepth) {
        bestDepth = d;
        bestRow = order[a + j];
        for (let k = 1; k < d; k++) best[k] = cur[k];
      }
    }
    ids[count] = c;
    depth[count] = bestDepth;
    firstRow[count] = bestRow;
    offStart[count] = used;
    if (used + S > offsets.length) {
      const grown = new Float64Array(offsets.length * 2 + S);
      grown.set(offsets);
      offsets = grown;
    }
    for (let k = 1; k < bestDepth; k++) offsets[used++] = best[k];
    count++;
    a = b;
  }
  offStart[count] = used;
  return { steps: S, count, ids, depth, firstRow, offStart, offsets };
}

const EMPTY: Summary = { count: 0, median: null, p90: null };

/** The step table over some entrants (all when `members` is null). */
function stepTable(ev: Evaluation, members: Uint32Array | null): FunnelStep[] {
  const S = ev.steps;
  const size = members ? members.length : ev.count;
  const reached = new Float64Array(S);
  for (let x = 0; x < size; x++) {
    const d = ev.depth[members ? members[x] : x];
    for (let k = 0; k < d; k++) reached[k]++;
  }
  const fromFirst = Array.from({ length: S }, (_, k) => new Float64Array(reached[k]));
  const fromPrevious = Array.from({ length: S }, (_, k) => new Float64Array(reached[k]));
  const filled = new Uint32Array(S);
  for (let x = 0; x < size; x++) {
    const i = members ? members[x] : x;
    const base = ev.offStart[i] - 1;
    for (let k = 1; k < ev.depth[i]; k++) {
      const off = ev.offsets[base + k];
      fromFirst[k][filled[k]] = off;
      fromPrevious[k][filled[k]++] = k === 1 ? off : off - ev.offsets[base + k - 1];
    }
  }
  const steps: FunnelStep[] = [];
  for (let k = 0; k < S; k++) {
    const previous = k === 0 ? reached[0] : reached[k - 1];
    steps.push({
      step: k + 1,
      customers: reached[k],
      conversionFromPrevious: previous > 0 ? reached[k] / previous : null,
      conversionFromFirst: reached[0] > 0 ? reached[k] / reached[0] : null,
      dropOff: previous - reached[k],
      timeFromPrevious: k === 0 ? EMPTY : summarize(fromPrevious[k]),
      timeFromFirst: k === 0 ? EMPTY : summarize(fromFirst[k]),
    });
  }
  return steps;
}

/** Splits the entrants into breakdown groups, largest first, the rest merged into '(other)'. */
function breakdownGroups(
  ev: Evaluation,
  rows: readonly FunnelRow[],
  breakdown: 'event' | ReadonlyMap<number, readonly string[]>,
  maxGroups: number,
): FunnelGroup[] {
  const keyIds = new Map<string, number>();
  const keyOf: string[] = [];
  const intern = (key: string) => {
    let id = keyIds.get(key);
    if (id === undefined) {
      id = keyOf.length;
      keyIds.set(key, id);
      keyOf.push(key);
    }
    return id;
  };
  // Each entrant's group ids: groupIds[groupStart[i] .. groupStart[i + 1]).
  const groupStart = new Uint32Array(ev.count + 1);
  const groupIds: number[] = [];
  for (let i = 0; i < ev.count; i++) {
    groupStart[i] = groupIds.length;
    if (breakdown === 'event') {
      groupIds.push(intern(rows[ev.firstRow[i]].b ?? NONE_GROUP));
    } else {
      const keys = breakdown.get(ev.ids[i]);
      if (!keys || keys.length === 0) groupIds.push(intern(NONE_GROUP));
      else for (const key of keys) groupIds.push(intern(key));
    }
  }
  groupStart[ev.count] = groupIds.length;

  // slot: the rank of a group among those shown, or maxGroups for '(other)'. A customer counts once per slot.
  const entrants = new Float64Array(keyOf.length);
  const seen = new Int32Array(keyOf.length + 1).fill(-1);
  for (let i = 0; i < ev.count; i++) {
    for (let g = groupStart[i]; g < groupStart[i + 1]; g++) {
      if (seen[groupIds[g]] !== i) entrants[groupIds[g]]++;
      seen[groupIds[g]] = i;
    }
  }
  const ranked = keyOf
    .map((_, id) => id)
    .sort((x, y) => entrants[y] - entrants[x] || (keyOf[x] < keyOf[y] ? -1 : keyOf[x] > keyOf[y] ? 1 : 0));
  const slots = Math.min(ranked.length, maxGroups);
  const slotOf = new Uint32Array(keyOf.length).fill(slots);
  for (let r = 0; r < slots; r++) slotOf[ranked[r]] = r;

  const lists: number[][] = Array.from({ length: slots + 1 }, () => []);
  seen.fill(-1);
  for (let i = 0; i < ev.count; i++) {
    for (let g = groupStart[i]; g < groupStart[i + 1]; g++) {
      const slot = slotOf[groupIds[g]];
      if (seen[slot] !== i) lists[slot].push(i);
      seen[slot] = i;
    }
  }
  const groups: FunnelGroup[] = [];
  for (let r = 0; r <= slots; r++) {
    if (r === slots && lists[r].length === 0) break;
    groups.push({
      key: r === slots ? OTHER_GROUP : keyOf[ranked[r]],
      steps: stepTable(ev, Uint32Array.from(lists[r])),
    });
  }
  return groups;
}

/**
 * Computes a conversion funnel.
 *
 * - A customer enters with a step-1 event at from ≤ t < to. Every such event starts an attempt, and
 *   every later step of an attempt must come within `windowMs` of its step-1 event (t_k − t_1 ≤ window).
 * - Each step uses its own event; one event may match several steps but fills only one per attempt.
 *   Events are ordered by time; those of the same millisecond in step order (lowest matching step
 *   first, events matching no step last), then in input order.
 * - `ordered`: each step is a later event than the previous step's (same millisecond allowed).
 * - `strict`: each step is the customer's very next event after the previous step's: any event in
 *   between, including a repeat of a step, breaks the attempt (rows must include the other events).
 * - `any`: steps 2.. may happen in any order after the step-1 event. Each step's time is its first
 *   matching event after step 1; step k is reached when steps 2..k all have one within the window, at the
 *   latest of their times (so time from the previous step is ≥ 0). One event may fill several steps here.
 * - A customer counts at step k when any attempt reaches it. Times and the event breakdown come from the
 *   attempt reaching the most steps, the earliest such attempt on ties.
 * - Durations are medians and p90 by linear interpolation (`percentileOfSorted`).
 */
export function computeFunnel(
  rows: readonly FunnelRow[],
  spec: FunnelSpec,
  options: FunnelOptions = {},
): FunnelResult {
  const ev = evaluate(rows, spec);
  const maxGroups = options.maxGroups ?? 20;
  if (!(Number.isInteger(maxGroups) && maxGroups >= 1)) throw new RangeError('maxGroups must be 1 or more');
  return {
    steps: stepTable(ev, null),
    groups: options.breakdown ? breakdownGroups(ev, rows, options.breakdown, maxGroups) : null,
  };
}

/**
 * The ids (ascending) of the customers who reached step `reached` (1-based) and, when `notReached` is
 * given, not step `notReached` (> reached): e.g. { reached: 2, notReached: 3 } are those who dropped
 * off after step 2. Same definitions as `computeFunnel`.
 */
export function funnelCustomers(
  rows: readonly FunnelRow[],
  spec: FunnelSpec,
  select: { reached: number; notReached?: number },
): number[] {
  const { reached, notReached } = select;
  if (!(Number.isInteger(reached) && reached >= 1 && reached <= spec.steps)) {
    throw new RangeError(`reached must be a step from 1 to ${spec.steps}`);
  }
  if (
    notReached !== undefined &&
    !(Number.isInteger(notReached) && notReached > reached && notReached <= spec.steps)
  ) {
    throw new RangeError(`notReached must be a step after ${reached}, up to ${spec.steps}`);
  }
  const ev = evaluate(rows, spec);
  const out: number[] = [];
  for (let i = 0; i < ev.count; i++) {
    const d = ev.depth[i];
    if (d >= reached && (notReached === undefined || d < notReached)) out.push(ev.ids[i]);
  }
  return out;
}
