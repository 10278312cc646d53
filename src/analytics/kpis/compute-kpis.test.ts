import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DAY, HOUR, type Message } from '../../core/index.ts';
import type { Store } from '../../storage/index.ts';
import {
  type Harness,
  ingest,
  newWorkspace,
  page,
  storeAdapters,
  track,
} from '../../storage/test-support.ts';
import type { Workspace } from '../../workspaces/index.ts';
import type { AnalyticsStorage } from '../analytics-store.ts';
import type { PeriodUnit } from '../periods.ts';
import { COMPUTED_KPIS, computeKpis, type KpiResult } from './compute-kpis.ts';
import { analyticsSettings } from './settings.ts';

// Answers known by construction, against both adapters; without PostgreSQL its half is skipped, except in CI.
const adapters = await storeAdapters();

/** Monday 2026-02-23: day 6 is March 1 (still ISO week 9), day 7 starts week 10. */
const W = Date.parse('2026-02-23T00:00:00Z');
const at = (day: number, h: number, m = 0, s = 0) => W + day * DAY + h * HOUR + m * 60_000 + s * 1000;
const FROM = W;
const TO = W + 14 * DAY;
const NOW = TO + 40 * DAY;

const pv = (user: string, t: number, channel?: string, campaign?: string): Message =>
  page({ userId: user }, 'home', {
    timestamp: t,
    ...(channel ? { channel } : {}),
    ...(campaign ? { campaign } : {}),
  });
const ev = (user: string, name: string, t: number, properties = {}, extra: Partial<Message> = {}): Message =>
  track({ userId: user }, name, properties, { timestamp: t, ...extra });
const order = (user: string, t: number, value: number) =>
  ev(user, 'Order Completed', t, { revenue: value }, { value });
const added = (user: string, t: number) => ev(user, 'Product Added', t);

/**
 * The shop: 10 visitors, 14 sessions (4 not engaged, 5 with an order), 4 new buyers with 5 orders
 * worth 125 (AOV 25), 5 carts of which 3 are abandoned, 3 leads (1 converts, 1 comes back), 100 of
 * spend (CAC 25).
 */
const SHOP: Message[] = [
  // v0: paid search; orders 10 (day 0) and 40 (day 8).
  pv('v0', at(0, 10), 'paid_search', 'boots'),
  added('v0', at(0, 10, 0, 5)),
  order('v0', at(0, 10, 5), 10),
  pv('v0', at(8, 12), 'web'),
  order('v0', at(8, 12, 0, 30), 40),
  // v1: paid search; one order.
  pv('v1', at(1, 9), 'paid_search', 'boots'),
  added('v1', at(1, 9, 0, 2)),
  order('v1', at(1, 9, 1), 20),
  // v2: email, on March 1; a lead who buys 10 s later.
  pv('v2', at(6, 15), 'email', 'spring'),
  ev('v2', 'Signed Up', at(6, 15, 0, 10)),
  order('v2', at(6, 15, 0, 20), 30),
  // v3: direct.
  pv('v3', at(9, 11), 'direct'),
  order('v3', at(9, 11, 2), 25),
  // v4, v5, v6: abandoned carts (v6 adds twice to one cart); v5 comes back and bounces.
  pv('v4', at(2, 14), 'direct'),
  added('v4', at(2, 14, 0, 3)),
  pv('v5', at(3, 8), 'organic_search'),
  added('v5', at(3, 8, 0, 4)),
  pv('v5', at(10, 8), 'web'),
  pv('v6', at(7, 20), 'referral'),
  added('v6', at(7, 20, 0, 5)),
  added('v6', at(7, 20, 10)),
  // v7: one bounce; an email delivered later is not a visit.
  pv('v7', at(4, 10), 'direct'),
  ev('v7', 'Email Delivered', at(12, 10), {}, { channel: 'email' }),
  // v8: signs up alone (engaged by the key event), comes back two days later.
  ev('v8', 'Signed Up', at(5, 10)),
  pv('v8', at(7, 9), 'web'),
  // v9: a lead; 20 minutes between pages (one session), then exactly 30 (a new one); promotions.
  pv('v9', at(11, 10), 'organic_search'),
  ev('v9', 'Signed Up', at(11, 10, 0, 10)),
  ev('v9', 'Promotion Viewed', at(11, 10, 0, 11)),
  ev('v9', 'Promotion Viewed', at(11, 10, 0, 12)),
  ev('v9', 'Promotion Clicked', at(11, 10, 0, 13)),
  ev('v9', 'Promotion Viewed', at(11, 10, 0, 14)),
  ev('v9', 'Promotion Viewed', at(11, 10, 0, 15)),
  pv('v9', at(11, 10, 20), 'web'),
  pv('v9', at(11, 10, 50), 'web'),
];

