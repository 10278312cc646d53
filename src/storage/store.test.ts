import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CustomerQuery, EventQuery } from '../customers/index.ts';
import type { OpenStore } from './index.ts';
import {
  alias,
  allCustomers,
  group,
  type Harness,
  identify,
  ingest,
  message,
  newWorkspace,
  page,
  storeAdapters,
  track,
} from './test-support.ts';

// The same cases run against both adapters. Without PostgreSQL the second half is skipped, except in CI,
// where a missing database must fail the run instead of passing it quietly.
const adapters = await storeAdapters();

for (const adapter of adapters) {
  describe(`store (${adapter.name})`, { skip: adapter.skip }, () => {
    let harness: Harness;
    let store: OpenStore;
    let migrated: number[][];

    before(async () => {
      harness = adapter.make();
      // Two connections migrating at once, as two server processes starting together would.
      const [a, b] = [harness.open(), harness.open()];
      migrated = await Promise.all([a.migrate(), b.migrate()]);
      await b.close();
      store = a;
    });
    after(async () => {
      await store?.close();
      await harness?.cleanup();
    });

    it('applies each migration exactly once, even when two connections migrate at once', async () => {
      const applied = [...migrated].sort((x, y) => y.length - x.length);
      assert.deepEqual(applied, [harness.migrations, []]);
      assert.ok(harness.migrations.length > 0);
      assert.deepEqual(await store.migrate(), []);
      await store.ping();
    });

    it('creates, finds, lists and updates workspaces', async () => {
      const ws = await newWorkspace(store, { maxIdentitiesPerCustomer: 7 });
      assert.equal(ws.settings.identity.maxIdentitiesPerCustomer, 7);
      assert.equal(ws.createdAt, 1_000);
      assert.deepEqual(await store.workspaces.get(ws.id), ws);
      assert.deepEqual(await store.workspaces.getByName(ws.name), ws);
      assert.equal(await store.workspaces.get(ws.id + 10_000), null);
      assert.equal(await store.workspaces.getByName('no such workspace'), null);
      assert.ok((await store.workspaces.list()).some((w) => w.id === ws.id));
      await store.workspaces.updateSettings(ws.id, {
        identity: { identifyByEmail: true, maxIdentitiesPerCustomer: 3 },
      });
      assert.deepEqual((await store.workspaces.get(ws.id))!.settings, {
        identity: { identifyByEmail: true, maxIdentitiesPerCustomer: 3 },
      });
      await assert.rejects(store.workspaces.create(ws.name, ws.settings, 2_000));
    });

    it('stores, finds and revokes API keys', async () => {
      const [ws1, ws2] = [await newWorkspace(store), await newWorkspace(store)];
      const key = { kind: 'write' as const, name: 'web', prefix: 'wk_abc', createdAt: 2_000 };
      const k1 = await store.keys.insert({ ...key, workspaceId: ws1.id, hash: `h1-${ws1.id}` });
      const k2 = await store.keys.insert({
        ...key,
        kind: 'secret',
        workspaceId: ws2.id,
        hash: `h2-${ws2.id}`,
      });
      assert.deepEqual(k1, { ...key, id: k1.id, workspaceId: ws1.id, hash: `h1-${ws1.id}`, revokedAt: null });
      assert.deepEqual(await store.keys.list(ws1.id), [k1]);
      const all = await store.keys.list();
      assert.ok(all.some((k) => k.id === k1.id) && all.some((k) => k.id === k2.id));
      assert.deepEqual(await store.keys.findByHash(`h2-${ws2.id}`), k2);
      assert.deepEqual(await store.keys.get(k1.id), k1);
      assert.equal(await store.keys.findByHash('nope'), null);
      assert.equal(await store.keys.get(k2.id + 10_000), null);
      assert.equal(await store.keys.revoke(k1.id, 3_000), true);
      assert.equal(await store.keys.revoke(k1.id, 4_000), false, 'revoking twice keeps the first time');
      assert.equal((await store.keys.get(k1.id))!.revokedAt, 3_000);
      assert.equal((await store.keys.get(k2.id))!.revokedAt, null);
      assert.equal(await store.keys.revoke(k2.id + 10_000, 3_000), false);
      await assert.rejects(store.keys.insert({ ...key, workspaceId: ws1.id, hash: `h1-${ws1.id}` }));
    });

    it('stores every message type with its fields and payload intact', async () => {
      const ws = await newWorkspace(store);
      const ids = { userId: 'u-types', anonymousId: 'a-types' };
      // Quotes, backslashes, braces and commas would break a hand-built array literal.
      const tricky = {
        text: 'a "quoted", {braced} \\ back\\slash',
        emoji: 'héllo ✓ 🎉',
        nested: { list: [1, null, true] },
      };
      const batch = [
        identify(ids, { email: 'Types@Example.com', plan: 'pro' }),
        track(ids, 'Order "Completed", {1}', { tricky, total: 12.5 }),
        page(ids, 'Pricing'),
        group(ids, 'g-1'),
        alias('u-types', 'a-types'),
      ];
      assert.deepEqual(await ingest(store, ws, ...batch), { inserted: 5, duplicates: 0 });
      const events = (await store.customers.events(ws.id, { limit: 10 })).items.reverse();
      const [customer] = await allCustomers(store, ws.id);
      assert.deepEqual(
        events.map(
          ({
            id: _,
            internal: __,
            stage: ___,
            channel: ____,
            touchpoint: _____,
            campaign: ______,
            value: _______,
            ...e
          }) => e,
        ),
        batch.map(({ payloadJson: _, ...m }) => ({ ...m, customerId: customer.id })),
      );
      assert.ok(events.every((e) => e.internal === false && e.stage === null));
      assert.equal(customer.email, 'types@example.com');
      assert.equal(customer.userId, 'u-types');
      assert.equal(customer.firstSeen, batch[0].timestamp);
      assert.equal(customer.lastSeen, batch[4].timestamp);
    });

    it('stores the channel, touchpoint, campaign and value a message was classified with', async () => {
      const ws = await newWorkspace(store);
      const m = {
        ...track({ userId: 'u-touch' }, 'Order Completed'),
        channel: 'email',
        touchpoint: 'purchase',
        campaign: 'spring-sale',
        value: 42.5,
      };
      await ingest(store, ws, m, track({ userId: 'u-touch' }, 'Plain'));
      const events = (await store.customers.events(ws.id, { limit: 10 })).items;
      const stored = events.find((e) => e.messageId === m.messageId);
      assert.deepEqual(
        [stored?.channel, stored?.touchpoint, stored?.campaign, stored?.value],
        ['email', 'purchase', 'spring-sale', 42.5],
      );
      const plain = events.find((e) => e.name === 'Plain');
      assert.deepEqual(
        [plain?.channel, plain?.touchpoint, plain?.campaign, plain?.value],
        [null, null, null, null],
      );
    });

    it('stores a replayed messageId once, within a batch, across batches and across groups', async () => {
      const ws = await newWorkspace(store);
      const first = track({ userId: 'u-replay' }, 'Viewed');
      const second = track({ userId: 'u-replay' }, 'Clicked');
      assert.deepEqual(await ingest(store, ws, first, first, second), { inserted: 2, duplicates: 1 });
      assert.deepEqual(await ingest(store, ws, first, second, { ...first, name: 'Changed' }), {
        inserted: 0,
        duplicates: 3,
      });
      const third = track({ userId: 'u-replay' }, 'Bought');
      const settings = ws.settings.identity;
      const outcomes = await store.ingest.commit(
        [
          { workspaceId: ws.id, messages: [third], settings },
          { workspaceId: ws.id, messages: [third, first], settings },
        ],
        5_000,
      );
      assert.deepEqual(outcomes, [
        { inserted: 1, duplicates: 0 },
        { inserted: 0, duplicates: 2 },
      ]);
      assert.equal(await store.customers.countEvents(ws.id), 3);
      assert.deepEqual(
        (await store.customers.events(ws.id, { limit: 10 })).items.map((e) => e.name),
        ['Bought', 'Clicked', 'Viewed'],
      );
    });

    it('joins an anonymous visitor to the user who identifies with the same anonymousId', async () => {
      for (const together of [false, true]) {
        const ws = await newWorkspace(store);
        const anon = { anonymousId: `anon-${together}` };
        const batch = [
          track(anon, 'Viewed'),
          page(anon, 'Home'),
          identify({ ...anon, userId: 'u-join' }),
          track({ userId: 'u-join' }, 'Bought'),
        ];
        if (together) await ingest(store, ws, ...batch);
        else for (const m of batch) await ingest(store, ws, m);
        const customers = await allCustomers(store, ws.id);
        assert.equal(customers.length, 1, together ? 'one batch' : 'separate batches');
        const [c] = customers;
        assert.equal(c.userId, 'u-join');
        const ids = await store.customers.identities(ws.id, c.id);
        assert.deepEqual(ids.map((i) => `${i.kind}:${i.value}`).sort(), [
          `anonymous_id:anon-${together}`,
          'user_id:u-join',
        ]);
        assert.equal((await store.customers.events(ws.id, { customerId: c.id, limit: 10 })).items.length, 4);
        assert.deepEqual(await store.customers.merges(ws.id, c.id), []);
      }
    });

    it('merges a returning user’s new-device profile into theirs and keeps the record', async () => {
      const ws = await newWorkspace(store);
      await ingest(store, ws, identify({ userId: 'u-back', anonymousId: 'laptop' }, { name: 'Ada' }));
      await ingest(
        store,
        ws,
        track({ anonymousId: 'phone' }, 'Viewed'),
        page({ anonymousId: 'phone' }, 'Home'),
      );
      const [phone, user] = await allCustomers(store, ws.id);
      assert.equal(user.userId, 'u-back');
      assert.equal(phone.userId, null);
      const link = identify({ userId: 'u-back', anonymousId: 'phone' });
      await ingest(store, ws, link);

      assert.deepEqual(
        (await allCustomers(store, ws.id)).map((c) => c.id),
        [user.id],
      );
      assert.equal(await store.customers.get(ws.id, phone.id), null);
      assert.equal(await store.customers.findSurvivor(ws.id, phone.id), user.id);
      assert.equal(await store.customers.findSurvivor(ws.id, user.id), null);
      const events = (await store.customers.events(ws.id, { customerId: user.id, limit: 10 })).items;
      assert.equal(events.length, 4);
      const merges = await store.customers.merges(ws.id, user.id);
      assert.equal(merges.length, 1);
      assert.deepEqual(
        { ...merges[0], reason: typeof merges[0].reason },
        {
          fromCustomerId: phone.id,
          intoCustomerId: user.id,
          reason: 'string',
          messageId: link.messageId,
          at: link.receivedAt,
        },
      );
      const values = (await store.customers.identities(ws.id, user.id)).map((i) => i.value).sort();
      assert.deepEqual(values, ['laptop', 'phone', 'u-back']);
      assert.equal((await store.customers.get(ws.id, user.id))!.traits.name, 'Ada');

      // A later merge of the survivor moves the earlier merge along: findSurvivor stays one read.
      await ingest(store, ws, identify({ userId: 'u-other' }));
      const other = (await store.customers.list(ws.id, { userId: 'u-other', limit: 1 })).items[0];
      await ingest(store, ws, alias('u-other', 'u-back'));
      assert.equal(await store.customers.findSurvivor(ws.id, phone.id), other.id);
      assert.equal(await store.customers.findSurvivor(ws.id, user.id), other.id);
      assert.deepEqual(
        (await store.customers.merges(ws.id, other.id)).map((m) => m.fromCustomerId),
        [phone.id, user.id],
      );
      assert.deepEqual(await store.customers.merges(ws.id, user.id), []);
      assert.equal(
        (await store.customers.events(ws.id, { customerId: other.id, limit: 10 })).items.length,
        6,
      );
      assert.equal((await store.customers.list(ws.id, { userId: 'u-back', limit: 5 })).items[0].id, other.id);
    });

    it('never merges two users who share an anonymousId', async () => {
      const ws = await newWorkspace(store);
      await ingest(store, ws, identify({ userId: 'u-one', anonymousId: 'shared-device' }));
      await ingest(
        store,
        ws,
        identify({ userId: 'u-two', anonymousId: 'shared-device' }),
        track({ userId: 'u-two', anonymousId: 'shared-device' }, 'X'),
      );
      const customers = await allCustomers(store, ws.id);
      assert.deepEqual(customers.map((c) => c.userId).sort(), ['u-one', 'u-two']);
      for (const c of customers) assert.deepEqual(await store.customers.merges(ws.id, c.id), []);
      const two = customers.find((c) => c.userId === 'u-two')!;
      assert.deepEqual(
        (await store.customers.identities(ws.id, two.id)).map((i) => i.value),
        ['u-two'],
      );
    });

    it('alias merges the previousId’s profile into the userId’s', async () => {
      const ws = await newWorkspace(store);
      await ingest(store, ws, track({ anonymousId: 'old-anon' }, 'Viewed'), identify({ userId: 'u-alias' }));
      const [user, anon] = await allCustomers(store, ws.id);
      const m = alias('u-alias', 'old-anon');
      assert.deepEqual(await ingest(store, ws, m), { inserted: 1, duplicates: 0 });
      assert.deepEqual(
        (await allCustomers(store, ws.id)).map((c) => c.id),
        [user.id],
      );
      assert.equal(await store.customers.findSurvivor(ws.id, anon.id), user.id);
      assert.equal((await store.customers.merges(ws.id, user.id))[0].messageId, m.messageId);
      assert.equal(await store.customers.countEvents(ws.id), 3);
      assert.equal((await store.customers.events(ws.id, { customerId: user.id, limit: 10 })).items.length, 3);
    });

    it('never links visitors through placeholder ids', async () => {
      const ws = await newWorkspace(store);
      const junk = ['null', 'undefined', '0', '-1', 'anonymous'];
      for (const j of junk) {
        await ingest(
          store,
          ws,
          identify({ userId: j, anonymousId: `${j}-a` }),
          identify({ userId: j, anonymousId: `${j}-b` }),
        );
        await ingest(store, ws, track({ anonymousId: j }, 'Viewed'));
        await ingest(store, ws, track({ anonymousId: j }, 'Viewed'), alias('u-real', j));
      }
      // Per placeholder: two identifies, two anonymous tracks, and u-real once for all the aliases.
      assert.equal((await allCustomers(store, ws.id)).length, junk.length * 4 + 1);
      for (const c of await allCustomers(store, ws.id)) {
        for (const i of await store.customers.identities(ws.id, c.id))
          assert.ok(!junk.includes(i.value), i.value);
        assert.deepEqual(await store.customers.merges(ws.id, c.id), []);
      }
      for (const j of junk)
        assert.deepEqual((await store.customers.list(ws.id, { userId: j, limit: 5 })).items, []);
    });

    it('stops linking identifiers at the identity cap', async () => {
      const ws = await newWorkspace(store, { maxIdentitiesPerCustomer: 3 });
      await ingest(
        store,
        ws,
        identify({ userId: 'u-cap', anonymousId: 'd1' }),
        track({ userId: 'u-cap', anonymousId: 'd2' }, 'A'),
      );
      await ingest(store, ws, track({ userId: 'u-cap', anonymousId: 'd3' }, 'B'));
      await ingest(store, ws, track({ anonymousId: 'd3' }, 'C'), track({ anonymousId: 'd4' }, 'D'));
      await ingest(store, ws, identify({ userId: 'u-cap', anonymousId: 'd4' }));
      const customers = await allCustomers(store, ws.id);
      assert.equal(customers.length, 3);
      const user = customers.find((c) => c.userId === 'u-cap')!;
      const values = (await store.customers.identities(ws.id, user.id)).map((i) => i.value).sort();
      assert.deepEqual(values, ['d1', 'd2', 'u-cap']);
      assert.deepEqual(await store.customers.merges(ws.id, user.id), []);
    });

    it('keeps the newest value of each trait, whatever order messages arrive in', async () => {
      const ws = await newWorkspace(store);
      const newer = identify({ userId: 'u-traits' }, { plan: 'pro', name: 'New' }, { timestamp: 5_000_000 });
      const older = identify(
        { userId: 'u-traits' },
        { plan: 'free', city: 'Oslo', email: 'Old@Example.com' },
        { timestamp: 1_000_000 },
      );
      await ingest(store, ws, newer);
      await ingest(store, ws, older);
      const [c] = await allCustomers(store, ws.id);
      assert.deepEqual(c.traits, { plan: 'pro', name: 'New', city: 'Oslo', email: 'Old@Example.com' });
      assert.equal(c.email, 'old@example.com');
      assert.equal(c.firstSeen, 1_000_000);
      assert.equal(c.lastSeen, 5_000_000);

      const ws2 = await newWorkspace(store);
      await ingest(store, ws2, newer, older);
      assert.deepEqual((await allCustomers(store, ws2.id))[0].traits, c.traits);
    });

    it('links profiles by email only when identifyByEmail is on', async () => {
      for (const identifyByEmail of [true, false]) {
        const ws = await newWorkspace(store, { identifyByEmail });
        await ingest(store, ws, identify({ userId: 'u-mail' }, { email: 'Sam@Example.com' }));
        await ingest(store, ws, identify({ anonymousId: 'mail-a' }, { email: ' sam@example.com' }));
        await ingest(
          store,
          ws,
          identify({ anonymousId: 'mail-b' }, { email: 'SAM@example.com' }),
          track({ anonymousId: 'mail-b' }, 'X'),
        );
        const customers = await allCustomers(store, ws.id);
        assert.equal(customers.length, identifyByEmail ? 1 : 3, `identifyByEmail ${identifyByEmail}`);
        const found = await store.customers.list(ws.id, { email: 'SAM@example.com ', limit: 10 });
        assert.equal(found.items.length, customers.length);
        if (identifyByEmail) {
          const values = (await store.customers.identities(ws.id, customers[0].id))
            .map((i) => i.value)
            .sort();
          assert.deepEqual(values, ['mail-a', 'mail-b', 'sam@example.com', 'u-mail']);
        }
      }
    });

    it('keeps workspaces apart', async () => {
      const [ws1, ws2] = [await newWorkspace(store), await newWorkspace(store)];
      const m = identify({ userId: 'u-iso', anonymousId: 'a-iso' }, { plan: 'pro' });
      assert.deepEqual(await ingest(store, ws1, m), { inserted: 1, duplicates: 0 });
      assert.deepEqual(await ingest(store, ws2, m), { inserted: 1, duplicates: 0 });
      await ingest(
        store,
        ws2,
        track({ anonymousId: 'a-iso2' }, 'X'),
        identify({ userId: 'u-iso', anonymousId: 'a-iso2' }),
      );
      const [c1] = await allCustomers(store, ws1.id);
      const [c2] = await allCustomers(store, ws2.id);
      assert.notEqual(c1.id, c2.id);
      assert.equal(await store.customers.countEvents(ws1.id), 1);
      assert.equal(await store.customers.countEvents(ws2.id), 3);
      const q = { userId: 'u-iso', limit: 10 };
      assert.deepEqual(
        (await store.customers.list(ws1.id, q)).items.map((c) => c.id),
        [c1.id],
      );
      assert.deepEqual(
        (await store.customers.list(ws1.id, { trait: { key: 'plan', value: 'pro' }, limit: 10 })).items.map(
          (c) => c.id,
        ),
        [c1.id],
      );
      assert.ok(
        (await store.customers.events(ws1.id, { limit: 10 })).items.every((e) => e.customerId === c1.id),
      );
      assert.deepEqual((await store.customers.events(ws1.id, { customerId: c2.id, limit: 10 })).items, []);
      assert.equal(await store.customers.get(ws1.id, c2.id), null);
      assert.deepEqual(await store.customers.identities(ws1.id, c2.id), []);
      assert.deepEqual(await store.customers.merges(ws1.id, c2.id), []);
      const merged = (await store.customers.merges(ws2.id, c2.id))[0].fromCustomerId;
      assert.equal(await store.customers.findSurvivor(ws1.id, merged), null);
      assert.equal(await store.customers.findSurvivor(ws2.id, merged), c2.id);
    });

    it('lists customers by userId, email and trait, each exactly once across pages', async () => {
      const ws = await newWorkspace(store);
      const batch = Array.from({ length: 25 }, (_, i) =>
        identify(
          { userId: `list-${i}` },
          { email: `p${i}@example.com`, plan: i % 2 ? 'pro' : 'free', vip: i % 5 === 0, age: 20 + (i % 3) },
        ),
      );
      await ingest(store, ws, ...batch);
      const walk = async (query: Omit<CustomerQuery, 'cursor' | 'limit'>, limit: number) => {
        const ids: number[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 20; pages++) {
          const p = await store.customers.list(ws.id, { ...query, cursor, limit });
          assert.ok(p.items.length <= limit);
          ids.push(...p.items.map((c) => c.id));
          if (!p.next) return ids;
          cursor = p.next;
        }
        throw new Error('pagination did not end');
      };
      const all = await walk({}, 10);
      assert.equal(all.length, 25);
      assert.deepEqual(
        all,
        [...all].sort((a, b) => b - a),
        'newest first',
      );
      assert.deepEqual(await walk({}, 25), all);
      const user = await walk({ userId: 'list-7' }, 10);
      assert.equal(user.length, 1);
      assert.equal((await store.customers.get(ws.id, user[0]))!.userId, 'list-7');
      assert.deepEqual(await walk({ email: ' P7@Example.com' }, 10), user);
      assert.equal(new Set(await walk({ trait: { key: 'plan', value: 'pro' } }, 5)).size, 12);
      assert.equal((await walk({ trait: { key: 'plan', value: 'free' } }, 5)).length, 13);
      assert.equal((await walk({ trait: { key: 'vip', value: 'true' } }, 2)).length, 5);
      assert.equal((await walk({ trait: { key: 'age', value: '21' } }, 3)).length, 8);
      assert.deepEqual(await walk({ trait: { key: 'plan', value: 'none' } }, 5), []);
      assert.deepEqual(await walk({ userId: 'list-7', trait: { key: 'plan', value: 'free' } }, 5), []);
      await assert.rejects(store.customers.list(ws.id, { cursor: 'garbage', limit: 5 }), {
        code: 'bad_request',
      });
      const tampered = Buffer.from('[1.5]').toString('base64url');
      await assert.rejects(store.customers.list(ws.id, { cursor: tampered, limit: 5 }), {
        code: 'bad_request',
      });
    });

    it('lists events newest first with filters and cursor pagination, and counts them', async () => {
      const ws = await newWorkspace(store);
      const t0 = 1_800_000_000_000;
      // Three events per timestamp, so ordering and cursors must break ties by id.
      const batch = Array.from({ length: 30 }, (_, i) =>
        i % 3 === 2
          ? page({ userId: `ev-${i % 2}` }, 'Home', { timestamp: t0 + Math.floor(i / 3) * 1000 })
          : track(
              { userId: `ev-${i % 2}` },
              i % 3 ? 'Clicked' : 'Viewed',
              { i },
              { timestamp: t0 + Math.floor(i / 3) * 1000 },
            ),
      );
      await ingest(store, ws, ...batch);
      assert.equal(await store.customers.countEvents(ws.id), 30);
      const walk = async (query: Omit<EventQuery, 'cursor' | 'limit'>, limit: number) => {
        const out: {
          id: number;
          timestamp: number;
          name: string | null;
          type: string;
          customerId: number;
        }[] = [];
        let cursor: string | undefined;
        do {
          const p = await store.customers.events(ws.id, { ...query, cursor, limit });
          out.push(...p.items);
          cursor = p.next ?? undefined;
        } while (cursor);
        return out;
      };
      const all = await walk({}, 100);
      assert.equal(all.length, 30);
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [all[i - 1], all[i]];
        assert.ok(a.timestamp > b.timestamp || (a.timestamp === b.timestamp && a.id > b.id), 'newest first');
      }
      assert.deepEqual(
        (await walk({}, 7)).map((e) => e.id),
        all.map((e) => e.id),
      );
      const viewed = await walk({ name: 'Viewed' }, 4);
      assert.deepEqual(
        viewed.map((e) => e.id),
        all.filter((e) => e.name === 'Viewed').map((e) => e.id),
      );
      assert.equal(viewed.length, 10);
      assert.equal((await walk({ type: 'page' }, 3)).length, 10);
      assert.equal((await walk({ type: 'track', name: 'Home' }, 3)).length, 0);
      const window = await walk({ from: t0 + 2000, to: t0 + 5000 }, 4);
      assert.deepEqual(
        window.map((e) => e.id),
        all.filter((e) => e.timestamp >= t0 + 2000 && e.timestamp < t0 + 5000).map((e) => e.id),
      );
      assert.equal(window.length, 9);
      const customer = all[0].customerId;
      const mine = await walk({ customerId: customer, type: 'track' }, 2);
      assert.ok(mine.length > 0 && mine.every((e) => e.customerId === customer && e.type === 'track'));
      assert.deepEqual(await store.customers.events(ws.id, { name: 'Nothing', limit: 5 }), {
        items: [],
        next: null,
      });
    });

    it('inserts raw events for known customers, skipping stored messageIds', async () => {
      const ws = await newWorkspace(store);
      await ingest(store, ws, identify({ userId: 'u-raw' }));
      const [c] = await allCustomers(store, ws.id);
      const events = Array.from({ length: 50 }, (_, i) => ({
        message: track({ userId: 'u-raw' }, `Raw ${i}`),
        customerId: c.id,
      }));
      assert.equal(await store.insertEventsRaw(ws.id, events), 50);
      assert.equal(await store.insertEventsRaw(ws.id, [...events.slice(0, 10), events[0]]), 0);
      assert.equal(await store.customers.countEvents(ws.id), 51);
    });

    it('commits a group-commit batch all or nothing', async () => {
      const [ws1, ws2] = [await newWorkspace(store), await newWorkspace(store)];
      const bad = message('track', { userId: 'u-bad' }, {}, { name: 'Bad', timestamp: Number.NaN });
      await assert.rejects(
        store.ingest.commit(
          [
            {
              workspaceId: ws1.id,
              messages: [track({ userId: 'u-ok' }, 'Fine')],
              settings: ws1.settings.identity,
            },
            { workspaceId: ws2.id, messages: [bad], settings: ws2.settings.identity },
          ],
          5_000,
        ),
      );
      assert.equal(await store.customers.countEvents(ws1.id), 0);
      assert.deepEqual(await allCustomers(store, ws1.id), []);
    });

    it('stays consistent when requests for the same new user are written concurrently', async () => {
      const ws = await newWorkspace(store);
      // Open the connections first, so that the requests below really overlap on PostgreSQL.
      await Promise.all(Array.from({ length: 8 }, () => store.ping()));
      for (let round = 0; round < 5; round++) {
        const userId = `u-race-${round}`;
        const requests = Array.from({ length: 8 }, (_, i) =>
          ingest(store, ws, track({ userId, anonymousId: `race-${round}-${i}` }, 'Raced')),
        );
        assert.ok((await Promise.all(requests)).every((o) => o.inserted === 1));
        const customers = (await store.customers.list(ws.id, { userId, limit: 5 })).items;
        assert.equal(customers.length, 1);
        assert.equal((await store.customers.identities(ws.id, customers[0].id)).length, 9);
        assert.equal(
          (await store.customers.events(ws.id, { customerId: customers[0].id, limit: 20 })).items.length,
          8,
        );
      }
      // Concurrent trait updates of one profile must all land, not overwrite each other.
      const traits = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          ingest(store, ws, identify({ userId: 'u-race-0' }, { [`t${i}`]: i })),
        ),
      );
      assert.ok(traits.every((o) => o.inserted === 1));
      const [raced] = (await store.customers.list(ws.id, { userId: 'u-race-0', limit: 1 })).items;
      assert.deepEqual(raced.traits, { t0: 0, t1: 1, t2: 2, t3: 3, t4: 4, t5: 5, t6: 6, t7: 7 });
      // Requests that read a profile while another request merges it away still land on the survivor.
      for (let round = 0; round < 3; round++) {
        const [userId, anonymousId] = [`u-merge-race-${round}`, `merge-race-${round}`];
        await ingest(store, ws, identify({ userId }), track({ anonymousId }, 'Before'));
        const racing = [
          identify({ userId, anonymousId }),
          ...Array.from({ length: 4 }, () => track({ anonymousId }, 'During')),
        ];
        await Promise.all(racing.map((m) => ingest(store, ws, m)));
        const [survivor] = (await store.customers.list(ws.id, { userId, limit: 5 })).items;
        assert.equal(
          (await store.customers.events(ws.id, { customerId: survivor.id, limit: 20 })).items.length,
          7,
        );
      }
      const same = identify({ userId: 'u-race-same' }, { n: 1 });
      const outcomes = await Promise.all(Array.from({ length: 4 }, () => ingest(store, ws, same)));
      assert.equal(
        outcomes.reduce((n, o) => n + o.inserted, 0),
        1,
      );
      assert.equal((await store.customers.list(ws.id, { userId: 'u-race-same', limit: 5 })).items.length, 1);
      // Placeholder ids make a new profile per message: the losers must not leave theirs behind.
      const junk = track({ anonymousId: 'null' }, 'Raced');
      const junkOutcomes = await Promise.all(Array.from({ length: 4 }, () => ingest(store, ws, junk)));
      assert.equal(
        junkOutcomes.reduce((n, o) => n + o.inserted, 0),
        1,
      );
      assert.equal((await allCustomers(store, ws.id)).length, 10, 'no profile left behind by a lost race');
      assert.equal(await store.customers.countEvents(ws.id), 71);
    });
  });
}
