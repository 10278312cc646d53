import { DAY } from '../../core/index.ts';
import { periodFromIndex, periodIndex } from '../periods.ts';
import { customerSlotFlags } from './customer-walks.ts';
import type { KpiCompute, KpiContext } from './kpi-context.ts';
import { KEY_EVENT, PURCHASE } from './kpi-inputs.ts';
import {
  distinctPerSlot,
  type KpiValues,
  noData,
  perSlot,
  ratioValues,
  sortedBreakdown,
  summedRatio,
  sumValues,
} from './slots.ts';
import { CustomerEvents, type Timeline } from './timeline.ts';

/** Per slot: sessions starting in it, the engaged ones, those with a purchase, and their summed durations. */
async function sessionStats({ slots, settings: s, inputs }: KpiContext) {
  const sessions = await inputs.sessions();
  const count = perSlot(slots);
  const engaged = perSlot(slots);
  const purchased = perSlot(slots);
  const duration = perSlot(slots);
  const engagedMs = s.engagedSessionSeconds * 1000;
  for (let k = 0; k < sessions.count; k++) {
    const i = slots.slot(sessions.starts[k]);
    if (i < 0) continue;
    const length = sessions.ends[k] - sessions.starts[k];
    count[i]++;
    duration[i] += length;
    if (length >= engagedMs || sessions.hits[k] >= s.engagedSessionEvents || sessions.flags[k] & KEY_EVENT) {
      engaged[i]++;
    }
    if (sessions.flags[k] & PURCHASE) purchased[i]++;
  }
  return { count, engaged, purchased, duration, notEngaged: count.map((n, i) => n - engaged[i]) };
}

/** Distinct customers of `line` (bit 1) and of the visits (bit 0) per slot: the share of visitors who did it. */
async function shareOfVisitors(ctx: KpiContext, line: Timeline): Promise<KpiValues> {
  const { slots, inputs } = ctx;
  const visitors = perSlot(slots);
  const doers = perSlot(slots);
  const totals = { num: 0, den: 0 };
  customerSlotFlags(
    slots,
    [await inputs.visits(), line],
    (slot, bits) => {
      if (bits & 1) visitors[slot]++;
      if (bits & 2) doers[slot]++;
    },
    (bits) => {
      if (bits & 1) totals.den++;
      if (bits & 2) totals.num++;
    },
  );
  // Nobody did it in the whole range: most likely the event is not tracked.
  return totals.num > 0 ? ratioValues(slots, doers, visitors, totals) : noData(slots);
}

/** Retained and base per slot: customers active in the slot before (the period before the range for slot 0). */
async function retention({ slots, inputs }: KpiContext): Promise<KpiValues> {
  const visits = await inputs.visits();
  const retained = perSlot(slots);
  const base = perSlot(slots);
  // The calendar period before the first one (whose start may be before `from`).
  const before = periodFromIndex(periodIndex(slots.from, slots.unit) - 1, slots.unit);
  const beforeEnd = slots.starts[0];
  let customer = Number.NaN;
  let previous = -2;
  for (let i = 0; i < visits.customers.length; i++) {
    const t = visits.times[i];
    const inPrevious = t >= before && t < beforeEnd;
    const s = inPrevious ? -1 : slots.slot(t);
    if (s < 0 && !inPrevious) continue;
    if (visits.customers[i] !== customer) {
      customer = visits.customers[i];
      previous = -2;
    }
    if (s === previous) continue;
    // Active in a new slot s (or the period before the range, −1): base of s + 1, retained in s if active in s − 1.
    if (s + 1 < slots.count) base[s + 1]++;
    if (s >= 0 && previous === s - 1) retained[s]++;
    previous = s;
  }
  return summedRatio(slots, retained, base);
}

/** Mean distinct active UTC days per active customer. */
async function usageFrequency({ slots, inputs }: KpiContext): Promise<KpiValues> {
  const visits = await inputs.visits();
  const days = perSlot(slots);
  let totalDays = 0;
  let customer = Number.NaN;
  let day = -1;
  for (let i = 0; i < visits.customers.length; i++) {
    const s = slots.slot(visits.times[i]);
    if (s < 0) continue;
    const d = Math.floor(visits.times[i] / DAY);
    if (visits.customers[i] === customer && d === day) continue;
    customer = visits.customers[i];
    day = d;
    // A day is within one slot: periods are whole UTC days.
    days[s]++;
    totalDays++;
  }
  const active = distinctPerSlot(slots, visits.customers, visits.times);
  return ratioValues(slots, days, active.perSlot, { num: totalDays, den: active.total });
}

