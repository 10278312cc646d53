import type { SpendRow, StoredFit } from '../analytics-store.ts';
import { customerSlotFlags } from './customer-walks.ts';
import type { KpiCompute, KpiContext } from './kpi-context.ts';
import {
  divide,
  type KpiBreakdownItem,
  type KpiValues,
  noData,
  perSlot,
  ratioValues,
  type Slots,
  sortedBreakdown,
  summedRatio,
  sumValues,
} from './slots.ts';
import { type Timeline, timeline } from './timeline.ts';

/** The slot of a spend day: a day that began before `from` belongs to the first slot. */
const spendSlot = (slots: Slots, row: SpendRow) => slots.slot(Math.max(row.day, slots.from));

/** Sums of one figure of the spend rows (rows without it skipped), per slot and per channel. */
function spendSums(slots: Slots, rows: SpendRow[], pick: (r: SpendRow) => number | null) {
  const sums = perSlot(slots);
  const rowsIn = perSlot(slots);
  const byChannel = new Map<string, number>();
  let any = false;
  for (const r of rows) {
    const v = pick(r);
    const i = spendSlot(slots, r);
    if (v === null || i < 0) continue;
    any = true;
    sums[i] += v;
    rowsIn[i]++;
    byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + v);
  }
  return { sums, rowsIn, byChannel, any };
}

/** The values with their breakdown, unless it is empty. */
const withBreakdown = (values: KpiValues, breakdown: KpiBreakdownItem[]): KpiValues =>
  breakdown.length > 0 ? { ...values, breakdown } : values;

/** Blended CAC per slot and over the range, and the parts it is made of. */
async function cacParts({ slots, inputs }: KpiContext) {
  const spend = spendSums(slots, await inputs.spend(), (r) => r.amount);
  const buyers = perSlot(slots);
  const firsts = await inputs.firstPurchases();
  for (const r of firsts) {
    const i = slots.slot(r.t);
    if (i >= 0) buyers[i]++;
  }
  let total = 0;
  for (const v of spend.sums) total += v;
  // A period without spend rows has no CAC, rather than a CAC of 0.
  const series = Array.from(spend.sums, (v, i) => (spend.rowsIn[i] > 0 ? divide(v, buyers[i]) : null));
  const value = spend.any ? divide(total, firsts.filter((r) => slots.slot(r.t) >= 0).length) : null;
  return { spend, value, series };
}

async function cac(ctx: KpiContext): Promise<KpiValues> {
  const { slots, inputs } = ctx;
  const { spend, value, series } = await cacParts(ctx);
  if (!spend.any) return noData(slots);
  const acquired = await inputs.buyerChannels();
  const buyersOf = new Map<string, number>();
  const bump = (key: string) => buyersOf.set(key, (buyersOf.get(key) ?? 0) + 1);
  for (const a of acquired) {
    bump(a.channel);
    if (a.campaign) bump(`${a.channel}/${a.campaign}`);
  }
  const campaigns = new Map<string, number>();
  for (const r of await inputs.spend()) {
    if (r.campaign && spendSlot(slots, r) >= 0) {
      const key = `${r.channel}/${r.campaign}`;
      campaigns.set(key, (campaigns.get(key) ?? 0) + r.amount);
    }
  }
  const per = (amounts: Map<string, number>) =>
    new Map([...amounts].map(([key, amount]) => [key, divide(amount, buyersOf.get(key) ?? 0)]));
  const breakdown: KpiBreakdownItem[] = [
    ...sortedBreakdown('channel', per(spend.byChannel)),
    ...sortedBreakdown('campaign', per(campaigns)),
  ];
  return { value, series: slots.series(series), breakdown };
}

