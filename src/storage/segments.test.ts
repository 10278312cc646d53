import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError, DAY, ManualClock } from '../core/index.ts';
import { Engine } from '../engine/index.ts';
import type { Rule } from '../rules/index.ts';
import type { Workspace } from '../workspaces/index.ts';
import type { Store } from './index.ts';
import {
  allCustomers,
  type Harness,
  identify,
  ingest,
  newWorkspace,
  sqlRows,
  storeAdapters,
  track,
} from './test-support.ts';

// Segment storage against both adapters; without PostgreSQL its half is skipped, except in CI.
const adapters = await storeAdapters();

const D = Date.parse('2026-03-01T00:00:00Z');
const RULE: Rule = {
  kind: 'performed',
  event: { event: 'Order Completed' },
  count: { op: 'atLeast', n: 1 },
  window: null,
};

async function stateKeys(store: Store, customerId: number): Promise<string[] | null> {
  const [row] = await sqlRows(store, 'SELECT segments FROM customer_state WHERE customer_id = $1', [
    customerId,
  ]);
  if (!row) return null;
  return typeof row.segments === 'string' ? JSON.parse(row.segments) : (row.segments as string[]);
}

async function engineRow(store: Store, workspaceId: number) {
  const [row] = await sqlRows(
    store,
    'SELECT config_generation, recompute_started_at, recompute_finished_at FROM engine_workspaces WHERE workspace_id = $1',
    [workspaceId],
  );
  return row
    ? {
        generation: Number(row.config_generation),
        started: row.recompute_started_at === null ? null : Number(row.recompute_started_at),
        finished: row.recompute_finished_at,
      }
    : null;
}

