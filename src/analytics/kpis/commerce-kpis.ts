import { DAY, HOUR } from '../../core/index.ts';
import type { KpiCompute, KpiContext } from './kpi-context.ts';
import {
  distinctPerSlot,
  type KpiValues,
  medianValues,
  noData,
  perSlot,
  ratioValues,
  type Slots,
  summedRatio,
  sumValues,
} from './slots.ts';
import { CustomerEvents, type Timeline } from './timeline.ts';

/** Per slot: orders, orders with a value, and their summed value. */
async function orderStats({ slots, settings, inputs }: KpiContext) {
  const orders = await inputs.events(settings.purchaseEvent);
  const count = perSlot(slots);
  const valued = perSlot(slots);
  const revenue = perSlot(slots);
  let any = false;
  let anyValue = false;
  for (let k = 0; k < orders.times.length; k++) {
    const i = slots.slot(orders.times[k]);
    if (i < 0) continue;
    any = true;
    count[i]++;
    const v = orders.values[k];
    if (!Number.isNaN(v)) {
      anyValue = true;
      valued[i]++;
      revenue[i] += v;
    }
  }
  return { orders, count, valued, revenue, any, anyValue };
}

/** Counts per slot of the times in the range; no data when there are none. */
function countTimes(slots: Slots, times: Iterable<number>): KpiValues {
  const counts = perSlot(slots);
  let any = false;
  for (const t of times) {
    const i = slots.slot(t);
    if (i < 0) continue;
    counts[i]++;
    any = true;
  }
  return sumValues(slots, counts, any);
}

/**
 * Carts (or checkouts) opened in the range: abandoned / (abandoned + converted). A customer's opening
 * event opens a cart unless one is open; later ones join it; a purchase within the window of its last
 * one converts it, and none does abandon it. Carts whose window is still running at the horizon (now,
 * or the end of the events read) are left out. On equal times the cart event comes first.
 */
export function abandonment(
  slots: Slots,
  carts: Timeline,
  purchases: Timeline,
  windowMs: number,
  horizon: number,
): KpiValues {
  const opened = perSlot(slots);
  const abandoned = perSlot(slots);
  let openSlot = -2;
  let lastAdd = 0;
  const close = (lost: boolean) => {
    if (openSlot >= 0) {
      opened[openSlot]++;
      if (lost) abandoned[openSlot]++;
    }
    openSlot = -2;
  };
  const finish = () => {
    if (openSlot !== -2 && lastAdd + windowMs <= horizon) close(true);
    openSlot = -2;
  };
  let i = 0;
  let j = 0;
  let customer = Number.NaN;
  const nc = carts.customers.length;
  const np = purchases.customers.length;
  while (i < nc || j < np) {
    const cartFirst =
      j >= np ||
      (i < nc &&
        (carts.customers[i] < purchases.customers[j] ||
          (carts.customers[i] === purchases.customers[j] && carts.times[i] <= purchases.times[j])));
    const c = cartFirst ? carts.customers[i] : purchases.customers[j];
    const t = cartFirst ? carts.times[i++] : purchases.times[j++];
    if (c !== customer) {
      finish();
      customer = c;
    }
    if (openSlot !== -2 && t - lastAdd >= windowMs) close(true);
    if (cartFirst) {
      if (openSlot === -2) openSlot = slots.slot(t);
      lastAdd = t;
    } else if (openSlot !== -2) {
      close(false);
    }
  }
  finish();
  return summedRatio(slots, abandoned, opened);
}

async function abandonmentOf(ctx: KpiContext, event: string): Promise<KpiValues> {
  const { slots, settings: s, inputs } = ctx;
  const horizon = Math.min(slots.now, inputs.plan.events.to);
  return abandonment(
    slots,
    await inputs.events(event),
    await inputs.events(s.purchaseEvent),
    s.cartAbandonmentWindowHours * HOUR,
    horizon,
  );
}

