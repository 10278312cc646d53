import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DAY, HOUR, ManualClock } from '../core/index.ts';
import { Engine } from '../engine/index.ts';
import { modelOf, VISITOR_CUSTOMER } from '../lifecycle/test-documents.ts';
import type { Workspace } from '../workspaces/index.ts';
import type { Store } from './index.ts';
import {
  allCustomers,
  type Harness,
  identify,
  ingest,
  newWorkspace,
  page,
  storeAdapters,
  track,
} from './test-support.ts';

// The analytics reads against both adapters; without PostgreSQL its half is skipped, except in CI.
const adapters = await storeAdapters();

const D = Date.parse('2026-03-02T00:00:00Z');
const at = (day: number, hour = 12) => D + day * DAY + hour * HOUR;

const MODEL = modelOf(VISITOR_CUSTOMER);

for (const adapter of adapters) {
  describe(`analytics storage (${adapter.name})`, { skip: adapter.skip }, () => {
    let harness: Harness;
    let store: Store;
    let ws: Workspace;
    let other: Workspace;
    const ids: Record<string, number> = {};

    before(async () => {
      harness = adapter.make();
      store = harness.open();
      await store.migrate();
      ws = await newWorkspace(store);
      other = await newWorkspace(store);
      const email = { channel: 'email', campaign: 'spring' };
      await ingest(
        store,
        ws,
        page({ userId: 'ann' }, 'home', { timestamp: at(0), channel: 'web' }),
        page({ userId: 'ann' }, 'shoes', { timestamp: at(0, 13), channel: 'paid_search', campaign: 'boots' }),
        track({ userId: 'ann' }, 'Order Completed', { revenue: 30 }, { timestamp: at(1), value: 30 }),
        track({ userId: 'ann' }, 'Order Completed', { revenue: 20 }, { timestamp: at(1, 15), value: 20 }),
        track(
          { userId: 'ann' },
          'Order Completed',
          { revenue: 50 },
          { timestamp: at(9), value: 50, ...email },
        ),
        page({ userId: 'bob' }, 'home', { timestamp: at(2), channel: 'direct' }),
        track({ userId: 'bob' }, 'Product Viewed', { sku: 'x' }, { timestamp: at(3) }),
        track({ userId: 'cat' }, 'Order Completed', { revenue: 5 }, { timestamp: at(20), value: 5 }),
      );
      await ingest(
        store,
        other,
        track({ userId: 'ann' }, 'Order Completed', {}, { timestamp: at(1), value: 99 }),
      );
      for (const c of await allCustomers(store, ws.id)) ids[c.userId!] = c.id;
    });
    after(async () => {
      await store?.close();
      await harness?.cleanup();
    });

    it('reads named events with who, when and value, within the range and the workspace', async () => {
      const rows = await store.analytics.namedEvents(ws.id, ['Order Completed', 'Order Completed'], {
        from: at(0),
        to: at(10),
      });
      assert.deepEqual(
        rows.map((r) => [r.c, r.t, r.name, r.v]).sort((a, b) => Number(a[1]) - Number(b[1])),
        [
          [ids.ann, at(1), 'Order Completed', 30],
          [ids.ann, at(1, 15), 'Order Completed', 20],
          [ids.ann, at(9), 'Order Completed', 50],
        ],
      );
    });

    it('reads events in detail, with properties when asked and for chosen customers', async () => {
      const all = await store.analytics.detailedEvents(ws.id, { from: at(0), to: at(30) });
      assert.equal(all.length, 8);
      assert.equal(all[0]!.properties, undefined);
      const bob = await store.analytics.detailedEvents(ws.id, {
        from: at(0),
        to: at(30),
        customers: [ids.bob!],
        names: ['Product Viewed'],
        properties: true,
      });
      assert.deepEqual(
        bob.map((r) => ({ ...r })),
        [
          {
            c: ids.bob,
            t: at(3),
            name: 'Product Viewed',
            v: null,
            type: 'track',
            stage: null,
            channel: null,
            touchpoint: null,
            campaign: null,
            properties: { sku: 'x' },
          },
        ],
      );
    });

    it('reads activity, page views per day, first seen and first occurrences', async () => {
      const activity = await store.analytics.activity(ws.id, { from: at(1), to: at(3) });
      assert.deepEqual(activity.map((r) => r.c).sort(), [ids.ann, ids.ann, ids.bob].sort());
      assert.deepEqual(await store.analytics.pageViewsByDay(ws.id, { from: D, to: at(10) }), [
        { day: D, views: 2 },
        { day: D + 2 * DAY, views: 1 },
      ]);
      const seen = await store.analytics.firstSeen(ws.id, { from: D, to: at(10) });
      assert.deepEqual(seen.map((r) => r.c).sort(), [ids.ann, ids.bob].sort());
      assert.equal(seen.find((r) => r.c === ids.ann)!.t, at(0));
      // Ann's first order is on day 1, before the range: only Cat's first one is in it.
      assert.deepEqual(
        await store.analytics.firstOccurrences(ws.id, 'Order Completed', { from: at(5), to: at(30) }),
        [{ c: ids.cat, t: at(20) }],
      );
      // A long range takes the other query (the whole history grouped): the same answers.
      const long = (from: number) =>
        store.analytics.firstOccurrences(ws.id, 'Order Completed', { from, to: at(200) });
      assert.deepEqual(await long(at(5)), [{ c: ids.cat, t: at(20) }]);
      assert.deepEqual(
        (await long(at(0))).sort((a, b) => a.c - b.c),
        [
          { c: ids.ann!, t: at(1) },
          { c: ids.cat!, t: at(20) },
        ].sort((a, b) => a.c - b.c),
      );
    });

    it('finds first occurrences in a range of customers first seen before it and in it', async () => {
      const mine = await newWorkspace(store);
      const order = (userId: string, day: number) =>
        track({ userId }, 'Order Completed', {}, { timestamp: at(day) });
      await ingest(store, mine, page({ userId: 'old' }, 'home', { timestamp: at(0) }), order('old', 20));
      await ingest(store, mine, order('repeat', 1), order('repeat', 21));
      await ingest(store, mine, order('newbie', 22));
      // Seen anonymously before the range, identified (merged) and buying in it.
      await ingest(store, mine, page({ anonymousId: 'anon-m' }, 'home', { timestamp: at(2) }));
      await ingest(
        store,
        mine,
        identify({ userId: 'm', anonymousId: 'anon-m' }, {}, { timestamp: at(23) }),
        order('m', 23),
      );
      const id: Record<string, number> = {};
      for (const c of await allCustomers(store, mine.id)) id[c.userId!] = c.id;
      const found = await store.analytics.firstOccurrences(mine.id, 'Order Completed', {
        from: at(10),
        to: at(30),
      });
      assert.deepEqual(
        found.sort((a, b) => a.t - b.t),
        [
          { c: id.old, t: at(20) },
          { c: id.newbie, t: at(22) },
          { c: id.m, t: at(23) },
        ],
      );
    });

    it('sums purchases per customer and UTC day, before a date', async () => {
      assert.deepEqual(await store.analytics.purchaseDays(ws.id, 'Order Completed', at(15)), [
        { c: ids.ann, day: D + DAY, v: 50 },
        { c: ids.ann, day: D + 9 * DAY, v: 50 },
      ]);
    });

    it('finds first-touch channels and campaigns, skipping navigation and unassigned events', async () => {
      const found = await store.analytics.acquisitions(ws.id, [ids.ann!, ids.bob!, ids.cat!]);
      assert.deepEqual(
        found.sort((a, b) => a.c - b.c),
        [
          { c: ids.ann, channel: 'paid_search', campaign: 'boots' },
          { c: ids.bob, channel: 'direct', campaign: null },
        ].sort((a, b) => a.c! - b.c!),
      );
    });

    it("keeps each customer's active weeks and months, and moves them with a merge", async () => {
      const mine = await newWorkspace(store);
      await ingest(store, mine, page({ anonymousId: 'anon-z' }, 'home', { timestamp: at(0) }));
      await ingest(store, mine, track({ userId: 'zed' }, 'Viewed', {}, { timestamp: at(8) }));
      await ingest(store, mine, track({ userId: 'zed' }, 'Viewed', {}, { timestamp: at(9) }));
      const week = (t: number) => Math.floor((t + 3 * DAY) / (7 * DAY));
      const all = { from: 0, to: 1e9 };
      const before = await store.analytics.activePeriods(mine.id, 'week', all);
      assert.equal(before.length, 2);
      // zed identifies on the anonymous device: the two profiles become one with both weeks.
      await ingest(
        store,
        mine,
        identify({ userId: 'zed', anonymousId: 'anon-z' }, {}, { timestamp: at(10) }),
      );
      const [zed] = await allCustomers(store, mine.id);
      const after = await store.analytics.activePeriods(mine.id, 'week', all);
      assert.deepEqual(
        after.map((r) => [r.c, r.p]).sort(),
        [
          [zed!.id, week(at(0))],
          [zed!.id, week(at(8))],
        ].sort(),
      );
      const months = await store.analytics.activePeriods(mine.id, 'month', all);
      assert.deepEqual(months, [{ c: zed!.id, p: 2026 * 12 + 2 }]);
      // The other workspace's customer, active the same month, stays in its own workspace.
      assert.deepEqual(await store.analytics.activePeriods(other.id, 'month', all), [
        { c: (await allCustomers(store, other.id))[0]!.id, p: 2026 * 12 + 2 },
      ]);
    });

    it('keeps spend per day, channel and campaign, a re-import replacing it', async () => {
      const row = {
        day: D,
        channel: 'paid_search',
        campaign: 'boots',
        amount: 100,
        impressions: 1000,
        clicks: 40,
      };
      assert.deepEqual(await store.analytics.putSpend(ws.id, [row, { ...row, campaign: '' }]), {
        inserted: 2,
        replaced: 0,
      });
      assert.deepEqual(await store.analytics.putSpend(ws.id, [{ ...row, amount: 120 }]), {
        inserted: 0,
        replaced: 1,
      });
      const spend = await store.analytics.spend(ws.id, { from: D, to: D + DAY });
      assert.deepEqual(spend, [
        { ...row, campaign: '' },
        { ...row, amount: 120 },
      ]);
      assert.deepEqual(await store.analytics.spend(other.id, { from: D, to: D + DAY }), []);
    });

    it('counts stages and reads moves once the engine placed customers', async () => {
      const clock = new ManualClock(at(25));
      await store.engine.publishModel(ws.id, MODEL, clock.now());
      const engine = new Engine(store, clock);
      for (let i = 0; i < 20 && !(await engine.step()).idle; i++);
      assert.deepEqual(await store.analytics.stageCounts(ws.id), [
        { stage: 'customer', customers: 2 },
        { stage: 'visitor', customers: 1 },
      ]);
      const moves = await store.analytics.moves(ws.id, { from: at(25), to: at(26) });
      assert.deepEqual(
        moves.map((m) => [m.c, m.from, m.to, m.at]).sort(),
        [
          [ids.ann, null, 'customer', at(25)],
          [ids.bob, null, 'visitor', at(25)],
          [ids.cat, null, 'customer', at(25)],
        ].sort(),
      );
    });

    it('stores predictions where rules read them, and fits by workspace', async () => {
      const written = await store.analytics.writePredictions(
        ws.id,
        [
          { c: ids.ann!, p: { p_alive: 0.9 } },
          { c: ids.bob!, p: { p_alive: 0.2 } },
        ],
        at(26),
      );
      assert.equal(written, 2);
      const record = await store.engine.customerRecord(ws.id, ids.bob!);
      assert.deepEqual(record?.state?.predictions, { p_alive: 0.2 });
      // Another workspace's customer is never written.
      assert.equal(
        await store.analytics.writePredictions(other.id, [{ c: ids.ann!, p: { p_alive: 0 } }], at(26)),
        0,
      );
      assert.equal(await store.analytics.latestFit(ws.id), null);
      await store.analytics.saveFit(ws.id, { n: 1 }, at(26));
      const second = await store.analytics.saveFit(ws.id, { n: 2 }, at(27));
      assert.deepEqual(await store.analytics.latestFit(ws.id), {
        id: second.id,
        fittedAt: at(27),
        report: { n: 2 },
      });
      assert.equal(await store.analytics.latestFit(other.id), null);
    });
  });
}
