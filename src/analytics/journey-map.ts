import { NOT_SET } from './attribution.ts';
import type { StageMove } from './stage-flow.ts';
import { orderByCustomerTime } from './stats.ts';

/** An event of a customer, with the stage they were in when it happened and how it was classified. */
export type JourneyEvent = {
  c: number;
  t: number;
  stage: string | null;
  touchpoint: string | null;
  channel: string | null;
};

export type JourneyOptions = {
  /** The lifecycle stages in forward order; events in other stages (lapse, reactivation) or none are not mapped. */
  stages: readonly string[];
  /** Moves after `now` are ignored. */
  now: number;
};

export type JourneyTouchpoint = {
  touchpoint: string;
  /** Events of this touchpoint in the stage. */
  events: number;
  /** Distinct customers with such an event. */
  customers: number;
  /** Of those customers, how many entered the next stage at or after their first such event. */
  toNext: number;
  toNextRate: number | null;
  /** …entered any later stage of the order (the next included). */
  toLater: number;
  toLaterRate: number | null;
  /** The touchpoint's events per channel, most first. */
  channels: { channel: string; events: number }[];
};

export type DropOffPoint = { touchpoint: string; customers: number; share: number };

export type JourneyStage = {
  stage: string;
  next: string | null;
  events: number;
  customers: number;
  /** Most events first. */
  touchpoints: JourneyTouchpoint[];
  /** Customers with events in the stage who entered no later stage after their last one (0 for the last stage). */
  stuck: number;
  /** The last touchpoint of each stuck customer in the stage, most customers first; share of `stuck`. */
  dropOffs: DropOffPoint[];
};

type Interner = { ids: Map<string, number>; keys: string[] };

