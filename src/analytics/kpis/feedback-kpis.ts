import type { Json } from '../../core/index.ts';
import type { DetailedEventRow } from '../analytics-store.ts';
import { latestRows, orderRows } from './customer-walks.ts';
import type { KpiCompute, KpiContext } from './kpi-context.ts';
import {
  type KpiValues,
  medianValues,
  noData,
  perSlot,
  ratioValues,
  sortedBreakdown,
  summedRatio,
  sumValues,
} from './slots.ts';

/** A number, or a numeric string (form tools send "9"); null otherwise. */
export function numberOf(v: Json | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

const prop = (row: DetailedEventRow, name: string): Json | undefined => row.properties?.[name];

type Response = { c: number; t: number; score: number };

/** The survey responses of one kind with a score in its scale, in (customer, time) order. */
async function responses({ settings: s, inputs }: KpiContext, kind: 'nps' | 'csat'): Promise<Response[]> {
  const out: Response[] = [];
  for (const row of await inputs.details(s.surveyEvent)) {
    const type = prop(row, s.surveyTypeProperty);
    const rowKind =
      type === undefined || type === null ? 'nps' : typeof type === 'string' ? type.toLowerCase() : '';
    const score = numberOf(prop(row, s.surveyScoreProperty));
    if (rowKind !== kind || score === null) continue;
    if (kind === 'nps' ? score < 0 || score > 10 : score < 1 || score > s.csatScaleMax) continue;
    out.push({ c: row.c, t: row.t, score });
  }
  return orderRows(out);
}

/** Σ weight(score) / respondents, each customer's latest response counting once per slot and over the range. */
function shareOfRespondents(
  ctx: KpiContext,
  rows: Response[],
  weight: (score: number) => number,
  scale = 1,
): KpiValues {
  const { slots } = ctx;
  const num = perSlot(slots);
  const den = perSlot(slots);
  const totals = { num: 0, den: 0 };
  latestRows(
    slots,
    rows,
    (slot, r) => {
      num[slot] += weight(r.score);
      den[slot]++;
    },
    (r) => {
      totals.num += weight(r.score);
      totals.den++;
    },
  );
  return ratioValues(slots, num, den, totals, scale);
}

/** Per slot: the count of rows in the range and the sum of a number they carry (rows without it not summed). */
async function detailSums(
  { slots, inputs }: KpiContext,
  event: string,
  value: (row: DetailedEventRow) => number | null,
) {
  const count = perSlot(slots);
  const valued = perSlot(slots);
  const sum = perSlot(slots);
  let anyValue = false;
  for (const row of await inputs.details(event)) {
    const i = slots.slot(row.t);
    if (i < 0) continue;
    count[i]++;
    const v = value(row);
    if (v === null) continue;
    anyValue = true;
    valued[i]++;
    sum[i] += v;
  }
  return { count, valued, sum, any: count.some((n) => n > 0), anyValue };
}

/** Median of last resolution − first creation per ticket id, by the slot of the resolution. */
async function resolutionTime({ slots, settings: s, inputs }: KpiContext): Promise<KpiValues> {
  const id = (row: DetailedEventRow) => {
    const v = prop(row, s.ticketIdProperty);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  };
  const created = new Map<string, number>();
  for (const row of await inputs.details(s.ticketCreatedEvent)) {
    const key = id(row);
    if (key !== null && !(row.t >= (created.get(key) ?? Infinity))) created.set(key, row.t);
  }
  const resolved = new Map<string, number>();
  for (const row of await inputs.details(s.ticketResolvedEvent)) {
    const key = id(row);
    if (key !== null && slots.slot(row.t) >= 0 && row.t > (resolved.get(key) ?? -Infinity))
      resolved.set(key, row.t);
  }
  const slotOf: number[] = [];
  const times: number[] = [];
  for (const [key, at] of resolved) {
    const start = created.get(key);
    if (start === undefined || start > at) continue;
    slotOf.push(slots.slot(at));
    times.push(at - start);
  }
  return medianValues(slots, slotOf, times);
}

/** Customers holding a tier at the end of each slot, and the tiers held at the end of the range. */
async function tierMix({ slots, settings: s, inputs }: KpiContext): Promise<KpiValues> {
  const rows = orderRows(await inputs.details(s.tierEvent));
  if (rows.length === 0) return noData(slots);
  // +1 from the slot where a customer gains a tier, −1 where they lose it; summed, the holders at each end.
  const delta = perSlot(slots);
  const tiers = new Map<string, number | null>();
  const tierOf = (row: DetailedEventRow) => {
    const v = prop(row, s.tierProperty);
    return (typeof v === 'string' && v !== '') || typeof v === 'number' ? String(v) : null;
  };
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    const held = k > 0 && rows[k - 1].c === row.c ? tierOf(rows[k - 1]) : null;
    const tier = tierOf(row);
    const i = row.t < slots.from ? 0 : slots.slot(row.t);
    if (i < 0) continue;
    if (held === null && tier !== null) delta[i]++;
    if (held !== null && tier === null) delta[i]--;
    const lastOfCustomer = k + 1 === rows.length || rows[k + 1].c !== row.c;
    if (lastOfCustomer && tier !== null) tiers.set(tier, (tiers.get(tier) ?? 0) + 1);
  }
  let holders = 0;
  const series = Array.from(delta, (d) => (holders += d));
  return { value: holders, series: slots.series(series), breakdown: sortedBreakdown('tier', tiers) };
}

export const FEEDBACK_KPIS: Record<string, KpiCompute> = {
  nps: async (ctx) => {
    const { npsPromoterMin: p, npsDetractorMax: d } = ctx.settings;
    return shareOfRespondents(ctx, await responses(ctx, 'nps'), (x) => (x >= p ? 1 : x <= d ? -1 : 0), 100);
  },
  nps_promoters_share: async (ctx) =>
    shareOfRespondents(ctx, await responses(ctx, 'nps'), (x) => (x >= ctx.settings.npsPromoterMin ? 1 : 0)),
  csat: async (ctx) =>
    shareOfRespondents(ctx, await responses(ctx, 'csat'), (x) =>
      x >= ctx.settings.csatSatisfiedMin ? 1 : 0,
    ),
  support_resolution_time: resolutionTime,
  reviews: async (ctx) => {
    const r = await detailSums(ctx, ctx.settings.reviewEvent, () => null);
    return sumValues(ctx.slots, r.count, r.any);
  },
  review_rating: async (ctx) => {
    const r = await detailSums(ctx, ctx.settings.reviewEvent, (row) =>
      numberOf(prop(row, ctx.settings.ratingProperty)),
    );
    return summedRatio(ctx.slots, r.sum, r.valued);
  },
  loyalty_points_earned: async (ctx) => {
    const r = await detailSums(ctx, ctx.settings.pointsEarnedEvent, (row) =>
      numberOf(prop(row, ctx.settings.pointsProperty)),
    );
    return sumValues(ctx.slots, r.sum, r.anyValue);
  },
  loyalty_points_redeemed: async (ctx) => {
    const r = await detailSums(ctx, ctx.settings.pointsRedeemedEvent, (row) => {
      const n = numberOf(prop(row, ctx.settings.pointsProperty));
      return n === null ? null : Math.abs(n);
    });
    return sumValues(ctx.slots, r.sum, r.anyValue);
  },
  tier_mix: tierMix,
};