/** Of the buyers of each slot, those with two orders or more by its end. */
async function repeatPurchase(ctx: KpiContext): Promise<KpiValues> {
  const { slots, inputs } = ctx;
  const { orders } = await orderStats(ctx);
  const firsts = new Map((await inputs.firstPurchases()).map((r) => [r.c, r.t]));
  const buyers = perSlot(slots);
  const repeat = perSlot(slots);
  const totals = { num: 0, den: 0 };
  let customer = Number.NaN;
  let slot = -1;
  let inSlot = 0;
  let inRange = 0;
  const flushSlot = () => {
    if (slot < 0) return;
    const first = firsts.get(customer);
    buyers[slot]++;
    if (first === undefined || first < slots.begin(slot) || inSlot >= 2) repeat[slot]++;
  };
  const flushCustomer = () => {
    if (inRange === 0) return;
    totals.den++;
    if (!firsts.has(customer) || inRange >= 2) totals.num++;
  };
  for (let k = 0; k < orders.times.length; k++) {
    const s = slots.slot(orders.times[k]);
    if (s < 0) continue;
    const c = orders.customers[k];
    if (c !== customer || s !== slot) {
      flushSlot();
      if (c !== customer) {
        flushCustomer();
        inRange = 0;
      }
      customer = c;
      slot = s;
      inSlot = 0;
    }
    inSlot++;
    inRange++;
  }
  flushSlot();
  flushCustomer();
  return ratioValues(slots, repeat, buyers, totals);
}

export const COMMERCE_KPIS: Record<string, KpiCompute> = {
  orders: async (ctx) => {
    const { count, any } = await orderStats(ctx);
    return sumValues(ctx.slots, count, any);
  },
  revenue: async (ctx) => {
    const { revenue, anyValue } = await orderStats(ctx);
    return sumValues(ctx.slots, revenue, anyValue);
  },
  aov: async (ctx) => {
    const { revenue, valued } = await orderStats(ctx);
    return summedRatio(ctx.slots, revenue, valued);
  },
  purchase_frequency: async (ctx) => {
    const { orders, count } = await orderStats(ctx);
    const buyers = distinctPerSlot(ctx.slots, orders.customers, orders.times);
    let total = 0;
    for (const n of count) total += n;
    return ratioValues(ctx.slots, count, buyers.perSlot, { num: total, den: buyers.total });
  },
  repeat_purchase_rate: repeatPurchase,
  new_customers: async ({ slots, inputs }) =>
    countTimes(
      slots,
      (await inputs.firstPurchases()).map((r) => r.t),
    ),
  leads: async ({ slots, inputs }) => countTimes(slots, (await inputs.firstLeads()).values()),
  lead_conversion_rate: async ({ slots, settings: s, inputs }) => {
    const line = await inputs.events(s.purchaseEvent);
    // No purchase at all: most likely the purchase event is not tracked.
    if (line.times.length === 0) return noData(slots);
    const purchases = new CustomerEvents(line);
    const windowMs = s.leadConversionWindowDays * DAY;
    const cohort = perSlot(slots);
    const converted = perSlot(slots);
    for (const [c, t] of await inputs.firstLeads()) {
      const i = slots.slot(t);
      if (i < 0 || t + windowMs > slots.now) continue;
      cohort[i]++;
      const k = purchases.next(c, t);
      if (k >= 0 && purchases.line.times[k] <= t + windowMs) converted[i]++;
    }
    return summedRatio(slots, converted, cohort);
  },
  cart_abandonment_rate: (ctx) => abandonmentOf(ctx, ctx.settings.cartEvent),
  checkout_abandonment_rate: (ctx) => abandonmentOf(ctx, ctx.settings.checkoutEvent),
  time_to_first_purchase: async ({ slots, inputs }) => {
    const buyers = await inputs.firstPurchases();
    if (buyers.length === 0) return noData(slots);
    const seen = new Map((await inputs.firstSeen()).map((r) => [r.c, r.t]));
    const slotOf = buyers.map((r) => slots.slot(r.t));
    // Seen before the lookback: known only to be longer than it.
    const waits = buyers.map((r) => {
      const first = seen.get(r.c);
      return first === undefined ? Number.POSITIVE_INFINITY : Math.max(0, r.t - first);
    });
    return medianValues(slots, slotOf, waits);
  },
};
