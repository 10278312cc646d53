import { DAY } from '../core/index.ts';
import { orderByCustomerTime } from './stats.ts';

export type AttributionModel = 'first' | 'last' | 'linear';

export const ATTRIBUTION_MODELS: readonly AttributionModel[] = ['first', 'last', 'linear'];

/** A conversion (an order, a signup…) and its value; a non-finite value counts as 0. */
export type Conversion = { c: number; t: number; value: number };

/** A marketing touch of a customer (a visit from an ad, an email click…). */
export type Touch = { c: number; t: number; channel: string | null; campaign: string | null };

export type AttributionOptions = { lookbackMs?: number };

/** Credited conversions (fractional under `linear`) and credited revenue of one channel or campaign. */
export type Credit = { key: string; conversions: number; revenue: number };

export type ModelCredit = { channels: Credit[]; campaigns: Credit[] };

export type AttributionResult = {
  lookbackMs: number;
  /** Every model's credits sum to these. */
  totals: { conversions: number; revenue: number; withoutTouch: number };
  models: Record<AttributionModel, ModelCredit>;
};

/** Credit of a conversion with no touch in its lookback window. */
export const NO_TOUCH = '(none)';
/** Credit of a touch whose channel (or campaign) is not known. */
export const NOT_SET = '(not set)';
export const DEFAULT_LOOKBACK_MS = 30 * DAY;

function intern(ids: Map<string, number>, keys: string[], key: string): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = keys.length;
    ids.set(key, id);
    keys.push(key);
  }
  return id;
}

function credits(keys: string[], conversions: Float64Array, revenue: Float64Array): Credit[] {
  const out: Credit[] = [];
  for (let i = 0; i < keys.length; i++) {
    if (conversions[i] !== 0 || revenue[i] !== 0)
      out.push({ key: keys[i], conversions: conversions[i], revenue: revenue[i] });
  }
  // Compared to 1e-9, so linear shares that differ only by rounding (1/3 + 1/3 vs 2/3) tie on the key.
  const near = (x: number) => Math.round(x * 1e9);
  return out.sort(
    (a, b) =>
      near(b.conversions) - near(a.conversions) ||
      near(b.revenue) - near(a.revenue) ||
      (a.key < b.key ? -1 : 1),
  );
}

/**
 * Multi-touch attribution, all three models in one pass.
 *
 * A conversion at t is credited to the same customer's touches at t − lookback ≤ touch.t ≤ t (both ends
 * included, so a touch at the conversion's own millisecond counts): `first` gives it all to the earliest
 * of them, `last` to the latest, `linear` 1/n to each of the n (ties in time: the input order decides
 * first and last). A conversion with no touch in its window is credited to '(none)'; a touch without a
 * channel (campaign) credits '(not set)'. Each model credits every conversion exactly once, so its
 * conversions and revenue add up to the totals (up to floating-point rounding for `linear`).
 * Lists are sorted by credited conversions, then revenue, then key; keys with no credit are left out.
 */
