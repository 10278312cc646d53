import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { tempStore } from '../../testing/index.ts';
import { allCustomers, identify, ingest, newWorkspace, track } from '../test-support.ts';
import { SqliteStore } from './sqlite-store.ts';

test('ingest on its own thread: committed before it resolves, checkpointed into the file, closed cleanly', async (t) => {
  const { store, file, cleanup } = await tempStore((f) => new SqliteStore(f, { ingestThread: true }));
  t.after(cleanup);
  const ws = await newWorkspace(store);
  const emptySize = statSync(file).size;

  const outcome = await ingest(
    store,
    ws,
    identify({ userId: 'u1', anonymousId: 'a1' }, { plan: 'pro' }),
    ...Array.from({ length: 300 }, (_, i) => track({ anonymousId: 'a1' }, `Event ${i}`)),
  );
  assert.deepEqual(outcome, { inserted: 301, duplicates: 0 });
  // Read through the calling thread's own connection: the ingest thread's commit is visible.
  assert.equal(await store.customers.countEvents(ws.id), 301);
  const [customer] = await allCustomers(store, ws.id);
  assert.equal(customer.userId, 'u1');
  assert.equal(customer.traits.plan, 'pro');

  // The checkpointer thread copies the WAL into the database file without anyone asking.
  const deadline = Date.now() + 10_000;
  while (statSync(file).size <= emptySize && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  assert.ok(statSync(file).size > emptySize, 'the database file grew: the WAL was checkpointed');

  await store.close();
  await assert.rejects(store.ingest.commit([], Date.now()));
});

for (const engineThread of [false, true]) {
  test(`idle, the store's threads keep no process alive${engineThread ? ' (engine on the writer thread)' : ''}`, async (t) => {
    const { store, cleanup } = await tempStore(
      (f) => new SqliteStore(f, { ingestThread: true, engineThread, synchronous: 'NORMAL' }),
    );
    t.after(cleanup);
    // A referenced thread shows as a referenced MessagePort: it would keep a CLI command, or a test whose
    // store was never closed, from exiting.
    const referenced = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const before = referenced();
    store.startThreads();
    const ws = await newWorkspace(store);
    await ingest(store, ws, track({ userId: 'u-idle' }, 'Viewed'));
    assert.equal(referenced(), before);
  });
}