function intern(table: Interner, key: string): number {
  let id = table.ids.get(key);
  if (id === undefined) {
    id = table.keys.length;
    table.ids.set(key, id);
    table.keys.push(key);
  }
  return id;
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The journey map: per stage of the order, the touchpoints customers met while in it, and where those
 * who went no further left off.
 *
 * - An event belongs to the stage it carries (the customer's stage when it happened). A missing
 *   touchpoint or channel is reported as '(not set)'.
 * - Progress after an event at t: a move (at ≤ now) into the next stage (`toNext`) or any later stage
 *   of the order (`toLater`, which includes the next) at or after t: a move at the event's own
 *   millisecond counts, since the event may be what moved the customer. For a touchpoint, the customer's
 *   first event of it in the stage is used, so a customer who progressed after any of them counts.
 * - Drop-off points: a customer is stuck in a stage when no move into a later stage comes at or after
 *   their last event in it; their last touchpoint there (the input order decides among events of the
 *   same millisecond) is counted. Nothing is later than the last stage, so it has no drop-offs.
 * Moves should be the customers' history up to now; events those of the analysed range.
 */
export function computeJourneyMap(
  events: readonly JourneyEvent[],
  moves: readonly StageMove[],
  options: JourneyOptions,
): JourneyStage[] {
  const stageIds = new Map<string, number>();
  for (let s = 0; s < options.stages.length; s++) stageIds.set(options.stages[s], s);
  const K = options.stages.length;
  if (stageIds.size !== K) throw new RangeError('the stage order lists a stage twice');
  const touchpoints: Interner = { ids: new Map(), keys: [] };
  const channels: Interner = { ids: new Map(), keys: [] };

  // The mapped events' columns; `packed` holds (stage, touchpoint, channel) as one number once both
  // counts are known, so the sort carries them in one column.
  const ec = new Float64Array(events.length);
  const et = new Float64Array(events.length);
  const packed = new Float64Array(events.length);
  const etp = new Uint32Array(events.length);
  const ech = new Uint32Array(events.length);
  let n = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const s = e.stage === null ? undefined : stageIds.get(e.stage);
    if (s === undefined) continue;
    ec[n] = e.c;
    et[n] = e.t;
    packed[n] = s;
    etp[n] = intern(touchpoints, e.touchpoint ?? NOT_SET);
    ech[n++] = intern(channels, e.channel ?? NOT_SET);
  }
  const T = touchpoints.keys.length;
  const CH = channels.keys.length;
  for (let i = 0; i < n; i++) packed[i] = (packed[i] * T + etp[i]) * CH + ech[i];
  const E = orderByCustomerTime(ec.subarray(0, n), et.subarray(0, n), undefined, packed.subarray(0, n));
  const P = E.payload!;

  const mc = new Float64Array(moves.length);
  const mt = new Float64Array(moves.length);
  const mto = new Float64Array(moves.length);
  let nm = 0;
  for (let i = 0; i < moves.length; i++) {
    const move = moves[i];
    const s = move.at <= options.now ? stageIds.get(move.to) : undefined;
    if (s === undefined) continue;
    mc[nm] = move.c;
    mt[nm] = move.at;
    mto[nm++] = s;
  }
  const M = orderByCustomerTime(mc.subarray(0, nm), mt.subarray(0, nm), undefined, mto.subarray(0, nm));
  const ms = M.payload!;

  const cells = K * T;
  const cellEvents = new Float64Array(cells);
  const cellCustomers = new Float64Array(cells);
  const cellNext = new Float64Array(cells);
  const cellLater = new Float64Array(cells);
  const drops = new Float64Array(cells);
  // Events per (stage, touchpoint, channel): a typed array unless that grid is large.
  const channelGrid = cells * CH <= 1 << 22 ? new Float64Array(cells * CH) : null;
  const channelMap = new Map<number, number>();
  const stageEvents = new Float64Array(K);
  const stageCustomers = new Float64Array(K);
  const stuck = new Float64Array(K);
  // Per-customer scratch, valid where the stamp is the customer's number.
  const cellStamp = new Int32Array(cells).fill(-1);
  const stageStamp = new Int32Array(K).fill(-1);
  const lastEntry = new Float64Array(K);
  const laterEntry = new Float64Array(K + 1);
  const lastT = new Float64Array(K);
  const lastTp = new Uint32Array(K);
  const touched = new Int32Array(K);
  let m = 0;
  let customer = 0;
  for (let a = 0; a < n; customer++) {
    const c = E.customers[a];
    let b = a + 1;
    while (b < n && E.customers[b] === c) b++;
    // The customer's latest entry into each stage, and into any stage after each.
    for (let s = 0; s < K; s++) lastEntry[s] = -Infinity;
    while (m < M.customers.length && M.customers[m] < c) m++;
    for (; m < M.customers.length && M.customers[m] === c; m++)
      lastEntry[ms[m]] = Math.max(lastEntry[ms[m]], M.times[m]);
    laterEntry[K] = -Infinity;
    for (let s = K - 1; s >= 0; s--)
      laterEntry[s] = Math.max(laterEntry[s + 1], s + 1 < K ? lastEntry[s + 1] : -Infinity);
    let touchedCount = 0;
    for (let i = a; i < b; i++) {
      const key = P[i];
      const cell = Math.floor(key / CH);
      const s = Math.floor(cell / T);
      const tp = cell - s * T;
      const t = E.times[i];
      cellEvents[cell]++;
      stageEvents[s]++;
      if (channelGrid) channelGrid[key]++;
      else channelMap.set(key, (channelMap.get(key) ?? 0) + 1);
      if (cellStamp[cell] !== customer) {
        cellStamp[cell] = customer;
        cellCustomers[cell]++;
        if (s + 1 < K && lastEntry[s + 1] >= t) cellNext[cell]++;
        if (laterEntry[s] >= t) cellLater[cell]++;
      }
      if (stageStamp[s] !== customer) {
        stageStamp[s] = customer;
        stageCustomers[s]++;
        touched[touchedCount++] = s;
      }
      lastT[s] = t;
      lastTp[s] = tp;
    }
    for (let x = 0; x < touchedCount; x++) {
      const s = touched[x];
      if (s + 1 < K && !(laterEntry[s] >= lastT[s])) {
        stuck[s]++;
        drops[s * T + lastTp[s]]++;
      }
    }
    a = b;
  }

  const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return options.stages.map((stage, s) => {
    const list: JourneyTouchpoint[] = [];
    const dropOffs: DropOffPoint[] = [];
    for (let tp = 0; tp < T; tp++) {
      const cell = s * T + tp;
      if (drops[cell] > 0)
        dropOffs.push({
          touchpoint: touchpoints.keys[tp],
          customers: drops[cell],
          share: drops[cell] / stuck[s],
        });
      if (cellEvents[cell] === 0) continue;
      const perChannel: { channel: string; events: number }[] = [];
      for (let ch = 0; ch < CH; ch++) {
        const count = channelGrid ? channelGrid[cell * CH + ch] : channelMap.get(cell * CH + ch);
        if (count) perChannel.push({ channel: channels.keys[ch], events: count });
      }
      list.push({
        touchpoint: touchpoints.keys[tp],
        events: cellEvents[cell],
        customers: cellCustomers[cell],
        toNext: cellNext[cell],
        toNextRate: s + 1 < K ? rate(cellNext[cell], cellCustomers[cell]) : null,
        toLater: cellLater[cell],
        toLaterRate: s + 1 < K ? rate(cellLater[cell], cellCustomers[cell]) : null,
        channels: perChannel.sort((x, y) => y.events - x.events || byKey(x.channel, y.channel)),
      });
    }
    return {
      stage,
      next: s + 1 < K ? options.stages[s + 1] : null,
      events: stageEvents[s],
      customers: stageCustomers[s],
      touchpoints: list.sort(
        (x, y) => y.events - x.events || y.customers - x.customers || byKey(x.touchpoint, y.touchpoint),
      ),
      stuck: stuck[s],
      dropOffs: dropOffs.sort((x, y) => y.customers - x.customers || byKey(x.touchpoint, y.touchpoint)),
    };
  });
}
