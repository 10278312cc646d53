import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DAY, HOUR, type Message } from '../core/index.ts';
import type { Store } from '../storage/index.ts';
import { type Harness, message, newWorkspace, storeAdapters } from '../storage/test-support.ts';
import type { Workspace } from '../workspaces/index.ts';
import { funnelReport, funnelReportCustomers } from './funnel-report.ts';
import { attributionReport, cohortReport, lifecycleChartReport } from './reports.ts';

// Reports over data whose right answers are known by construction, on both stores.
const adapters = await storeAdapters();

const MARCH = Date.parse('2026-03-01T00:00:00Z');
const APRIL = Date.parse('2026-04-01T00:00:00Z');
const NOW = Date.parse('2026-06-01T00:00:00Z');

const event = (user: string, name: string, t: number, extra: Partial<Message> = {}, revenue?: number) =>
  message(
    'track',
    { userId: user },
    { properties: revenue === undefined ? {} : { revenue } },
    {
      name,
      timestamp: t,
      ...(revenue === undefined ? {} : { value: revenue }),
      ...extra,
    },
  );

/**
 * 1,000 customers view a product in March (u0..u99 from paid search, the rest direct); exactly 400 add it
 * to the cart within the hour and 150 of those order two hours later; 50 more add it eleven days later.
 * 200 order again in April and 100 in May.
 */
function shop(): Message[] {
  const out: Message[] = [];
  for (let i = 0; i < 1000; i++) {
    const u = `u${i}`;
    const t = MARCH + DAY + (i % 20) * DAY + HOUR;
    const touch = i < 100 ? { channel: 'paid_search', campaign: 'spring' } : { channel: 'direct' };
    out.push(event(u, 'Product Viewed', t, touch));
    if (i < 400) out.push(event(u, 'Product Added', t + HOUR));
    if (i < 150) out.push(event(u, 'Order Completed', t + 3 * HOUR, {}, 20));
    if (i >= 400 && i < 450) out.push(event(u, 'Product Added', t + 11 * DAY));
    if (i < 200) out.push(event(u, 'Order Completed', APRIL + 9 * DAY, {}, 30));
    if (i < 100) out.push(event(u, 'Order Completed', APRIL + 39 * DAY, {}, 10));
  }
  return out;
}

const STEPS = [{ event: 'Product Viewed' }, { event: 'Product Added' }, { event: 'Order Completed' }];

