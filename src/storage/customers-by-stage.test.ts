import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allCustomers,
  identify,
  ingest,
  newWorkspace,
  sqlRows,
  storeAdapters,
  suiteStore,
} from './test-support.ts';

// Customers listed by their stage now, against both adapters; without PostgreSQL its half is skipped
// (saying why), except in CI.
const adapters = await storeAdapters();

for (const adapter of adapters) {
  describe(`customers by stage on ${adapter.name}`, { skip: adapter.skip }, () => {
    const store = suiteStore(adapter);

    it('pages through one stage newest first, within the workspace', async () => {
      const ws = await newWorkspace(store());
      const other = await newWorkspace(store());
      await ingest(store(), ws, ...['a', 'b', 'c', 'd'].map((userId) => identify({ userId })));
      await ingest(store(), other, identify({ userId: 'x' }));
      const stages: Record<string, string> = { a: 'loyal', b: 'new', c: 'loyal', d: 'loyal', x: 'loyal' };
      for (const w of [ws, other])
        for (const c of await allCustomers(store(), w.id))
          await sqlRows(
            store(),
            'INSERT INTO customer_state (customer_id, workspace_id, stage, updated_at) VALUES ($1, $2, $3, 1)',
            [c.id, w.id, stages[c.userId!]],
          );
      const userIds: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store().customers.list(ws.id, { stage: 'loyal', limit: 2, cursor });
        userIds.push(...page.items.map((c) => c.userId!));
        cursor = page.next ?? undefined;
      } while (cursor);
      assert.deepEqual(userIds, ['d', 'c', 'a']);
    });
  });
}