for (const adapter of adapters) {
  describe(`segment storage (${adapter.name})`, { skip: adapter.skip }, () => {
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
      await ingest(store, ws, identify({ userId: 'ann' }, { email: 'Ann@Example.com' }));
      await ingest(store, ws, identify({ userId: 'bob', anonymousId: 'laptop' }));
      await ingest(store, ws, track({ userId: 'cat' }, 'Order Completed'));
      await ingest(store, ws, track({ anonymousId: 'phone' }, 'Viewed'));
      await ingest(store, other, identify({ userId: 'ann' }, { email: 'ann@example.com' }));
      for (const c of await allCustomers(store, ws.id)) ids[c.userId ?? 'phone'] = c.id;
      ids.foreign = (await allCustomers(store, other.id))[0]!.id;
    });
    after(async () => {
      await store?.close();
      await harness?.cleanup();
    });

    it('creates, reads, lists, updates and deletes definitions, each workspace apart', async () => {
      const created = await store.segments.create(
        ws.id,
        { key: 'buyers', name: 'Buyers', description: null, kind: 'rule', rule: RULE },
        D,
      );
      assert.ok(created);
      assert.deepEqual(
        { ...created, id: 0 },
        {
          id: 0,
          workspaceId: ws.id,
          key: 'buyers',
          name: 'Buyers',
          description: null,
          kind: 'rule',
          rule: RULE,
          createdAt: D,
          updatedAt: D,
        },
      );
      const before = await engineRow(store, ws.id);
      assert.deepEqual(
        [before?.started, before?.finished],
        [D, null],
        'a new rule segment starts a recompute',
      );
      assert.equal(
        await store.segments.create(ws.id, { ...created, description: null }, D),
        null,
        'keys are unique per workspace',
      );
      assert.ok(
        await store.segments.create(other.id, { ...created, description: null }, D),
        'not across them',
      );
      assert.deepEqual(await store.segments.get(ws.id, 'buyers'), created);
      assert.equal(await store.segments.get(ws.id, 'nope'), null);

      const renamed = await store.segments.update(
        ws.id,
        'buyers',
        { description: 'Anyone who bought' },
        D + 1,
      );
      assert.equal(renamed?.name, 'Buyers');
      assert.equal(renamed?.description, 'Anyone who bought');
      assert.equal(renamed?.updatedAt, D + 1);
      assert.equal(
        (await engineRow(store, ws.id))?.generation,
        before?.generation,
        'a rename recomputes nothing',
      );
      const rule: Rule = { kind: 'not', rule: RULE };
      const changed = await store.segments.update(ws.id, 'buyers', { name: 'Not buyers', rule }, D + 2);
      assert.deepEqual(
        [changed?.name, changed?.description, changed?.rule],
        ['Not buyers', 'Anyone who bought', rule],
      );
      assert.equal(
        (await engineRow(store, ws.id))?.generation,
        before!.generation + 1,
        'a new rule recomputes',
      );
      assert.equal(
        (await store.segments.update(ws.id, 'buyers', { description: null }, D + 3))?.description,
        null,
      );
      assert.equal(await store.segments.update(ws.id, 'nope', { name: 'x' }, D), null);

      assert.deepEqual(
        (await store.segments.list(ws.id)).map((s) => [s.key, s.size]),
        [['buyers', 0]],
      );
      assert.equal(await store.segments.delete(other.id, 'buyers', D), true);
      assert.equal(await store.segments.get(other.id, 'buyers'), null);
      assert.ok(
        await store.segments.get(ws.id, 'buyers'),
        "deleting another workspace's segment leaves this one",
      );
      assert.equal(await store.segments.delete(ws.id, 'buyers', D), true);
      assert.equal(await store.segments.delete(ws.id, 'buyers', D), false);
      assert.deepEqual(await store.segments.list(ws.id), []);
    });

    it('keeps static membership, daily counts and customer state in step, and pages members', async () => {
      const vip = await store.segments.create(
        ws.id,
        { key: 'vip', name: 'VIP', description: 'Hand-picked', kind: 'static', rule: null },
        D,
      );
      assert.ok(vip);
      assert.equal(await stateKeys(store, ids.ann), null, 'the engine has not seen ann yet');
      const generation = (await engineRow(store, ws.id))!.generation;

      const added = await store.segments.addMembers(
        ws.id,
        vip.id,
        [ids.bob, ids.ann, ids.ann, ids.foreign],
        D,
      );
      assert.deepEqual(added, [ids.ann, ids.bob], 'in id order; the foreign customer is ignored');
      assert.deepEqual(await stateKeys(store, ids.ann), ['vip'], 'ann gets a state row the engine can use');
      const [state] = await sqlRows(
        store,
        'SELECT signature, features FROM customer_state WHERE customer_id = $1',
        [ids.ann],
      );
      assert.equal(state!.signature, null, 'so the engine rebuilds her features from the log');
      assert.equal(await stateKeys(store, ids.foreign), null);
      const engine = await engineRow(store, ws.id);
      assert.equal(engine?.generation, generation + 1);
      assert.deepEqual([engine?.started, engine?.finished], [D, null], 'rules using the list are recomputed');

      assert.deepEqual(await store.segments.addMembers(ws.id, vip.id, [ids.ann], D + DAY), [], 'already in');
      assert.deepEqual(await store.segments.addMembers(ws.id, vip.id, [ids.cat], D + 2 * DAY), [ids.cat]);
      assert.deepEqual(
        await store.segments.removeMembers(ws.id, vip.id, [ids.bob, ids.phone], D + 2 * DAY + 5),
        [ids.bob],
        'phone was never a member',
      );
      assert.deepEqual(await stateKeys(store, ids.bob), []);
      const bobLog = await store.customers.events(ws.id, { customerId: ids.bob, internal: true, limit: 10 });
      assert.deepEqual(
        bobLog.items.map((e) => [e.name, (e.payload.properties as { segment: string }).segment]),
        [
          ['Segment Exited', 'vip'],
          ['Segment Entered', 'vip'],
        ],
        'list changes are in the log like rule segment changes',
      );
      assert.equal(await store.segments.size(ws.id, vip.id), 2);
      assert.equal(await store.segments.size(other.id, vip.id), 0, 'sizes are scoped too');

      assert.deepEqual(await store.segments.growth(ws.id, vip.id, D - DAY, D + 3 * DAY), [
        { day: D - DAY, entered: 0, exited: 0, size: 0 },
        { day: D, entered: 2, exited: 0, size: 2 },
        { day: D + DAY, entered: 0, exited: 0, size: 2 },
        { day: D + 2 * DAY, entered: 1, exited: 1, size: 2 },
        { day: D + 3 * DAY, entered: 0, exited: 0, size: 2 },
      ]);
      assert.deepEqual(
        await store.segments.growth(ws.id, vip.id, D + DAY, D + DAY),
        [{ day: D + DAY, entered: 0, exited: 0, size: 2 }],
        'a range after the first entries starts from the size they left',
      );
      assert.deepEqual(await store.segments.growth(other.id, vip.id, D, D), [
        { day: D, entered: 0, exited: 0, size: 0 },
      ]);

      const first = await store.segments.members(ws.id, vip.id, { limit: 1 });
      assert.deepEqual(first.items, [
        { customerId: ids.ann, userId: 'ann', email: 'ann@example.com', since: D },
      ]);
      assert.ok(first.next);
      const second = await store.segments.members(ws.id, vip.id, { limit: 1, cursor: first.next! });
      assert.deepEqual(second.items, [
        { customerId: ids.cat, userId: 'cat', email: null, since: D + 2 * DAY },
      ]);
      assert.equal(second.next, null);
      assert.deepEqual((await store.segments.members(other.id, vip.id, { limit: 10 })).items, []);
      assert.deepEqual(
        (await store.segments.list(ws.id)).map((s) => [s.key, s.kind, s.size]),
        [['vip', 'static', 2]],
      );

      await assert.rejects(store.segments.addMembers(other.id, vip.id, [ids.foreign], D), AppError);
      const rule = await store.segments.create(
        ws.id,
        { key: 'ruled', name: 'Ruled', description: null, kind: 'rule', rule: RULE },
        D,
      );
      await assert.rejects(store.segments.addMembers(ws.id, rule!.id, [ids.ann], D), /static segment/);

      // Deleting drops members, daily rows and the key from every customer's state.
      assert.equal(await store.segments.delete(ws.id, 'vip', D + 3 * DAY), true);
      assert.deepEqual(await stateKeys(store, ids.ann), []);
      assert.deepEqual(await stateKeys(store, ids.cat), []);
      assert.equal(await store.segments.size(ws.id, vip.id), 0);
      assert.deepEqual(
        await sqlRows(store, 'SELECT count(*) AS n FROM segment_daily WHERE segment_id = $1', [vip.id]).then(
          (r) => Number(r[0]!.n),
        ),
        0,
      );
      await assert.rejects(store.segments.removeMembers(ws.id, vip.id, [ids.ann], D), AppError);
      await store.segments.delete(ws.id, 'ruled', D);
    });

    it('creates a static segment with its first members in one unit, and leaves nothing when it fails', async () => {
      const list = { key: 'saved', name: 'Saved', description: null, kind: 'static' as const, rule: null };
      const saved = await store.segments.create(ws.id, list, D, [ids.ann, ids.cat, ids.foreign]);
      assert.ok(saved);
      // The other workspace's customer is not taken in; the two of this one are, with their state.
      assert.deepEqual(
        (await store.segments.members(ws.id, saved.id, { limit: 10 })).items.map((m) => m.customerId),
        [ids.ann, ids.cat].sort((a, b) => a - b),
      );
      assert.ok((await stateKeys(store, ids.ann))?.includes('saved'));
      // Members of a rule segment are refused, and the segment is not left behind without them.
      const ruled = {
        key: 'half-made',
        name: 'Half made',
        description: null,
        kind: 'rule' as const,
        rule: RULE,
      };
      await assert.rejects(store.segments.create(ws.id, ruled, D, [ids.ann]), AppError);
      assert.equal(await store.segments.get(ws.id, 'half-made'), null);
      await store.segments.delete(ws.id, 'saved', D);
    });

    it('resolves uploaded user ids, emails and customer ids within the workspace', async () => {
      const resolved = await store.segments.resolve(ws.id, {
        userIds: ['ann', 'bob', 'bob', 'nobody'],
        emails: [' ANN@example.com', 'ann@example.com', 'who@example.com', 'not an email'],
        customerIds: [ids.cat, ids.foreign, 987_654_321],
      });
      assert.deepEqual(
        resolved.customerIds,
        [ids.ann, ids.bob, ids.cat].sort((a, b) => a - b),
      );
      assert.deepEqual(resolved.unmatched, {
        userIds: ['nobody'],
        emails: ['not an email', 'who@example.com'],
        customerIds: [ids.foreign, 987_654_321],
      });

      // A merged-away id names the profile that holds its data now.
      await ingest(store, ws, identify({ userId: 'bob', anonymousId: 'phone' }));
      assert.equal(await store.customers.get(ws.id, ids.phone), null);
      const merged = await store.segments.resolve(ws.id, {
        userIds: [],
        emails: [],
        customerIds: [ids.phone],
      });
      assert.deepEqual(merged, {
        customerIds: [ids.bob],
        unmatched: { userIds: [], emails: [], customerIds: [] },
      });
      const foreign = await store.segments.resolve(other.id, {
        userIds: ['bob'],
        emails: [],
        customerIds: [],
      });
      assert.deepEqual(foreign.customerIds, [], "bob is not the other workspace's");
    });

    it("feeds the engine: a rule segment fills by the recompute, and reads a static list's keys", async () => {
      const w = await newWorkspace(store);
      await ingest(store, w, track({ userId: 'ann' }, 'Order Completed'));
      await ingest(store, w, track({ userId: 'bob' }, 'Order Completed'));
      await ingest(store, w, track({ userId: 'cat' }, 'Viewed'));
      const id = Object.fromEntries((await allCustomers(store, w.id)).map((c) => [c.userId, c.id]));
      const engines = store.engine;
      const engine = new Engine(store, new ManualClock(D));
      // Other tests' workspaces have recomputes queued before this one's, and a step that only ends a
      // job reports no work, so run until this workspace's recompute is done.
      const settle = async () => {
        do await engine.runUntilIdle();
        while ((await engines.recomputeStatus(w.id))?.finishedAt === null);
      };
      await settle();
      const vip = await store.segments.create(
        w.id,
        { key: 'vip', name: 'VIP', description: null, kind: 'static', rule: null },
        D,
      );
      await store.segments.addMembers(w.id, vip!.id, [id.bob!, id.cat!], D);
      const rule: Rule = { kind: 'and', rules: [{ kind: 'segment', segment: 'vip' }, RULE] };
      const buyers = await store.segments.create(
        w.id,
        { key: 'vip_buyers', name: 'VIP buyers', description: null, kind: 'rule', rule },
        D,
      );
      await settle();
      const members = await store.segments.members(w.id, buyers!.id, { limit: 10 });
      assert.deepEqual(
        members.items.map((m) => m.userId),
        ['bob'],
      );
      assert.deepEqual(
        await stateKeys(store, id.bob!),
        ['vip', 'vip_buyers'],
        'the engine keeps the static key',
      );
      assert.deepEqual(await stateKeys(store, id.cat!), ['vip']);
      await store.segments.removeMembers(w.id, vip!.id, [id.bob!], D + 1);
      await settle();
      assert.equal(await store.segments.size(w.id, buyers!.id), 0, 'the removal is seen by the rule');
      assert.deepEqual(await stateKeys(store, id.bob!), []);
    });
  });
}
