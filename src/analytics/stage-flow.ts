import { type PeriodUnit, periodFromIndex, periodIndex, periodLabel } from './periods.ts';
import { GroupedValues, orderByCustomerTime, type Summary } from './stats.ts';

/** A customer's move into a stage; `from` is null for their first stage. */
export type StageMove = { c: number; from: string | null; to: string; at: number };

export type StageFlowOptions = {
  /** The lifecycle stages in forward order; other stages (lapse, reactivation) may appear in moves. */
  stages: readonly string[];
  /** The analysis range [from, to). */
  from: number;
  to: number;
  unit: PeriodUnit;
  /** Moves after `now` are ignored; open stays are aged to `now`. */
  now: number;
};

export type StageLink = { from: string | null; to: string; count: number };

export type StageFlowPeriod = { label: string; start: number; links: StageLink[] };

export type StageConversion = {
  stage: string;
  /** The next stage in the order; null for the last. */
  next: string | null;
  /** Customers who entered the stage in the range. */
  entered: number;
  /** Of those, customers who entered the next stage later (by now). */
  toNext: number;
  toNextRate: number | null;
  /** Of those, customers who entered any later stage of the order later (the next included). */
  toLater: number;
  toLaterRate: number | null;
};

export type StageTime = {
  stage: string;
  /** Stays that ended in the range: exit − entry. */
  ended: Summary;
  /** Stays still open at `now` (entered before the range's end), with their median age now − entry. */
  open: { count: number; medianAge: number | null };
};

export type TimeToStage = { stage: string; time: Summary };

export type StageFlowResult = {
  /** Moves in the range per period (a Sankey's links), and over the whole range. */
  periods: StageFlowPeriod[];
  totals: StageLink[];
  /** One per stage of the order. */
  conversion: StageConversion[];
  /** The stages of the order first, then the others by key. */
  timeInStage: StageTime[];
  timeToStage: TimeToStage[];
};

/**
 * Stage flow over a range: transitions, conversion between consecutive stages, time in stage and time
 * to reach each stage. Moves are taken per customer in time order (equal times in input order); every
 * move ends the customer's current stay and starts one in its `to` stage. Moves must be the customers'
 * whole history up to `now`, not only those in the range (first moves, stays, later conversions).
 *
 * - Transitions: moves with from ≤ at < to, counted per (from → to) and period of `at`.
 * - Conversion: of the customers whose move into stage S falls in the range (their first such move
 *   there), `toNext` later moved into the stage after S in the order, `toLater` into any stage after S
 *   (so toLater ≥ toNext; a customer skipping the next stage counts only in toLater). "Later" is any
 *   time up to `now`, after that entry.
 * - Time in stage: stays that ended (the next move) in the range, exit − entry: count, median, p90; and
 *   the stays still open, entered before `to`, aged to `now`.
 * - Time to stage: for customers whose first-ever entry into S is in the range, that entry − their first
 *   move (their first stage entry); 0 for the stage they started in.
 * Medians and p90 by linear interpolation (`percentileOfSorted`).
 */
