import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../core/index.ts';
import { freshKind, job, T0, useJobStore } from '../storage/job-fixtures.ts';
import { storeAdapters } from '../storage/test-support.ts';
import { JobWorker, type WorkerOptions } from './job-worker.ts';
import { ManualTimers } from './timers.ts';

// The worker on real stores, time driven by a manual clock and timers fired by hand: nothing sleeps.
const adapters = await storeAdapters();
const keep = { now: T0, onConflict: 'keep' as const };

/** A promise and the function that settles it, for handlers that wait until the test lets them go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

for (const adapter of adapters) {
  describe(`job worker (${adapter.name})`, { skip: adapter.skip }, () => {
    const s = useJobStore(adapter);
    const worker = (clock: ManualClock, options: Partial<WorkerOptions> = {}) =>
      new JobWorker(s.store.jobs, { clock, timers: new ManualTimers(), onError: () => {}, ...options });

    it('runs the due jobs of its kinds, deletes them, and leaves future and unknown ones', async () => {
      const [kind, unknown] = [freshKind('run'), freshKind('unknown')];
      const clock = new ManualClock(T0);
      const jobs = [job(s.ws, kind, 'a', T0, { payload: { n: 1 } }), job(s.ws, kind, 'b', T0 - 1)];
      await s.store.jobs.enqueue(
        [...jobs, job(s.ws, kind, 'later', T0 + 1), job(s.ws, unknown, 'u', T0)],
        keep,
      );
      const seen: string[] = [];
      const w = worker(clock, { workerId: 'w-run' });
      w.register(kind, async (j, context) => {
        seen.push(`${j.key}@${context.now}:${JSON.stringify(j.payload)}`);
      });
      const runs = await w.runDue();
      assert.deepEqual(seen.sort(), [`a@${T0}:{"n":1}`, `b@${T0}:{}`]);
      assert.deepEqual(
        runs.map((r) => r.outcome),
        ['completed', 'completed'],
      );
      assert.deepEqual(await s.store.jobs.find(s.ws.id, 'a'), []);
      assert.equal((await s.store.jobs.find(s.ws.id, 'later')).length, 1);
      assert.equal(
        (await s.store.jobs.find(s.ws.id, 'u'))[0]!.attempts,
        0,
        'a kind it cannot run is never claimed',
      );
      clock.advance(1);
      assert.deepEqual(
        (await w.runDue()).map((r) => r.job.key),
        ['later'],
      );
    });

    it('never loses a job whose handler throws: it retries after the backoff and keeps the error', async () => {
      const kind = freshKind('throws');
      const clock = new ManualClock(T0);
      await s.store.jobs.enqueue([job(s.ws, kind, 't', T0, { maxAttempts: 2 })], keep);
      const w = worker(clock);
      w.register(
        kind,
        async () => {
          throw new Error('the channel is down');
        },
        { backoff: { baseMs: 60_000, maxMs: 60_000 } },
      );
      assert.deepEqual(
        (await w.runDue()).map((r) => r.outcome),
        ['retry'],
      );
      const [stored] = await s.store.jobs.find(s.ws.id, 't');
      assert.equal(stored!.runAt, T0 + 60_000);
      assert.match(stored!.lastError!, /^Error: the channel is down/);
      assert.deepEqual(await w.runDue(), [], 'not before the backoff');
      clock.advance(60_000);
      assert.deepEqual(
        (await w.runDue()).map((r) => r.outcome),
        ['failed'],
      );
      const [dead] = await s.store.jobs.find(s.ws.id, 't');
      assert.deepEqual([dead!.attempts, dead!.failedAt], [2, T0 + 60_000]);
    });

    it('runs no more handlers at once than its concurrency', async () => {
      const kind = freshKind('concurrency');
      const clock = new ManualClock(T0);
      await s.store.jobs.enqueue(
        Array.from({ length: 7 }, (_, i) => job(s.ws, kind, `c${i}`, T0)),
        keep,
      );
      let [active, most] = [0, 0];
      const w = worker(clock, { concurrency: 3 });
      w.register(kind, async () => {
        most = Math.max(most, ++active);
        await new Promise((resolve) => setImmediate(resolve));
        active--;
      });
      const runs = await w.runDue();
      assert.equal(runs.length, 7);
      assert.equal(most, 3);
    });

    it('keeps a long run its own with heartbeats, so no other worker takes it after the first lease', async () => {
      const kind = freshKind('heartbeat');
      const clock = new ManualClock(T0);
      const timers = new ManualTimers();
      await s.store.jobs.enqueue([job(s.ws, kind, 'long', T0)], keep);
      const [started, release] = [gate(), gate()];
      const w = worker(clock, { workerId: 'w-long', leaseMs: 30_000, timers });
      w.register(kind, async () => {
        started.open();
        await release.promise;
      });
      const other = worker(clock, { workerId: 'w-other' });
      other.register(kind, async () => {});
      const pass = w.runDue();
      await started.promise;
      assert.deepEqual(timers.pending, [10_000], 'a heartbeat every third of the lease');
      clock.advance(20_000);
      assert.equal(await timers.fire(), 1);
      clock.advance(20_000);
      assert.deepEqual(await other.runDue(), [], 'still held at T0 + 40 s, past the first lease');
      release.open();
      assert.deepEqual(
        (await pass).map((r) => r.outcome),
        ['completed'],
      );
    });

    it('finishes the job of a worker that died once its lease has run out', async () => {
      const kind = freshKind('takeover');
      const clock = new ManualClock(T0);
      await s.store.jobs.enqueue([job(s.ws, kind, 'orphan', T0)], keep);
      await s.store.jobs.claim({ workerId: 'w-died', now: T0, leaseMs: 30_000, limit: 1, kinds: [kind] });
      const w = worker(clock);
      w.register(kind, async () => {});
      assert.deepEqual(await w.runDue(), []);
      clock.advance(30_001);
      const runs = await w.runDue();
      assert.deepEqual(
        runs.map((r) => [r.outcome, r.job.attempts]),
        [['completed', 2]],
      );
    });

    it('reruns a recurring job when its handler says, and refuses a rerun time that is not ahead', async () => {
      const [kind, bad] = [freshKind('recurring'), freshKind('bad-rerun')];
      const clock = new ManualClock(T0);
      await s.store.jobs.enqueue([job(s.ws, kind, 'again', T0), job(s.ws, bad, 'past', T0)], keep);
      const w = worker(clock);
      w.register(kind, async (_job, { now }) => ({ rerunAt: now + 1000, payload: { ran: now } }));
      w.register(bad, async (_job, { now }) => ({ rerunAt: now }));
      const outcomes = (await w.runDue()).map((r) => `${r.job.key}:${r.outcome}`).sort();
      assert.deepEqual(outcomes, ['again:rescheduled', 'past:retry']);
      const [again] = await s.store.jobs.find(s.ws.id, 'again');
      assert.deepEqual([again!.runAt, again!.payload, again!.attempts], [T0 + 1000, { ran: T0 }, 0]);
      assert.match((await s.store.jobs.find(s.ws.id, 'past'))[0]!.lastError!, /asked to run again at/);
    });

    it('runs jobs in the background once started, and stop waits for the running handler', async () => {
      const kind = freshKind('background');
      const clock = new ManualClock(T0);
      const timers = new ManualTimers();
      const [started, release] = [gate(), gate()];
      const w = worker(clock, { timers });
      w.register(kind, async () => {
        started.open();
        await release.promise;
      });
      w.start();
      assert.throws(() => w.register(freshKind('late'), async () => {}), /before the worker starts/);
      await s.store.jobs.enqueue([job(s.ws, kind, 'bg', T0)], keep);
      w.wake();
      await started.promise;
      let stopped = false;
      const stopping = w.stop().then(() => {
        stopped = true;
      });
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(stopped, false, 'stop waits for the handler');
      release.open();
      await stopping;
      assert.deepEqual(await s.store.jobs.find(s.ws.id, 'bg'), []);
    });
  });
}
