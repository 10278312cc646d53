import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job } from '../jobs/index.ts';
import type { Store } from './index.ts';
import { freshKind, job, T0, useJobStore } from './job-fixtures.ts';
import { storeAdapters } from './test-support.ts';

// Leases, heartbeats, failures with backoff and workers claiming at once, the same cases on both stores.
const adapters = await storeAdapters();
const LEASE_MS = 30_000;
const claimOf = (store: Store, workerId: string, now: number, kinds: string[], limit = 10) =>
  store.jobs.claim({ workerId, now, leaseMs: LEASE_MS, limit, kinds });
const keep = { now: T0, onConflict: 'keep' as const };

for (const adapter of adapters) {
  describe(`job leases (${adapter.name})`, { skip: adapter.skip }, () => {
    const s = useJobStore(adapter);

    it('never hands one job to two workers claiming at the same time on their own connections', async () => {
      const kind = freshKind('race');
      const count = 300;
      await s.store.jobs.enqueue(
        Array.from({ length: count }, (_, i) => job(s.ws, kind, `j${i}`, T0 + (i % 7))),
        keep,
      );
      const second = s.harness.open();
      try {
        // Three claim loops per worker, each worker on its own pool (PostgreSQL) or connection (SQLite).
        const drain = async (store: Store, workerId: string): Promise<Job[]> => {
          const got: Job[] = [];
          for (let batch = await claimOf(store, workerId, T0 + 10, [kind], 7); batch.length > 0; ) {
            got.push(...batch);
            batch = await claimOf(store, workerId, T0 + 10, [kind], 7);
          }
          return got;
        };
        const loops = [s.store, second].flatMap((store, w) => [1, 2, 3].map(() => drain(store, `w${w}`)));
        const claimed = (await Promise.all(loops)).flat();
        const ids = claimed.map((j) => j.id);
        assert.equal(new Set(ids).size, ids.length, 'a job was claimed twice');
        assert.equal(ids.length, count, 'every job was claimed');
        assert.ok(claimed.every((j) => j.attempts === 1));
      } finally {
        await second.close();
      }
    });

    it('gives a job whose worker died to another once the lease has run out by the clock', async () => {
      const kind = freshKind('dead-worker');
      await s.store.jobs.enqueue([job(s.ws, kind, 'd', T0)], keep);
      const [held] = await claimOf(s.store, 'w-dies', T0, [kind]);
      assert.equal(held!.lockedUntil, T0 + LEASE_MS);
      assert.deepEqual(
        await claimOf(s.store, 'w-2', T0 + LEASE_MS, [kind]),
        [],
        'the lease still holds at its end',
      );
      const [taken] = await claimOf(s.store, 'w-2', T0 + LEASE_MS + 1, [kind]);
      assert.equal(taken!.id, held!.id);
      assert.deepEqual([taken!.attempts, taken!.lockedBy], [2, 'w-2']);
      assert.equal(taken!.lastError, 'the lease of w-dies ran out');
      assert.deepEqual(
        await s.store.jobs.complete('w-dies', [held!.id]),
        [],
        'the dead worker cannot complete it',
      );
      assert.deepEqual(await s.store.jobs.complete('w-2', [held!.id]), [held!.id]);
      assert.deepEqual(await s.store.jobs.find(s.ws.id, 'd'), [], 'a completed job is deleted');
    });

    it('keeps a long job with its worker while the heartbeat extends the lease', async () => {
      const kind = freshKind('long');
      await s.store.jobs.enqueue([job(s.ws, kind, 'long', T0)], keep);
      const [held] = await claimOf(s.store, 'w-1', T0, [kind]);
      const beat = (workerId: string, now: number) =>
        s.store.jobs.heartbeat({ workerId, now, leaseMs: LEASE_MS }, [held!.id]);
      assert.deepEqual(await beat('w-1', T0 + 20_000), [held!.id]);
      assert.deepEqual(
        await claimOf(s.store, 'w-2', T0 + 40_000, [kind]),
        [],
        'past the first lease, within the second',
      );
      assert.deepEqual(await beat('w-2', T0 + 40_000), [], 'another worker cannot extend it');
      assert.equal((await s.store.jobs.find(s.ws.id, 'long'))[0]!.lockedUntil, T0 + 50_000);
      const [taken] = await claimOf(s.store, 'w-2', T0 + 50_001, [kind]);
      assert.equal(taken!.id, held!.id, 'once the heartbeats stop, the job moves on');
    });

    it('retries a failed job after min(max, base * 2^(attempts - 1)), then keeps it as failed with its last error', async () => {
      const kind = freshKind('backoff');
      await s.store.jobs.enqueue([job(s.ws, kind, 'b', T0, { maxAttempts: 5 })], keep);
      const backoff = { baseMs: 1000, maxMs: 5000 };
      const runAts: number[] = [];
      let now = T0;
      for (let attempt = 1; attempt <= 5; attempt++) {
        const [claimed] = await claimOf(s.store, 'w-1', now, [kind]);
        assert.equal(claimed!.attempts, attempt);
        assert.deepEqual(await claimOf(s.store, 'w-1', now, [kind]), []);
        now += 7;
        const outcome = await s.store.jobs.fail('w-1', claimed!.id, {
          error: `boom ${attempt}`,
          now,
          backoff,
        });
        assert.equal(outcome, attempt < 5 ? 'retry' : 'failed');
        const [stored] = await s.store.jobs.find(s.ws.id, 'b');
        runAts.push(stored!.runAt - now);
        if (attempt < 5) {
          assert.deepEqual(
            await claimOf(s.store, 'w-1', stored!.runAt - 1, [kind]),
            [],
            'not before the backoff',
          );
          now = stored!.runAt;
        }
      }
      // 1 s, 2 s, 4 s, then 8 s capped at 5 s; the last entry is the dead job's unchanged run time.
      assert.deepEqual(runAts.slice(0, 4), [1000, 2000, 4000, 5000]);
      const [dead] = await s.store.jobs.find(s.ws.id, 'b');
      assert.deepEqual(
        [dead!.attempts, dead!.failedAt, dead!.lastError, dead!.lockedBy],
        [5, now, 'boom 5', null],
      );
      assert.deepEqual(
        await claimOf(s.store, 'w-1', now + 3_600_000, [kind]),
        [],
        'a dead job is never claimed',
      );
      assert.equal((await s.store.jobs.failed(s.ws.id, 5))[0]!.id, dead!.id);
      // Its key is free again: a new job goes in beside the dead one.
      assert.equal(await s.store.jobs.enqueue([job(s.ws, kind, 'b', now)], keep), 1);
      assert.deepEqual(
        (await s.store.jobs.find(s.ws.id, 'b')).map((j) => j.failedAt),
        [null, now],
      );
    });

    it('does not let a worker fail, reschedule or complete a job it no longer holds', async () => {
      const kind = freshKind('not-mine');
      await s.store.jobs.enqueue([job(s.ws, kind, 'm', T0)], keep);
      const [held] = await claimOf(s.store, 'w-1', T0, [kind]);
      const failure = { error: 'x', now: T0, backoff: { baseMs: 10, maxMs: 10 } };
      assert.equal(await s.store.jobs.fail('w-2', held!.id, failure), 'lost');
      assert.equal(await s.store.jobs.reschedule('w-2', held!.id, T0 + 5), false);
      assert.deepEqual(await s.store.jobs.complete('w-2', [held!.id]), []);
      assert.equal((await s.store.jobs.find(s.ws.id, 'm'))[0]!.lockedBy, 'w-1');
    });

    it('reschedules a recurring job for its next run, attempts starting over', async () => {
      const kind = freshKind('recurring');
      await s.store.jobs.enqueue([job(s.ws, kind, 'r', T0, { payload: { n: 1 } })], keep);
      const [held] = await claimOf(s.store, 'w-1', T0, [kind]);
      assert.equal(await s.store.jobs.reschedule('w-1', held!.id, T0 + 86_400_000, { n: 2 }), true);
      const [next] = await s.store.jobs.find(s.ws.id, 'r');
      assert.deepEqual(
        [next!.runAt, next!.payload, next!.attempts, next!.lockedBy],
        [T0 + 86_400_000, { n: 2 }, 0, null],
      );
      assert.equal(await s.store.jobs.nextDue(T0, [kind]), T0 + 86_400_000);
    });

    it('turns a job whose last attempt lost its worker into a failed one instead of claiming it again', async () => {
      const kind = freshKind('spent');
      await s.store.jobs.enqueue([job(s.ws, kind, 's', T0, { maxAttempts: 1 })], keep);
      await claimOf(s.store, 'w-gone', T0, [kind]);
      assert.deepEqual(await claimOf(s.store, 'w-2', T0 + LEASE_MS + 1, [kind]), []);
      const [dead] = await s.store.jobs.find(s.ws.id, 's');
      assert.deepEqual(
        [dead!.failedAt, dead!.attempts, dead!.lastError, dead!.lockedBy],
        [T0 + LEASE_MS + 1, 1, 'the lease of w-gone ran out', null],
      );
    });
  });
}
