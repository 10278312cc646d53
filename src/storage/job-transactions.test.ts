import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshKind, job, T0, useJobStore } from './job-fixtures.ts';
import { cancelWith, enqueueWith, CLAIM as PG_CLAIM } from './postgres/jobs.ts';
import { inTransaction } from './postgres/pool.ts';
import type { PostgresStore } from './postgres/postgres-store.ts';
import { claimSql, nextDueSql } from './sqlite/job-claim-sql.ts';
import { cancelSync, enqueueSync } from './sqlite/jobs.ts';
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

    it("claims and finds the next due job through each kind's own index range, never another kind's backlog", async () => {
      const [backlog, kind] = [freshKind('backlog'), freshKind('plan')];
      // 20,000 due jobs of another kind, all earlier than the asked-for kind's and none of them ANALYZEd,
      // as a queue's rows mostly are: a walk in run order over every kind would read all of them first.
      const due = Array.from({ length: 20_000 }, (_, i) => job(s.ws, backlog, `d${i}`, T0 - 40_000 + i));
      assert.equal(await s.store.jobs.enqueue(due, keep), 20_000);
      const mine = Array.from({ length: 20 }, (_, i) => job(s.ws, kind, `m${i}`, T0 - 10_000 + i));
      assert.equal(await s.store.jobs.enqueue(mine, keep), 20);
      // Two kinds asked for, the second with no jobs: the merge must not read more for it either.
      const kinds = [kind, freshKind('plan-empty')];
      if (s.store.dialect === 'sqlite') {
        const db = (s.store as SqliteStore).db;
        const kindArgs = { k0: kinds[0]!, k1: kinds[1]! };
        const claim = { now: T0, ...kindArgs, worker: 'w', until: T0 + 1, limit: 10 };
        assertKindWalks(
          db.prepare(`EXPLAIN QUERY PLAN ${claimSql(2)}`).all(claim),
          /\(kind=\? AND run_at<\?\)/,
        );
        const next = { now: T0, ...kindArgs };
        assertKindWalks(db.prepare(`EXPLAIN QUERY PLAN ${nextDueSql(2)}`).all(next), /\(kind=\?\)/);
      } else {
        // Every backlog row sits on one of over 300 pages a walk past them would read; the walks, a few.
        // On one connection, once warm: a session's first call also plans the function's statements,
        // reading catalog pages that grow with every migration and say nothing of the index walk.
        const c = await (s.store as PostgresStore).pool.connect();
        const pages = async (sql: string, args: unknown[]) => {
          const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, args);
          const plan = rows[0]!['QUERY PLAN'][0]!.Plan as Record<string, number>;
          return plan['Shared Hit Blocks']! + plan['Shared Read Blocks']!;
        };
        try {
          await c.query(PG_CLAIM, [T0, ['plan-warm-up'], 10, 'w', T0 + 1]);
          await c.query('SELECT jobs_next_due($1, $2)', [T0, ['plan-warm-up']]);
          const claimPages = await pages(PG_CLAIM, [T0, kinds, 10, 'w', T0 + 1]);
          assert.ok(claimPages < 100, `the claim read ${claimPages} pages`);
          const nextPages = await pages('SELECT jobs_next_due($1, $2)', [T0, kinds]);
          assert.ok(nextPages < 50, `the next-due read read ${nextPages} pages`);
        } finally {
          c.release();
        }
      }
      const claimed = await s.store.jobs.claim({ workerId: 'w2', now: T0, leaseMs: 1, limit: 3, kinds });
      assert.deepEqual(
        claimed.map((j) => j.key),
        s.store.dialect === 'sqlite' ? ['m0', 'm1', 'm2'] : ['m10', 'm11', 'm12'],
      );
    });
  });
}

/**
 * An SQLite plan reads jobs only through jobs_by_kind, one search of the form `range` per kind, each in
 * index order (no temporary b-tree beside it: a sort there would mean reading the kind's whole range
 * first). The merge may sort the few rows the walks return.
 */
function assertKindWalks(rows: Record<string, unknown>[], range: RegExp): void {
  const plan = rows.map((r) => `${r.id}/${r.parent} ${r.detail}`).join('\n');
  const reads = rows.filter(
    (r) => /\bjobs\b/.test(String(r.detail)) && !/PRIMARY KEY/.test(String(r.detail)),
  );
  assert.equal(reads.length, 2, plan);
  for (const read of reads) {
    assert.match(String(read.detail), /^SEARCH jobs USING INDEX jobs_by_kind /, plan);
    assert.match(String(read.detail), range, plan);
    const beside = rows.filter((r) => r.parent === read.parent && /TEMP B-TREE/.test(String(r.detail)));
    assert.deepEqual(beside, [], plan);
  }
}