const nps = (user: string, t: number, score: number | string, type?: string) =>
  ev(user, 'Survey Responded', t, type ? { type, score } : { score });

/** The service side: surveys, tickets, email, loyalty, reviews, referrals. */
const SERVICE: Message[] = [
  // NPS: 5 promoters (s0's latest), 3 passives, 2 detractors → 30; s0's first answer is superseded.
  nps('s0', at(1, 9), 3),
  nps('s0', at(9, 9), 10, 'nps'),
  ...['s1', 's2', 's4'].map((u) => nps(u, at(2, 9), 9)),
  nps('s3', at(2, 10), '9', 'NPS'),
  ...['s5', 's7'].map((u) => nps(u, at(8, 9), 7)),
  nps('s6', at(8, 9), 8),
  nps('s7', at(8, 10), 11),
  nps('s8', at(3, 9), 6),
  nps('s9', at(10, 9), 0),
  // CSAT: 5, 4, 3, 2 → half satisfied; a 6 is off the scale.
  ...[5, 4, 3, 2, 6].map((score, i) => nps(`s${i}`, at(4, 12), score, 'csat')),
  // Tickets: 2 h, 4 h (created before the range), 6 h; one still open.
  ev('s0', 'Ticket Created', at(0, 8), { ticket_id: 101 }),
  ev('s0', 'Ticket Resolved', at(0, 10), { ticket_id: 101 }),
  ev('s1', 'Ticket Created', at(-1, 22), { ticket_id: 'T-2' }),
  ev('s1', 'Ticket Resolved', at(0, 2), { ticket_id: 'T-2' }),
  ev('s2', 'Ticket Created', at(9, 0), { ticket_id: 'T-3' }),
  ev('s2', 'Ticket Resolved', at(9, 6), { ticket_id: 'T-3' }),
  ev('s2', 'Ticket Created', at(12, 0), { ticket_id: 'T-4' }),
  // Email: 5 recipients, 2 openers (s0 twice), 1 clicker; s9 opens without a delivery in the range;
  // s2's and s3's opens are machine opens (Apple Mail Privacy Protection, a scanner) and count for nothing.
  ...['s0', 's1', 's2', 's3', 's4'].map((u) => ev(u, 'Email Delivered', at(1, 7))),
  ev('s2', 'Email Opened', at(1, 7, 1), { machine: true, detail: 'machine: apple-mpp' }),
  ev('s3', 'Email Opened', at(1, 7, 2), { machine: true }),
  ev('s0', 'Email Opened', at(1, 8)),
  ev('s0', 'Email Opened', at(2, 8)),
  ev('s1', 'Email Opened', at(1, 8)),
  ev('s0', 'Email Link Clicked', at(1, 8, 1)),
  ev('s9', 'Email Opened', at(10, 8)),
  // Loyalty: 150 earned, 30 redeemed (sent negative); tiers: s2 silver before the range, s0 gold then platinum.
  ev('s0', 'Loyalty Points Earned', at(2, 11), { points: 100 }),
  ev('s1', 'Loyalty Points Earned', at(9, 11), { points: 50 }),
  ev('s0', 'Loyalty Points Redeemed', at(10, 11), { points: -30 }),
  ev('s2', 'Loyalty Tier Changed', at(-5, 11), { tier: 'silver' }),
  ev('s0', 'Loyalty Tier Changed', at(2, 11, 1), { tier: 'gold' }),
  ev('s1', 'Loyalty Tier Changed', at(3, 11), { tier: 'silver' }),
  ev('s0', 'Loyalty Tier Changed', at(9, 11, 1), { tier: 'platinum' }),
  // Reviews: ratings 4 and 5, and one without a rating.
  ev('s0', 'Product Reviewed', at(3, 15), { rating: 4 }),
  ev('s1', 'Product Reviewed', at(9, 15), { rating: 5 }),
  ev('s2', 'Product Reviewed', at(9, 16), { review_body: 'ok' }),
  // Referrals: s0 sends 2, s1 sends 1; one converts.
  ev('s0', 'Referral Sent', at(2, 16)),
  ev('s0', 'Referral Sent', at(2, 17)),
  ev('s1', 'Referral Sent', at(9, 17)),
  ev('s0', 'Referral Completed', at(5, 12)),
];

