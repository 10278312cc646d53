import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempStore } from '../../testing/index.ts';
import { alias, allCustomers, identify, ingest, newWorkspace, track } from '../test-support.ts';
import { SqliteStore } from './sqlite-store.ts';

test('a write by another connection to the same file empties the ingest caches', async (t) => {
  const { store: server, file, cleanup } = await tempStore();
  t.after(cleanup);
  const ws = await newWorkspace(server);
  // The server's connection learns (and caches) that u1 is customer A and u2 is customer B.
  await ingest(server, ws, identify({ userId: 'u1' }), identify({ userId: 'u2' }));
  const [b, a] = await allCustomers(server, ws.id);
  assert.deepEqual([a.userId, b.userId], ['u1', 'u2']);

  // Another process (a CLI import, say) merges u1 into u2 on its own connection.
  const cli = new SqliteStore(file);
  t.after(() => cli.close());
  await ingest(cli, ws, alias('u2', 'u1'));
  assert.deepEqual(
    (await allCustomers(cli, ws.id)).map((c) => c.id),
    [b.id],
  );

  // The server must not trust its cached "u1 is A": A no longer exists.
  await ingest(server, ws, track({ userId: 'u1' }, 'Order Completed'));
  const events = await server.customers.events(ws.id, { name: 'Order Completed', limit: 10 });
  assert.equal(events.items.length, 1);
  assert.equal(events.items[0].customerId, b.id);
});

test('a cached identity whose customer merged away in this connection resolves to the survivor', async (t) => {
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const ws = await newWorkspace(store);
  await ingest(store, ws, track({ anonymousId: 'device-1' }, 'Viewed'), identify({ userId: 'u9' }));
  // Merges the device's profile into u9's; the cache had device-1 -> the anonymous profile.
  await ingest(store, ws, identify({ userId: 'u9', anonymousId: 'device-1' }));
  await ingest(store, ws, track({ anonymousId: 'device-1' }, 'Added'));
  const customers = await allCustomers(store, ws.id);
  assert.equal(customers.length, 1);
  const events = await store.customers.events(ws.id, { customerId: customers[0].id, limit: 10 });
  assert.deepEqual(events.items.map((e) => e.name).sort(), ['Added', 'Viewed', null, null].sort());
});