export function computeAttribution(
  conversions: readonly Conversion[],
  touches: readonly Touch[],
  options: AttributionOptions = {},
): AttributionResult {
  const lookbackMs = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  if (!(lookbackMs >= 0)) throw new RangeError('the lookback must be 0 or more milliseconds');
  const keyIds = new Map<string, number>();
  const keys: string[] = [];
  const none = intern(keyIds, keys, NO_TOUCH);
  // Channels and campaigns share one key space; a key's credit arrays are indexed by its id.
  const nt = touches.length;
  const tc = new Float64Array(nt);
  const tt = new Float64Array(nt);
  const channelIds = new Uint32Array(nt);
  const campaignIds = new Uint32Array(nt);
  for (let i = 0; i < nt; i++) {
    const touch = touches[i];
    tc[i] = touch.c;
    tt[i] = touch.t;
    channelIds[i] = intern(keyIds, keys, touch.channel ?? NOT_SET);
    campaignIds[i] = intern(keyIds, keys, touch.campaign ?? NOT_SET);
  }
  const K = keys.length;
  // channel · K + campaign, carried through the sort: reading it back is sequential.
  const packed = new Float64Array(nt);
  for (let i = 0; i < nt; i++) packed[i] = channelIds[i] * K + campaignIds[i];
  const nc = conversions.length;
  const cc = new Float64Array(nc);
  const ct = new Float64Array(nc);
  const cv = new Float64Array(nc);
  for (let i = 0; i < nc; i++) {
    const conversion = conversions[i];
    cc[i] = conversion.c;
    ct[i] = conversion.t;
    cv[i] = Number.isFinite(conversion.value) ? conversion.value : 0;
  }
  const T = orderByCustomerTime(tc, tt, undefined, packed);
  const V = orderByCustomerTime(cc, ct, undefined, cv);
  const touchKey = T.payload!;

  const channel = {
    first: new Float64Array(2 * K),
    last: new Float64Array(2 * K),
    linear: new Float64Array(2 * K),
  };
  const campaign = {
    first: new Float64Array(2 * K),
    last: new Float64Array(2 * K),
    linear: new Float64Array(2 * K),
  };
  // Linear credit per touch (sorted position), summed with a difference array: a conversion adds 1/n
  // (and value/n) to a range of touches, so each conversion costs O(1) however many touches it spans.
  // `covered` counts the windows over each touch exactly, so rounding residue never credits a touch
  // outside every window.
  const linearCount = new Float64Array(nt + 1);
  const linearValue = new Float64Array(nt + 1);
  const covered = new Int32Array(nt + 1);
  let totalRevenue = 0;
  let withoutTouch = 0;
  let noTouchValue = 0;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < nc; i++) {
    const c = V.customers[i];
    const t = V.times[i];
    const value = V.payload![i];
    totalRevenue += value;
    // Touches of earlier customers, or too old for this conversion (conversions come in time order).
    while (lo < nt && (T.customers[lo] < c || (T.customers[lo] === c && T.times[lo] < t - lookbackMs))) lo++;
    if (hi < lo) hi = lo;
    while (hi < nt && T.customers[hi] === c && T.times[hi] <= t) hi++;
    if (hi === lo) {
      withoutTouch++;
      noTouchValue += value;
      continue;
    }
    const firstChannel = Math.floor(touchKey[lo] / K);
    const firstCampaign = touchKey[lo] - firstChannel * K;
    const lastChannel = Math.floor(touchKey[hi - 1] / K);
    const lastCampaign = touchKey[hi - 1] - lastChannel * K;
    channel.first[firstChannel]++;
    channel.first[K + firstChannel] += value;
    campaign.first[firstCampaign]++;
    campaign.first[K + firstCampaign] += value;
    channel.last[lastChannel]++;
    channel.last[K + lastChannel] += value;
    campaign.last[lastCampaign]++;
    campaign.last[K + lastCampaign] += value;
    const share = 1 / (hi - lo);
    linearCount[lo] += share;
    linearCount[hi] -= share;
    linearValue[lo] += value * share;
    linearValue[hi] -= value * share;
    covered[lo]++;
    covered[hi]--;
  }
  let count = 0;
  let value = 0;
  let windows = 0;
  for (let p = 0; p < nt; p++) {
    count += linearCount[p];
    value += linearValue[p];
    windows += covered[p];
    if (windows === 0) {
      // Between windows: drop the rounding residue so it cannot build up.
      count = 0;
      value = 0;
      continue;
    }
    const ch = Math.floor(touchKey[p] / K);
    const ca = touchKey[p] - ch * K;
    channel.linear[ch] += count;
    channel.linear[K + ch] += value;
    campaign.linear[ca] += count;
    campaign.linear[K + ca] += value;
  }
  for (const credit of [
    channel.first,
    channel.last,
    channel.linear,
    campaign.first,
    campaign.last,
    campaign.linear,
  ]) {
    credit[none] += withoutTouch;
    credit[K + none] += noTouchValue;
  }
  const model = (m: AttributionModel): ModelCredit => ({
    channels: credits(keys, channel[m].subarray(0, K), channel[m].subarray(K)),
    campaigns: credits(keys, campaign[m].subarray(0, K), campaign[m].subarray(K)),
  });
  return {
    lookbackMs,
    totals: { conversions: nc, revenue: totalRevenue, withoutTouch },
    models: { first: model('first'), last: model('last'), linear: model('linear') },
  };
}