/** Share of the period's mature leads who activated within the window. */
async function activation({ slots, settings: s, inputs }: KpiContext): Promise<KpiValues> {
  const leads = await inputs.firstLeads();
  const windowMs = s.activationWindowDays * DAY;
  const lines: CustomerEvents[] = [];
  if (s.activationEvents.length > 0) {
    for (const name of new Set(s.activationEvents)) lines.push(new CustomerEvents(await inputs.events(name)));
  } else {
    lines.push(new CustomerEvents(await inputs.visits()));
  }
  const byEvent = s.activationEvents.length > 0;
  const cohort = perSlot(slots);
  const activated = perSlot(slots);
  for (const [c, t] of leads) {
    const i = slots.slot(t);
    if (i < 0 || t + windowMs > slots.now) continue;
    cohort[i]++;
    // Events after the lead event, or (by default) visits from the next UTC day on.
    const after = byEvent ? t : (Math.floor(t / DAY) + 1) * DAY;
    const did = lines.some((line) => {
      const k = line.next(c, after, byEvent);
      return k >= 0 && line.line.times[k] <= t + windowMs;
    });
    if (did) activated[i]++;
  }
  return summedRatio(slots, activated, cohort);
}

export const VISIT_KPIS: Record<string, KpiCompute> = {
  active_customers: async ({ slots, inputs }) => {
    const days = await inputs.activeDays();
    const d = distinctPerSlot(slots, days.customers, days.times);
    return d.total > 0 ? { value: d.total, series: slots.series(d.perSlot) } : noData(slots);
  },
  reach: async ({ slots, inputs }) => {
    const visits = await inputs.visits();
    const d = distinctPerSlot(slots, visits.customers, visits.times);
    return d.total > 0 ? { value: d.total, series: slots.series(d.perSlot) } : noData(slots);
  },
  page_views: async ({ slots, inputs }) => {
    const days = await inputs.pageViews();
    const counts = perSlot(slots);
    // Periods are whole UTC days, so each day's count belongs to one slot (the range's partial days included).
    for (const d of days) counts[slots.slot(Math.max(d.day, slots.from))] += d.views;
    return sumValues(slots, counts, days.length > 0);
  },
  sessions: async (ctx) => {
    const { count } = await sessionStats(ctx);
    return sumValues(
      ctx.slots,
      count,
      count.some((n) => n > 0),
    );
  },
  time_on_site: async (ctx) => {
    const { count, duration } = await sessionStats(ctx);
    return summedRatio(ctx.slots, duration, count);
  },
  bounce_rate: async (ctx) => {
    const { count, notEngaged } = await sessionStats(ctx);
    return summedRatio(ctx.slots, notEngaged, count);
  },
  engagement_rate: async (ctx) => {
    const { count, engaged } = await sessionStats(ctx);
    return summedRatio(ctx.slots, engaged, count);
  },
  conversion_rate: async (ctx) => {
    const { count, purchased } = await sessionStats(ctx);
    // No purchase in any session of the range: most likely the purchase event is not tracked.
    return purchased.some((n) => n > 0) ? summedRatio(ctx.slots, purchased, count) : noData(ctx.slots);
  },
  visitor_conversion_rate: async (ctx) =>
    shareOfVisitors(ctx, await ctx.inputs.events(ctx.settings.purchaseEvent)),
  referral_rate: async (ctx) => shareOfVisitors(ctx, await ctx.inputs.events(ctx.settings.referralSentEvent)),
  usage_frequency: usageFrequency,
  retention_rate: retention,
  activation_rate: activation,
  traffic_by_channel: async ({ slots, inputs }) => {
    const seen = (await inputs.firstSeen()).filter((r) => slots.slot(r.t) >= 0);
    if (seen.length === 0) return noData(slots);
    const counts = perSlot(slots);
    for (const r of seen) counts[slots.slot(r.t)]++;
    const channels = new Map<string, number | null>();
    for (const a of await inputs.visitorChannels())
      channels.set(a.channel, (channels.get(a.channel) ?? 0) + 1);
    let known = 0;
    for (const n of channels.values()) known += n ?? 0;
    if (seen.length > known) channels.set('(none)', seen.length - known);
    return { ...sumValues(slots, counts, true), breakdown: sortedBreakdown('channel', channels) };
  },
};
