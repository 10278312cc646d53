import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshKind, job, T0, useJobStore } from './job-fixtures.ts';
import { cancelWith, enqueueWith, CLAIM as PG_CLAIM } from './postgres/jobs.ts';
import { inTransaction } from './postgres/pool.ts';
import type { PostgresStore } from './postgres/postgres-store.ts';
import { cancelSync, enqueueSync, CLAIM as SQLITE_CLAIM } from './sqlite/jobs.ts';
import type { SqliteStore } from './sqlite/sqlite-store.ts';
import { storeAdapters } from './test-support.ts';

// What each adapter offers beyond the port: enqueuing inside a unit of work's own transaction, and
// claims that read an index rather than the table.
const adapters = await storeAdapters();
const keep = { now: T0, onConflict: 'keep' as const };

for (const adapter of adapters) {
  describe(`jobs in a transaction and the claim's index (${adapter.name})`, { skip: adapter.skip }, () => {
    const s = useJobStore(adapter);

    it("enqueues inside the caller's transaction: the jobs commit or roll back with it", async () => {
      const kind = freshKind('unit-of-work');
      const [a, b] = [job(s.ws, kind, 'tx-a', T0), job(s.ws, kind, 'tx-b', T0)];
      if (s.store.dialect === 'sqlite') {
        const store = s.store as SqliteStore;
        assert.throws(() => enqueueSync(store, [a], keep), /run inside a transaction on the store/);
        await assert.rejects(
          store.writeNow(() => {
            enqueueSync(store, [a], keep);
            throw new Error('the step failed');
          }),
          /the step failed/,
        );
        await store.writeNow(() => {
          enqueueSync(store, [a, b], keep);
          assert.equal(cancelSync(store, s.ws.id, ['tx-b']), 1);
        });
      } else {
        const store = s.store as PostgresStore;
        await assert.rejects(
          inTransaction(store.pool, async (c) => {
            await enqueueWith(c, [a], keep);
            throw new Error('the step failed');
          }),
          /the step failed/,
        );
        await inTransaction(store.pool, async (c) => {
          assert.equal(await enqueueWith(c, [a, b], keep), 2);
          assert.equal(await cancelWith(c, s.ws.id, ['tx-b']), 1);
        });
      }
      assert.equal((await s.store.jobs.find(s.ws.id, 'tx-a')).length, 1);
      assert.deepEqual(await s.store.jobs.find(s.ws.id, 'tx-b'), []);
    });

    it("enqueues through a write unit's jobs facet: the jobs commit or roll back with the unit", async () => {
      const kind = freshKind('write-unit');
      const [a, b] = [job(s.ws, kind, 'unit-a', T0), job(s.ws, kind, 'unit-b', T0)];
      await assert.rejects(
        s.store.write(async (unit) => {
          await unit.jobs.enqueue([a], keep);
          throw new Error('the step failed');
        }),
        /the step failed/,
      );
      assert.deepEqual(await s.store.jobs.find(s.ws.id, 'unit-a'), []);
      await s.store.write(async (unit) => {
        // Beside another capability's facet, in the same transaction.
        await unit.engine.generations();
        assert.equal(await unit.jobs.enqueue([a, b], keep), 2);
        assert.equal(await unit.jobs.cancel(s.ws.id, ['unit-b']), 1);
      });
      assert.equal((await s.store.jobs.find(s.ws.id, 'unit-a')).length, 1);
      assert.deepEqual(await s.store.jobs.find(s.ws.id, 'unit-b'), []);
    });

    it('claims through the jobs_due index in run order, never reading the whole backlog', async () => {
      const kind = freshKind('plan');
      // A backlog: more due jobs than workers, none of them ANALYZEd, as a queue's rows mostly are.
      const due = Array.from({ length: 20_000 }, (_, i) => job(s.ws, kind, `d${i}`, T0 - 20_000 + i));
      assert.equal(await s.store.jobs.enqueue(due, keep), 20_000);
      if (s.store.dialect === 'sqlite') {
        const args = { now: T0, kinds: JSON.stringify([kind]), worker: 'w', until: T0 + 1, limit: 10 };
        const rows = (s.store as SqliteStore).db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_CLAIM}`).all(args);
        const plan = rows.map((r) => String(r.detail)).join('\n');
        assert.match(plan, /SEARCH jobs USING INDEX jobs_due \(run_at<\?\)/, plan);
        assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
      } else {
        // A bitmap scan and a sort would read every due row's page (over 300 here); the index walk, a few.
        // On one connection, measured the second time: the first call in a session plans the claim
        // function's statement, and that reads catalog pages, more of them the more tables there are.
        // The warm-up is rolled back, so the claim below still finds the first ten taken.
        const client = await (s.store as PostgresStore).pool.connect();
        const explain = () =>
          client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${PG_CLAIM}`, [T0, [kind], 10, 'w', T0 + 1]);
        let rows: { 'QUERY PLAN': { Plan: Record<string, number> }[] }[];
        try {
          await client.query('BEGIN');
          await explain();
          await client.query('ROLLBACK');
          rows = (await explain()).rows;
        } finally {
          client.release();
        }
        const plan = rows[0]['QUERY PLAN'][0].Plan;
        const pages = plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];
        assert.ok(pages < 100, `the claim read ${pages} pages`);
      }
      const claimed = await s.store.jobs.claim({
        workerId: 'w2',
        now: T0,
        leaseMs: 1,
        limit: 3,
        kinds: [kind],
      });
      assert.deepEqual(
        claimed.map((j) => j.key),
        s.store.dialect === 'sqlite' ? ['d0', 'd1', 'd2'] : ['d10', 'd11', 'd12'],
      );
    });
  });
}