/** Counts the storage calls, by method and arguments. */
function counting(storage: AnalyticsStorage): { storage: AnalyticsStorage; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(storage, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(`${String(prop)} ${JSON.stringify(args)}`);
        return value.apply(target, args);
      };
    },
  });
  return { storage: proxy, calls };
}

const byId = (results: KpiResult[]) => new Map(results.map((r) => [r.id, r]));
const values = (r: KpiResult | undefined) => r!.series.map((p) => p.value);
const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

for (const adapter of adapters) {
  describe(`KPIs (${adapter.name})`, { skip: adapter.skip }, () => {
    let harness: Harness;
    let store: Store;
    let shop: Workspace;
    let service: Workspace;
    const kpis = (ws: Workspace, unit: PeriodUnit, ids?: string[], now = NOW) =>
      computeKpis(store.analytics, ws.id, { from: FROM, to: TO, unit, ids, now }).then(byId);

    before(async () => {
      harness = adapter.make();
      store = harness.open();
      await store.migrate();
      shop = await newWorkspace(store);
      service = await newWorkspace(store);
      await ingest(store, shop, ...SHOP);
      await ingest(store, service, ...SERVICE);
      const spend = { campaign: '', impressions: null, clicks: null };
      await store.analytics.putSpend(shop.id, [
        {
          ...spend,
          day: W,
          channel: 'paid_search',
          campaign: 'boots',
          amount: 60,
          impressions: 1000,
          clicks: 50,
        },
        { ...spend, day: W + 7 * DAY, channel: 'email', amount: 40, impressions: 400, clicks: 10 },
      ]);
    });
    after(async () => {
      await store?.close();
      await harness?.cleanup();
    });

    it('counts visitors, sessions and page views, unique per period and not summed', async () => {
      const week = await kpis(shop, 'week');
      assert.deepEqual(
        week.get('reach')!.series.map((p) => [p.label, p.value]),
        [
          ['2026-W09', 7],
          ['2026-W10', 6],
        ],
      );
      assert.equal(week.get('reach')!.value, 10);
      assert.deepEqual(values((await kpis(shop, 'month')).get('reach')), [6, 7]);
      // Active customers count any client event from the per-day activity table: the same customers as
      // the raw log says, per week and over the range.
      const raw = await store.analytics.activity(shop.id, { from: FROM, to: TO });
      const distinct = (from: number, to: number) =>
        new Set(raw.filter((r) => r.t >= from && r.t < to).map((r) => r.c)).size;
      assert.deepEqual(values(week.get('active_customers')), [
        distinct(W, W + 7 * DAY),
        distinct(W + 7 * DAY, TO),
      ]);
      assert.equal(week.get('active_customers')!.value, distinct(FROM, TO));
      assert.ok(week.get('active_customers')!.value! >= week.get('reach')!.value!);
      assert.equal(week.get('page_views')!.value, 14);
      assert.equal(week.get('sessions')!.value, 14);
      close(week.get('bounce_rate')!.value, 4 / 14);
      close(week.get('engagement_rate')!.value, 10 / 14);
      close(week.get('time_on_site')!.value, 2_337_000 / 14);
      close(week.get('conversion_rate')!.value, 5 / 14);
      close(week.get('visitor_conversion_rate')!.value, 0.4);
      assert.deepEqual(values(week.get('visitor_conversion_rate')), [3 / 7, 2 / 6]);
      close(week.get('usage_frequency')!.value, 1.3);
      assert.deepEqual(values(week.get('retention_rate')), [null, 3 / 7]);
      assert.equal(week.get('promotion_impressions')!.value, 4);
      assert.equal(week.get('promotion_ctr')!.value, 0.25);
      const traffic = week.get('traffic_by_channel')!;
      assert.equal(traffic.value, 10);
      assert.deepEqual(
        traffic.breakdown!.map((b) => [b.key, b.value]),
        [
          ['direct', 3],
          ['organic_search', 2],
          ['paid_search', 2],
          ['(none)', 1],
          ['email', 1],
          ['referral', 1],
        ],
      );
    });

    it('computes orders, AOV, carts, leads and repeat purchases across week and month boundaries', async () => {
      const week = await kpis(shop, 'week');
      const month = await kpis(shop, 'month');
      assert.equal(week.get('orders')!.value, 5);
      assert.deepEqual(values(week.get('orders')), [3, 2]);
      assert.deepEqual(values(month.get('orders')), [2, 3]);
      assert.deepEqual(
        month.get('orders')!.series.map((p) => p.label),
        ['2026-02', '2026-03'],
      );
      assert.equal(month.get('orders')!.series[0]!.period, Date.parse('2026-02-01T00:00:00Z'));
      assert.equal(week.get('revenue')!.value, 125);
      assert.equal(week.get('aov')!.value, 25);
      assert.deepEqual(values(week.get('aov')), [20, 32.5]);
      assert.equal(week.get('purchase_frequency')!.value, 1.25);
      assert.equal(week.get('repeat_purchase_rate')!.value, 0.25);
      assert.deepEqual(values(week.get('repeat_purchase_rate')), [0, 0.5]);
      assert.equal(week.get('new_customers')!.value, 4);
      assert.equal(week.get('cart_abandonment_rate')!.value, 0.6);
      assert.equal(week.get('checkout_abandonment_rate')!.value, null);
      assert.equal(week.get('time_to_first_purchase')!.value, 90_000);
      assert.equal(week.get('leads')!.value, 3);
      close(week.get('lead_conversion_rate')!.value, 1 / 3);
      close(week.get('activation_rate')!.value, 1 / 3);
      assert.equal(week.get('historical_clv')!.value, 31.25);
      assert.deepEqual(values(week.get('historical_clv')), [20, 31.25]);
    });

    it('divides spend by new customers, overall, per period, per channel and per campaign', async () => {
      const week = await kpis(shop, 'week');
      const cac = week.get('cac')!;
      assert.equal(cac.value, 25);
      assert.deepEqual(values(cac), [20, 40]);
      assert.deepEqual(
        cac.breakdown!.map((b) => [b.dimension, b.key, b.value]),
        [
          ['channel', 'email', 40],
          ['channel', 'paid_search', 30],
          ['campaign', 'paid_search/boots', 30],
        ],
      );
      assert.equal(week.get('marketing_spend')!.value, 100);
      assert.equal(week.get('ad_impressions')!.value, 1400);
      close(week.get('ad_ctr')!.value, 60 / 1400);
      assert.equal(week.get('ltv_cac')!.value, 1.25);
      assert.deepEqual(values(week.get('ltv_cac')), [1, 31.25 / 40]);
    });

    it('scores surveys, tickets, email, loyalty, reviews and referrals', async () => {
      const week = await kpis(service, 'week');
      assert.equal(week.get('nps')!.value, 30);
      assert.deepEqual(values(week.get('nps')), [(100 * 2) / 6, 0]);
      assert.equal(week.get('nps_promoters_share')!.value, 0.5);
      assert.equal(week.get('csat')!.value, 0.5);
      assert.equal(week.get('support_resolution_time')!.value, 4 * HOUR);
      assert.deepEqual(values(week.get('support_resolution_time')), [3 * HOUR, 6 * HOUR]);
      assert.equal(week.get('email_open_rate')!.value, 0.4);
      assert.equal(week.get('email_click_rate')!.value, 0.2);
      assert.equal(week.get('loyalty_points_earned')!.value, 150);
      assert.equal(week.get('loyalty_points_redeemed')!.value, 30);
      const tiers = week.get('tier_mix')!;
      assert.equal(tiers.value, 3);
      assert.deepEqual(values(tiers), [3, 3]);
      assert.deepEqual(
        tiers.breakdown!.map((b) => [b.key, b.value]),
        [
          ['silver', 2],
          ['platinum', 1],
        ],
      );
      assert.equal(week.get('reviews')!.value, 3);
      assert.equal(week.get('review_rating')!.value, 4.5);
      assert.equal(week.get('referrals_sent')!.value, 3);
      assert.equal(week.get('referrals_converted')!.value, 1);
      assert.equal(week.get('reach')!.value, 10);
      assert.equal(week.get('referral_rate')!.value, 0.2);
    });

    it('reports null, not 0, where there is no data or nothing observable yet', async () => {
      const week = await kpis(service, 'week');
      for (const id of [
        'conversion_rate',
        'visitor_conversion_rate',
        'checkout_abandonment_rate',
        'orders',
        'aov',
        'cac',
        'marketing_spend',
        'ltv_cac',
        'churn_rate',
        'predicted_clv',
        'leads',
      ]) {
        assert.equal(week.get(id)!.value, null, id);
        assert.ok(
          values(week.get(id)).every((v) => v === null),
          id,
        );
      }
      // Days after now are null; leads whose 30-day window is still open are not counted yet.
      const early = await kpis(shop, 'day', ['orders', 'lead_conversion_rate'], at(10, 12));
      assert.deepEqual(values(early.get('orders')).slice(9), [1, 0, null, null, null]);
      assert.equal(early.get('lead_conversion_rate')!.value, null);
    });

    it('reads the predicted CLV of the latest fit, also as the LTV of LTV:CAC', async () => {
      await store.analytics.saveFit(shop.id, { population: { meanClv: 50 } }, NOW);
      const week = await kpis(shop, 'week', ['predicted_clv']);
      assert.equal(week.get('predicted_clv')!.value, 50);
      assert.deepEqual(values(week.get('predicted_clv')), [null, null]);
      const settings = analyticsSettings({ ltvBasis: 'predicted', grossMargin: 0.5 });
      const [ltv] = await computeKpis(store.analytics, shop.id, {
        from: FROM,
        to: TO,
        unit: 'week',
        now: NOW,
        ids: ['ltv_cac'],
        settings,
      });
      assert.equal(ltv!.value, 1);
      assert.deepEqual(values(ltv), [1.25, 0.625]);
      assert.match(ltv!.definition.formula, /mean predicted CLV/);
    });

    it('reads each input once, and only the inputs the requested KPIs need', async () => {
      const all = counting(store.analytics);
      await computeKpis(all.storage, shop.id, { from: FROM, to: TO, unit: 'week', now: NOW });
      assert.equal(new Set(all.calls).size, all.calls.length, all.calls.join('\n'));
      const names = all.calls
        .filter((c) => c.startsWith('namedEvents'))
        .map((c) => JSON.parse(c.slice(12))[1][0]);
      assert.equal(new Set(names).size, names.length);
      const one = counting(store.analytics);
      const [aov] = await computeKpis(one.storage, shop.id, {
        from: FROM,
        to: TO,
        unit: 'week',
        now: NOW,
        ids: ['aov'],
      });
      assert.equal(aov!.value, 25);
      assert.deepEqual(
        one.calls.map((c) => c.split(' ')[0]),
        ['namedEvents'],
      );
      assert.equal(
        COMPUTED_KPIS.length,
        (await computeKpis(store.analytics, shop.id, { from: FROM, to: TO, unit: 'week', now: NOW })).length,
      );
    });
  });
}
