import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StageCount } from '../analytics/analytics-store.ts';
import { DAY, ManualClock } from '../core/index.ts';
import { Engine } from '../engine/index.ts';
import { modelOf, VISITOR_CUSTOMER } from '../lifecycle/test-documents.ts';
import type { Workspace } from '../workspaces/index.ts';
import type { Store } from './index.ts';
import type { PostgresStore } from './postgres/postgres-store.ts';
import { foldStageCounts } from './postgres/stage-counts.ts';
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

// Stage counts against both adapters (PostgreSQL keeps them by trigger, so every path that writes a
// stage must show in them); without PostgreSQL its half is skipped, except in CI.
const adapters = await storeAdapters();

const D = Date.parse('2026-03-02T00:00:00Z');
const at = (day: number) => D + day * DAY;

const MODEL = modelOf(VISITOR_CUSTOMER);

for (const adapter of adapters) {
  describe(`stage counts (${adapter.name})`, { skip: adapter.skip }, () => {
    let harness: Harness;
    let store: Store;
    let ws: Workspace;
    let other: Workspace;
    const clock = new ManualClock(at(10));

    /** The counts as the customers' own records have them. */
    const truth = async (workspaceId: number): Promise<StageCount[]> => {
      const counts = new Map<string, number>();
      for (const c of await allCustomers(store, workspaceId)) {
        const stage = (await store.engine.customerRecord(workspaceId, c.id))?.state?.stage;
        if (stage) counts.set(stage, (counts.get(stage) ?? 0) + 1);
      }
      return [...counts]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([stage, customers]) => ({ stage, customers }));
    };
    const settle = async () => {
      const engine = new Engine(store, clock);
      for (let i = 0; i < 50 && !(await engine.step()).idle; i++);
    };

    before(async () => {
      harness = adapter.make();
      store = harness.open();
      await store.migrate();
      ws = await newWorkspace(store);
      other = await newWorkspace(store);
      await ingest(
        store,
        ws,
        track({ userId: 'ann' }, 'Order Completed', {}, { timestamp: at(1) }),
        page({ userId: 'bob' }, 'home', { timestamp: at(1) }),
        page({ anonymousId: 'visitor-d' }, 'home', { timestamp: at(2) }),
        track({ userId: 'cat' }, 'Order Completed', {}, { timestamp: at(2) }),
      );
      await ingest(store, other, page({ userId: 'ann' }, 'home', { timestamp: at(1) }));
      await store.engine.publishModel(ws.id, MODEL, clock.now());
      await store.engine.publishModel(other.id, MODEL, clock.now());
      await settle();
    });
    after(async () => {
      await store?.close();
      await harness?.cleanup();
    });

    it('counts the engine’s placements, per workspace', async () => {
      const expected = [
        { stage: 'customer', customers: 2 },
        { stage: 'visitor', customers: 2 },
      ];
      assert.deepEqual(await truth(ws.id), expected);
      assert.deepEqual(await store.analytics.stageCounts(ws.id), expected);
      assert.deepEqual(await store.analytics.stageCounts(other.id), [{ stage: 'visitor', customers: 1 }]);
    });

    it('follows moves, merges and writes that keep the stage', async () => {
      // bob buys: visitor → customer.
      await ingest(store, ws, track({ userId: 'bob' }, 'Order Completed', {}, { timestamp: at(3) }));
      await settle();
      // The anonymous visitor turns out to be ann: their profile merges into hers and its state goes.
      await ingest(
        store,
        ws,
        identify({ userId: 'ann', anonymousId: 'visitor-d' }, {}, { timestamp: at(4) }),
      );
      await settle();
      const customers = await allCustomers(store, ws.id);
      await store.analytics.writePredictions(
        ws.id,
        customers.map((c) => ({ c: c.id, p: { p_alive: 0.5 } })),
        clock.now(),
      );
      const expected = [{ stage: 'customer', customers: 3 }];
      assert.deepEqual(await truth(ws.id), expected);
      assert.deepEqual(await store.analytics.stageCounts(ws.id), expected);
      assert.deepEqual(await store.analytics.stageCounts(other.id), [{ stage: 'visitor', customers: 1 }]);
    });

    // SQLite counts customer_state itself; PostgreSQL keeps deltas and folds them now and then.
    if (adapter.name === 'postgres')
      it('keeps the counts when PostgreSQL folds its deltas into one row per stage', async () => {
        const pg = store as PostgresStore;
        const rows = async () =>
          Number((await pg.pool.query('SELECT count(*) FROM stage_counts')).rows[0].count);
        assert.ok((await rows()) > 3, 'the writes above left deltas to fold');
        await foldStageCounts(pg.pool);
        assert.equal(await rows(), 2, 'one row per workspace and stage with customers');
        assert.deepEqual(await store.analytics.stageCounts(ws.id), [{ stage: 'customer', customers: 3 }]);
        assert.deepEqual(await store.analytics.stageCounts(other.id), [{ stage: 'visitor', customers: 1 }]);
      });
  });
}