export function computeStageFlow(moves: readonly StageMove[], options: StageFlowOptions): StageFlowResult {
  const { stages, from, to, unit, now } = options;
  const ids = new Map<string, number>();
  const keys: string[] = [];
  const intern = (key: string) => {
    let id = ids.get(key);
    if (id === undefined) {
      id = keys.length;
      ids.set(key, id);
      keys.push(key);
    }
    return id;
  };
  for (const stage of stages) intern(stage);
  const K = keys.length;
  if (K !== stages.length) throw new RangeError('the stage order lists a stage twice');
  const mc = new Float64Array(moves.length);
  const mt = new Float64Array(moves.length);
  const link = new Float64Array(moves.length);
  const toIds = new Uint32Array(moves.length);
  let n = 0;
  for (let i = 0; i < moves.length; i++) {
    const move = moves[i];
    if (!(move.at <= now)) continue;
    mc[n] = move.c;
    mt[n] = move.at;
    link[n] = move.from === null ? 0 : intern(move.from) + 1;
    toIds[n++] = intern(move.to);
  }
  const S = keys.length;
  // (from + 1, to) as one number, so the sort carries it along: from = ⌊link / S⌋ − 1, to = link mod S.
  for (let i = 0; i < n; i++) link[i] = link[i] * S + toIds[i];
  const sorted = orderByCustomerTime(mc.subarray(0, n), mt.subarray(0, n), undefined, link.subarray(0, n));
  const { customers: C, times: T } = sorted;
  const L = sorted.payload!;

  const first = periodIndex(from, unit);
  const P = to > from ? periodIndex(to - 1, unit) - first + 1 : 0;
  const links = new Float64Array(Math.max(P, 1) * (S + 1) * S);
  // At most one stay, open stay or first entry per move.
  const stays = new GroupedValues(S, n);
  const ages = new GroupedValues(S, n);
  const toStage = new GroupedValues(S, n);
  const entered = new Float64Array(K);
  const toNext = new Float64Array(K);
  const toLater = new Float64Array(K);
  // Per-customer scratch, valid where its stamp is the customer's number (no clearing between customers).
  const everStamp = new Int32Array(S).fill(-1);
  const rangeStamp = new Int32Array(S).fill(-1);
  const lastStamp = new Int32Array(S).fill(-1);
  const rangePos = new Int32Array(S);
  const lastPos = new Int32Array(S);
  const enteredNow = new Int32Array(S);
  const periodCells = (S + 1) * S;
  let customer = 0;
  for (let a = 0; a < n; customer++) {
    let b = a + 1;
    while (b < n && C[b] === C[a]) b++;
    const firstMove = T[a];
    let enteredCount = 0;
    for (let i = a; i < b; i++) {
      // L[i] is (from + 1)·S + to, and links[period][from + 1][to] its count.
      const s = L[i] - Math.floor(L[i] / S) * S;
      const at = T[i];
      const inRange = at >= from && at < to;
      if (inRange) links[(periodIndex(at, unit) - first) * periodCells + L[i]]++;
      if (i + 1 < b) {
        if (T[i + 1] >= from && T[i + 1] < to) stays.add(s, T[i + 1] - at);
      } else if (at < to) {
        ages.add(s, now - at);
      }
      if (everStamp[s] !== customer) {
        everStamp[s] = customer;
        if (inRange) toStage.add(s, at - firstMove);
      }
      if (inRange && rangeStamp[s] !== customer && s < K) {
        rangeStamp[s] = customer;
        rangePos[s] = i;
        enteredNow[enteredCount++] = s;
      }
      lastStamp[s] = customer;
      lastPos[s] = i;
    }
    for (let e = 0; e < enteredCount; e++) {
      const s = enteredNow[e];
      entered[s]++;
      const p = rangePos[s];
      if (s + 1 < K && lastStamp[s + 1] === customer && lastPos[s + 1] > p) toNext[s]++;
      for (let j = s + 1; j < K; j++) {
        if (lastStamp[j] === customer && lastPos[j] > p) {
          toLater[s]++;
          break;
        }
      }
    }
    a = b;
  }

  // Stages outside the order come after it, by key, in every list.
  const rank = new Float64Array(S);
  keys
    .map((_, id) => id)
    .filter((id) => id >= K)
    .sort((x, y) => (keys[x] < keys[y] ? -1 : 1))
    .forEach((id, r) => {
      rank[id] = K + r;
    });
  for (let id = 0; id < K; id++) rank[id] = id;
  const byRank = keys.map((_, id) => id).sort((x, y) => rank[x] - rank[y]);
  const linkList = (counts: Float64Array, offset: number): StageLink[] => {
    const out: { link: StageLink; f: number; t: number }[] = [];
    for (let f = -1; f < S; f++) {
      for (let t = 0; t < S; t++) {
        const count = counts[offset + (f + 1) * S + t];
        if (count > 0)
          out.push({
            link: { from: f < 0 ? null : keys[f], to: keys[t], count },
            f: f < 0 ? -1 : rank[f],
            t: rank[t],
          });
      }
    }
    return out.sort((x, y) => y.link.count - x.link.count || x.f - y.f || x.t - y.t).map((x) => x.link);
  };
  const totals = new Float64Array((S + 1) * S);
  const periods: StageFlowPeriod[] = [];
  for (let p = 0; p < P; p++) {
    const start = periodFromIndex(first + p, unit);
    for (let x = 0; x < totals.length; x++) totals[x] += links[p * (S + 1) * S + x];
    periods.push({ label: periodLabel(start, unit), start, links: linkList(links, p * (S + 1) * S) });
  }
  const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  const stayTimes = stays.summaries();
  const openAges = ages.summaries();
  const timesTo = toStage.summaries();
  return {
    periods,
    totals: linkList(totals, 0),
    // The last stage has no next one: its rates are null (nothing to reach), not 0.
    conversion: stages.map((stage, s) => ({
      stage,
      next: s + 1 < K ? keys[s + 1] : null,
      entered: entered[s],
      toNext: toNext[s],
      toNextRate: s + 1 < K ? rate(toNext[s], entered[s]) : null,
      toLater: toLater[s],
      toLaterRate: s + 1 < K ? rate(toLater[s], entered[s]) : null,
    })),
    timeInStage: byRank.map((s) => ({
      stage: keys[s],
      ended: stayTimes[s],
      open: { count: openAges[s].count, medianAge: openAges[s].median },
    })),
    timeToStage: byRank.map((s) => ({ stage: keys[s], time: timesTo[s] })),
  };
}