for (const adapter of adapters) {
  describe(`analytics reports (${adapter.name})`, { skip: adapter.skip }, () => {
    let harness: Harness;
    let store: Store;
    let ws: Workspace;

    before(async () => {
      harness = adapter.make();
      store = harness.open();
      await store.migrate();
      ws = await newWorkspace(store);
      const all = shop();
      for (let i = 0; i < all.length; i += 500) {
        await store.ingest.commit(
          [{ workspaceId: ws.id, messages: all.slice(i, i + 500), settings: ws.settings.identity }],
          NOW,
        );
      }
    });
    after(async () => {
      await store?.close();
      await harness?.cleanup();
    });

    it('counts a funnel of 1,000 customers of whom exactly 400 reach step 2 and 150 step 3', async () => {
      const q = { steps: STEPS, order: 'ordered' as const, windowMs: 7 * DAY, from: MARCH, to: APRIL };
      const result = await funnelReport(store, ws.id, q);
      assert.deepEqual(
        result.steps.map((s) => [s.customers, s.dropOff]),
        [
          [1000, 0],
          [400, 600],
          [150, 250],
        ],
      );
      assert.equal(result.steps[1]!.conversionFromPrevious, 0.4);
      assert.equal(result.steps[1]!.timeFromPrevious.median, HOUR);
      assert.equal(result.steps[2]!.timeFromFirst.median, 3 * HOUR);
      // A longer window lets the 50 late carts in.
      const wide = await funnelReport(store, ws.id, { ...q, windowMs: 12 * DAY });
      assert.equal(wide.steps[1]!.customers, 450);
      // A filter on a property, and a breakdown by channel.
      const big = await funnelReport(store, ws.id, {
        ...q,
        steps: [
          STEPS[0]!,
          { event: 'Order Completed', where: [{ property: 'revenue', op: 'gte', value: 20 }] },
        ],
        breakdown: { by: 'channel' },
      });
      assert.equal(big.steps[1]!.customers, 150);
      const groups = Object.fromEntries(big.groups!.map((g) => [g.key, g.steps.map((s) => s.customers)]));
      assert.deepEqual(groups, { direct: [900, 50], paid_search: [100, 100] });
      // By first-touch channel: each customer's first marketing touch is the view itself here.
      const acquired = await funnelReport(store, ws.id, { ...q, breakdown: { by: 'acquisition' } });
      assert.deepEqual(
        Object.fromEntries(acquired.groups!.map((g) => [g.key, g.steps.map((s) => s.customers)])),
        { direct: [900, 300, 50], paid_search: [100, 100, 100] },
      );
      const dropped = await funnelReportCustomers(store, ws.id, q, { reached: 2, notReached: 3 });
      assert.equal(dropped.length, 250);
    });

    it('builds monthly cohorts with known retention and revenue', async () => {
      const table = await cohortReport(
        store,
        ws.id,
        { from: MARCH, to: APRIL, unit: 'month', now: NOW },
        { cohort: { by: 'first_seen' }, returnEvent: 'Order Completed', periods: 4 },
      );
      assert.equal(table.cohorts.length, 1);
      const march = table.cohorts[0]!;
      assert.equal(march.size, 1000);
      assert.deepEqual(march.active, [150, 200, 100, 0]);
      assert.deepEqual(march.retention, [0.15, 0.2, 0.1, 0]);
      assert.deepEqual(march.revenue, [3000, 6000, 1000, 0]);
      // First-purchase cohorts: the 150 March buyers, of whom 150 came back in April (u0..u199 ⊇ u0..u149).
      const buyers = await cohortReport(
        store,
        ws.id,
        { from: MARCH, to: APRIL, unit: 'month', now: NOW },
        {
          cohort: { by: 'first_event', event: 'Order Completed' },
          returnEvent: 'Order Completed',
          periods: 3,
        },
      );
      assert.deepEqual(buyers.cohorts[0]!.active, [150, 150, 100]);
    });

    it('counts any-event cohorts and the lifecycle chart from the active months', async () => {
      const table = await cohortReport(
        store,
        ws.id,
        { from: MARCH, to: APRIL, unit: 'month', now: NOW },
        { cohort: { by: 'first_seen' }, returnEvent: null, periods: 4 },
      );
      // April: the 200 repeat buyers and two of the late carts (u419 and u439 add theirs on April 1st).
      assert.deepEqual(table.cohorts[0]!.active, [1000, 202, 100, 0]);
      const chart = await lifecycleChartReport(store, ws.id, {
        from: MARCH,
        to: NOW,
        unit: 'month',
        now: NOW,
      });
      assert.deepEqual(
        chart.map((p) => [p.label, p.new, p.returning, p.resurrecting, p.dormant]),
        [
          ['2026-03', 1000, 0, 0, 0],
          ['2026-04', 0, 202, 0, 798],
          ['2026-05', 0, 100, 0, 102],
        ],
      );
      // Weekly, from the active weeks: every customer's first week holds their first visit.
      const weekly = await cohortReport(
        store,
        ws.id,
        { from: MARCH, to: APRIL, unit: 'week', now: NOW },
        { cohort: { by: 'first_seen' }, returnEvent: null, periods: 2 },
      );
      assert.equal(
        weekly.cohorts.reduce((sum, c) => sum + (c.active[0] ?? 0), 0),
        1000,
      );
    });

    it('credits March orders to the touches before them', async () => {
      const result = await attributionReport(
        store,
        ws.id,
        { from: MARCH, to: APRIL },
        { event: 'Order Completed' },
      );
      assert.equal(result.totals.conversions, 150);
      assert.equal(result.totals.revenue, 3000);
      const last = Object.fromEntries(result.models.last.channels.map((c) => [c.key, c.conversions]));
      assert.deepEqual(last, { paid_search: 100, direct: 50 });
      const campaigns = Object.fromEntries(result.models.first.campaigns.map((c) => [c.key, c.revenue]));
      assert.equal(campaigns.spring, 2000);
    });
  });
}