/** The mean predicted CLV of a fit report: `population.meanClv` (or a top-level `meanClv`). */
export function meanPredictedClv(fit: StoredFit | null): number | null {
  const report = fit?.report as { population?: { meanClv?: unknown }; meanClv?: unknown } | undefined;
  const v = report?.population?.meanClv ?? report?.meanClv;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Revenue to date / buyers to date at the end of each slot (whole history, by purchase day). */
async function historicalClv({
  slots,
  inputs,
}: KpiContext): Promise<{ value: number | null; series: (number | null)[] }> {
  const days = await inputs.purchaseDays();
  // Index 0 is everything before the range; slot i is at i + 1.
  const revenue = new Float64Array(slots.count + 1);
  const buyers = new Float64Array(slots.count + 1);
  let customer = Number.NaN;
  for (const r of days) {
    const i = r.day < slots.from ? 0 : Math.max(0, slots.slot(r.day)) + 1;
    revenue[i] += r.v;
    // Rows come by customer, then day: a customer's first row is their first purchase day.
    if (r.c !== customer) buyers[i]++;
    customer = r.c;
  }
  const series: (number | null)[] = [];
  let rev = revenue[0];
  let n = buyers[0];
  for (let i = 0; i < slots.count; i++) {
    rev += revenue[i + 1];
    n += buyers[i + 1];
    series.push(divide(rev, n));
  }
  return { value: series.length ? series[series.length - 1] : null, series: slots.series(series) };
}

/** Distinct recipients (bit 0) and those who also did the other event (bit 1), per slot. */
async function emailRate(
  { slots, settings, inputs }: KpiContext,
  responses: Promise<Timeline>,
): Promise<KpiValues> {
  const recipients = perSlot(slots);
  const responders = perSlot(slots);
  const totals = { num: 0, den: 0 };
  customerSlotFlags(
    slots,
    [await inputs.events(settings.emailDeliveredEvent), await responses],
    (slot, bits) => {
      if (bits & 1) recipients[slot]++;
      if ((bits & 3) === 3) responders[slot]++;
    },
    (bits) => {
      if (bits & 1) totals.den++;
      if ((bits & 3) === 3) totals.num++;
    },
  );
  return ratioValues(slots, responders, recipients, totals);
}

/**
 * The opens a person made: an open that Loopline's tracking judged a machine's (Apple Mail Privacy
 * Protection, a security scanner, a prefetch) carries `machine: true` and is left out, as engagement
 * must not count it.
 */
async function humanOpens({ settings, inputs }: KpiContext): Promise<Timeline> {
  const rows = await inputs.details(settings.emailOpenedEvent);
  return timeline(rows.filter((r) => r.properties?.machine !== true));
}

/** Counts of a named event per slot. */
async function eventCounts({ slots, inputs }: KpiContext, name: string) {
  const line = await inputs.events(name);
  const counts = perSlot(slots);
  let any = false;
  for (const t of line.times) {
    const i = slots.slot(t);
    if (i >= 0) {
      counts[i]++;
      any = true;
    }
  }
  return { counts, any };
}

export const MARKETING_KPIS: Record<string, KpiCompute> = {
  marketing_spend: async ({ slots, inputs }) => {
    const s = spendSums(slots, await inputs.spend(), (r) => r.amount);
    return withBreakdown(sumValues(slots, s.sums, s.any), sortedBreakdown('channel', s.byChannel));
  },
  ad_impressions: async ({ slots, inputs }) => {
    const s = spendSums(slots, await inputs.spend(), (r) => r.impressions);
    return withBreakdown(sumValues(slots, s.sums, s.any), sortedBreakdown('channel', s.byChannel));
  },
  ad_ctr: async ({ slots, inputs }) => {
    const rows = (await inputs.spend()).filter((r) => r.impressions !== null && r.clicks !== null);
    const clicks = spendSums(slots, rows, (r) => r.clicks);
    const impressions = spendSums(slots, rows, (r) => r.impressions);
    const byChannel = new Map(
      [...impressions.byChannel].map(([k, n]) => [k, divide(clicks.byChannel.get(k) ?? 0, n)]),
    );
    return withBreakdown(
      summedRatio(slots, clicks.sums, impressions.sums),
      sortedBreakdown('channel', byChannel),
    );
  },
  promotion_impressions: async (ctx) => {
    const { counts, any } = await eventCounts(ctx, ctx.settings.promotionViewEvent);
    return sumValues(ctx.slots, counts, any);
  },
  promotion_ctr: async (ctx) => {
    const views = await eventCounts(ctx, ctx.settings.promotionViewEvent);
    const clicks = await eventCounts(ctx, ctx.settings.promotionClickEvent);
    return summedRatio(ctx.slots, clicks.counts, views.counts);
  },
  referrals_sent: async (ctx) => {
    const { counts, any } = await eventCounts(ctx, ctx.settings.referralSentEvent);
    return sumValues(ctx.slots, counts, any);
  },
  referrals_converted: async (ctx) => {
    const { counts, any } = await eventCounts(ctx, ctx.settings.referralConvertedEvent);
    return sumValues(ctx.slots, counts, any);
  },
  cac,
  ltv_cac: async (ctx) => {
    const { slots, settings: s, inputs } = ctx;
    const parts = await cacParts(ctx);
    if (parts.value === null && parts.series.every((v) => v === null)) return noData(slots);
    let ltv: { value: number | null; series: (number | null)[] };
    if (s.ltvBasis === 'predicted') {
      const clv = meanPredictedClv(await inputs.fit());
      ltv = { value: clv, series: slots.series(new Array(slots.count).fill(clv)) };
    } else {
      ltv = await historicalClv(ctx);
    }
    const ratio = (l: number | null, c: number | null) =>
      l === null || c === null || c === 0 ? null : (l * s.grossMargin) / c;
    return {
      value: ratio(ltv.value, parts.value),
      series: slots.series(parts.series.map((c, i) => ratio(ltv.series[i], c))),
    };
  },
  email_open_rate: (ctx) => emailRate(ctx, humanOpens(ctx)),
  email_click_rate: (ctx) => emailRate(ctx, ctx.inputs.events(ctx.settings.emailClickedEvent)),
  historical_clv: historicalClv,
  predicted_clv: async ({ slots, inputs }) => ({
    value: meanPredictedClv(await inputs.fit()),
    series: new Array<null>(slots.count).fill(null),
  }),
};
