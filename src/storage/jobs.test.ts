import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshKind, job, T0, useJobStore } from './job-fixtures.ts';
import { newWorkspace, storeAdapters } from './test-support.ts';

// Enqueue, claim order, cancel and the admin reads, the same cases on both stores. Leases, failures and
// concurrent workers are in job-leases.test.ts.
const adapters = await storeAdapters();
const lease = (workerId: string, now: number, kinds: string[], limit = 10) => ({
  workerId,
  now,
  leaseMs: 30_000,
  limit,
  kinds,
});

for (const adapter of adapters) {
  describe(`jobs (${adapter.name})`, { skip: adapter.skip }, () => {
    const s = useJobStore(adapter);

    it('keeps the live job of a key when told to keep: no second job, run time and payload unchanged', async () => {
      const kind = freshKind('keep');
      const opts = { now: T0, onConflict: 'keep' as const };
      assert.equal(
        await s.store.jobs.enqueue([job(s.ws, kind, 'k', T0 + 1000, { payload: { v: 1 } })], opts),
        1,
      );
      const again = [job(s.ws, kind, 'k', T0 + 5000, { payload: { v: 2 } })];
      assert.equal(await s.store.jobs.enqueue(again, { now: T0 + 10, onConflict: 'keep' }), 0);
      // In one batch the first of a repeated key wins too.
      const batch = [
        job(s.ws, kind, 'b', T0, { payload: { v: 1 } }),
        job(s.ws, kind, 'b', T0 + 9, { payload: { v: 2 } }),
      ];
      assert.equal(await s.store.jobs.enqueue(batch, opts), 1);
      const [kept] = await s.store.jobs.find(s.ws.id, 'k');
      assert.deepEqual(
        { runAt: kept!.runAt, payload: kept!.payload, attempts: kept!.attempts, createdAt: kept!.createdAt },
        { runAt: T0 + 1000, payload: { v: 1 }, attempts: 0, createdAt: T0 },
      );
      assert.deepEqual(
        (await s.store.jobs.find(s.ws.id, 'b')).map((j) => j.payload),
        [{ v: 1 }],
      );
      assert.equal((await s.store.jobs.find(s.ws.id, 'k')).length, 1);
    });

    it('replaces run time, payload and attempts when told to, voiding a running claim', async () => {
      const kind = freshKind('replace');
      await s.store.jobs.enqueue([job(s.ws, kind, 'r', T0, { payload: { v: 1 } })], {
        now: T0,
        onConflict: 'keep',
      });
      const [claimed] = await s.store.jobs.claim(lease('w1', T0, [kind]));
      assert.equal(claimed!.attempts, 1);
      const replacement = [job(s.ws, kind, 'r', T0 + 60_000, { payload: { v: 2 }, maxAttempts: 3 })];
      assert.equal(await s.store.jobs.enqueue(replacement, { now: T0 + 5, onConflict: 'replace' }), 1);
      const [now] = await s.store.jobs.find(s.ws.id, 'r');
      assert.equal(now!.id, claimed!.id);
      assert.deepEqual(
        [now!.runAt, now!.payload, now!.attempts, now!.maxAttempts, now!.lockedBy, now!.lockedUntil],
        [T0 + 60_000, { v: 2 }, 0, 3, null, null],
      );
      // The run that was going on finishes, but the replaced job stays for its new time.
      assert.deepEqual(await s.store.jobs.complete('w1', [claimed!.id]), []);
      assert.equal((await s.store.jobs.find(s.ws.id, 'r')).length, 1);
      // In one batch the last of a repeated key wins.
      const batch = [
        job(s.ws, kind, 'r', T0 + 1, { payload: { v: 3 } }),
        job(s.ws, kind, 'r', T0 + 2, { payload: { v: 4 } }),
      ];
      assert.equal(await s.store.jobs.enqueue(batch, { now: T0 + 6, onConflict: 'replace' }), 1);
      assert.deepEqual(
        (await s.store.jobs.find(s.ws.id, 'r')).map((j) => [j.runAt, j.payload]),
        [[T0 + 2, { v: 4 }]],
      );
    });

    it('claims due jobs only, earliest run time first and then the lowest id', async () => {
      const kind = freshKind('order');
      const times = [30, 10, 20, 10, 60_000];
      const opts = { now: T0, onConflict: 'keep' as const };
      await s.store.jobs.enqueue(
        times.map((t, i) => job(s.ws, kind, `o${i}`, T0 + t)),
        opts,
      );
      const keys: string[] = [];
      for (let i = 0; i < 5; i++) {
        const claimed = await s.store.jobs.claim(lease('w1', T0 + 59_999, [kind], 1));
        keys.push(...claimed.map((j) => j.key));
      }
      assert.deepEqual(keys, ['o1', 'o3', 'o2', 'o0'], 'the job due in a minute is not claimed before');
      assert.equal(await s.store.jobs.nextDue(T0 + 59_999, [kind]), T0 + 60_000);
      const [later] = await s.store.jobs.claim(lease('w1', T0 + 60_000, [kind]));
      assert.equal(later!.key, 'o4');
      assert.equal(await s.store.jobs.nextDue(T0 + 60_000, [kind]), null, 'every job is held');
    });

    it('returns a claim of several jobs in claim order, and only of the kinds asked for', async () => {
      const [kind, other] = [freshKind('batch'), freshKind('other')];
      const opts = { now: T0, onConflict: 'keep' as const };
      await s.store.jobs.enqueue(
        [3, 1, 2, 1].map((t, i) => job(s.ws, kind, `b${i}`, T0 + t)),
        opts,
      );
      await s.store.jobs.enqueue([job(s.ws, other, 'x', T0)], opts);
      const claimed = await s.store.jobs.claim(lease('w1', T0 + 5, [kind], 3));
      assert.deepEqual(
        claimed.map((j) => [j.key, j.lockedBy, j.lockedUntil]),
        [
          ['b1', 'w1', T0 + 30_005],
          ['b3', 'w1', T0 + 30_005],
          ['b2', 'w1', T0 + 30_005],
        ],
      );
      assert.equal((await s.store.jobs.find(s.ws.id, 'x'))[0]!.attempts, 0, 'another kind is left alone');
    });

    it('merges a claim of several kinds in run order across them, a kind named twice read once', async () => {
      const [a, b, c] = [freshKind('merge-a'), freshKind('merge-b'), freshKind('merge-c')];
      const opts = { now: T0, onConflict: 'keep' as const };
      // Each kind's own earliest jobs are not the earliest overall: the claim must take across kinds.
      const plan: [string, string, number][] = [
        [a, 'a1', 1],
        [b, 'b1', 2],
        [a, 'a2', 3],
        [a, 'a3', 4],
        [b, 'b2', 4],
        [c, 'c1', 0],
        [b, 'b3', 9],
      ];
      await s.store.jobs.enqueue(
        plan.map(([k, key, t]) => job(s.ws, k, `merge-${key}`, T0 + t)),
        opts,
      );
      const claimed = await s.store.jobs.claim(lease('w1', T0 + 10, [b, a, b], 4));
      assert.deepEqual(
        claimed.map((j) => j.key.slice(6)),
        ['a1', 'b1', 'a2', 'a3'],
      );
      assert.equal(await s.store.jobs.nextDue(T0 + 10, [b, a]), T0 + 4, 'b2, the earliest job nobody holds');
      assert.equal(await s.store.jobs.nextDue(T0 + 10, [a, b, c]), T0, 'c1');
      const rest = await s.store.jobs.claim(lease('w2', T0 + 10, [a, b], 4));
      assert.deepEqual(
        rest.map((j) => j.key.slice(6)),
        ['b2', 'b3'],
        'a held job is not taken again',
      );
    });

    it('cancels live jobs by key within the workspace only', async () => {
      const kind = freshKind('cancel');
      const other = await newWorkspace(s.store);
      const opts = { now: T0, onConflict: 'keep' as const };
      await s.store.jobs.enqueue(
        ['c1', 'c2', 'c3'].map((k) => job(s.ws, kind, k, T0)),
        opts,
      );
      await s.store.jobs.enqueue([job(other, kind, 'c1', T0)], opts);
      assert.equal(await s.store.jobs.cancel(s.ws.id, ['c1', 'c3', 'nope']), 2);
      assert.deepEqual(await s.store.jobs.find(s.ws.id, 'c1'), []);
      assert.equal((await s.store.jobs.find(s.ws.id, 'c2')).length, 1);
      assert.equal((await s.store.jobs.find(other.id, 'c1')).length, 1, "the other workspace's c1 stays");
      assert.equal(await s.store.jobs.cancel(s.ws.id, []), 0);
    });

    it('counts jobs by kind and state for one workspace, with the earliest run time', async () => {
      const [kind, kind2] = [freshKind('count-a'), freshKind('count-b')];
      const ws = await newWorkspace(s.store);
      const other = await newWorkspace(s.store);
      const opts = { now: T0, onConflict: 'keep' as const };
      const jobs = [
        job(ws, kind, 'run', T0 - 5),
        job(ws, kind, 'dead', T0 - 4, { maxAttempts: 1 }),
        job(ws, kind, 'due1', T0 - 3),
        job(ws, kind, 'due2', T0),
        job(ws, kind, 'later', T0 + 100),
        job(ws, kind2, 'later2', T0 + 200),
      ];
      await s.store.jobs.enqueue(jobs, opts);
      await s.store.jobs.enqueue([job(other, kind, 'elsewhere', T0 - 10)], opts);
      // Claims cross workspaces (a worker serves them all); the counts do not.
      const claimed = await s.store.jobs.claim(lease('w1', T0 - 4, [kind], 3));
      assert.deepEqual(
        claimed.map((j) => j.key),
        ['elsewhere', 'run', 'dead'],
      );
      const dead = claimed[2];
      const backoff = { baseMs: 1000, maxMs: 1000 };
      assert.equal(
        await s.store.jobs.fail('w1', dead!.id, { error: 'boom', now: T0 - 4, backoff }),
        'failed',
      );
      assert.deepEqual(await s.store.jobs.counts(ws.id, T0), [
        { kind, state: 'due', count: 2, nextRunAt: T0 - 3 },
        { kind, state: 'failed', count: 1, nextRunAt: T0 - 4 },
        { kind, state: 'running', count: 1, nextRunAt: T0 - 5 },
        { kind, state: 'scheduled', count: 1, nextRunAt: T0 + 100 },
        { kind: kind2, state: 'scheduled', count: 1, nextRunAt: T0 + 200 },
      ]);
      // Once its lease has run out (at T0 + 29,996) the running job counts as due again, as does 'later'.
      const states = (await s.store.jobs.counts(ws.id, T0 + 30_000)).filter((c) => c.kind === kind);
      assert.deepEqual(
        states.map((c) => [c.state, c.count]),
        [
          ['due', 4],
          ['failed', 1],
        ],
      );
      assert.deepEqual(
        (await s.store.jobs.failed(ws.id, 10)).map((j) => [j.key, j.lastError, j.failedAt]),
        [['dead', 'boom', T0 - 4]],
      );
      assert.deepEqual(await s.store.jobs.failed(other.id, 10), []);
      assert.deepEqual(await s.store.jobs.find(other.id, 'run'), []);
    });

    it('refuses what it cannot store, saying what is wrong', async () => {
      const kind = freshKind('refuse');
      const keep = { now: T0, onConflict: 'keep' as const };
      const k = 'refused';
      const cases: [unknown, unknown, RegExp][] = [
        [[job(s.ws, 'Not A Kind', k, T0)], keep, /kind must be a dotted lower-case name/],
        [[job(s.ws, kind, '', T0)], keep, /key must be a string of 1 to 500/],
        [[job(s.ws, kind, k, Number.NaN)], keep, /runAt must be an integer/],
        [[job(s.ws, kind, k, T0, { maxAttempts: 0 })], keep, /maxAttempts must be an integer from 1 to 100/],
        [[{ ...job(s.ws, kind, k, T0), workspaceId: 0 }], keep, /workspaceId must be an integer/],
        [[{ ...job(s.ws, kind, k, T0), priority: 1 }], keep, /unknown job field "priority"/],
        [[job(s.ws, kind, k, T0, { payload: { at: new Date() } as never })], keep, /payload.at must be JSON/],
        [
          [job(s.ws, kind, k, T0, { payload: { n: Number.POSITIVE_INFINITY } })],
          keep,
          /payload.n is Infinity/,
        ],
        [[job(s.ws, kind, k, T0, { payload: [] as never })], keep, /payload must be a JSON object/],
        [
          [job(s.ws, kind, k, T0)],
          { now: T0, onConflict: 'merge' },
          /onConflict must be "keep" or "replace"/,
        ],
      ];
      for (const [jobs, options, message] of cases) {
        await assert.rejects(s.store.jobs.enqueue(jobs as never, options as never), message);
      }
      await assert.rejects(s.store.jobs.claim(lease('w1', T0, [])), /kinds must name at least one kind/);
      await assert.rejects(s.store.jobs.claim(lease('w1', T0, [kind], 0)), /limit must be an integer from 1/);
      await assert.rejects(s.store.jobs.claim(lease('', T0, [kind])), /workerId must be a string/);
      const failure = { error: 'x', now: T0, backoff: { baseMs: 10, maxMs: 5 } };
      await assert.rejects(s.store.jobs.fail('w1', 1, failure), /backoff.maxMs must be an integer from 10/);
      await assert.rejects(s.store.jobs.cancel(s.ws.id, 'k' as never), /keys must be an array/);
      assert.deepEqual(await s.store.jobs.find(s.ws.id, k), [], 'nothing was stored');
    });
  });
}
