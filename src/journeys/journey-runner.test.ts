import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AppError, DAY, HOUR, ManualClock } from '../core/index.ts';
import type { Job } from '../jobs/index.ts';
import { engineWithJourneys, type Store, type WriteUnit } from '../storage/index.ts';
import {
  identify,
  ingest,
  newWorkspace,
  sqlRows,
  storeAdapters,
  suiteStore,
  track,
} from '../storage/test-support.ts';
import type { Workspace } from '../workspaces/index.ts';
import { journeyRules } from './compile-journey.ts';
import { journeyFromDocument } from './journey-document.ts';
import { JourneyRunner, WAKE_KIND } from './journey-runner.ts';
import { publishJourney } from './publish.ts';
import { MOVE_KIND } from './trigger-jobs.ts';

const WELCOME = {
  key: 'welcome',
  name: 'Welcome',
  trigger: { kind: 'event', event: '"Signed Up" [plan = "pro"]' },
  exit: 'performed "Order Completed"',
  start: 'pause',
  nodes: [
    { id: 'pause', kind: 'wait', duration: '1 day', next: 'vip' },
    { id: 'vip', kind: 'branch', rule: 'trait vip = true', yes: 'mark', no: null },
    { id: 'mark', kind: 'set-trait', trait: 'greeted', value: true, next: null },
  ],
};

for (const adapter of await storeAdapters()) {
  describe(`journeys run on ${adapter.name}`, { skip: adapter.skip }, () => {
    const store = suiteStore(adapter);
    const clock = new ManualClock('2027-02-01T09:00:00Z');

    const runner = (s: Store) => {
      const { engine, journeys } = engineWithJourneys(s, clock);
      return { runner: journeys, engine };
    };

    async function publish(ws: Workspace, doc: object) {
      const read = journeyFromDocument(doc);
      assert.ok(read.ok, JSON.stringify(!read.ok && read.errors));
      const created = await store().journeys.create(ws.id, read.journey, clock.now());
      const version = await store().journeys.publish(
        ws.id,
        created!.id,
        journeyRules(read.journey),
        clock.now(),
        null,
      );
      assert.equal(version, 1);
      return created!.id;
    }

    const entries = (ws: Workspace) =>
      sqlRows(store(), 'SELECT * FROM journey_entries WHERE workspace_id = $1 ORDER BY id', [ws.id]);
    const wakes = (ws: Workspace) =>
      sqlRows(
        store(),
        "SELECT key, run_at FROM jobs WHERE workspace_id = $1 AND kind = 'journey.wake' ORDER BY id",
        [ws.id],
      );

    /** Runs the jobs of a kind due now, as a worker would: claim, handle, complete (or rerun). */
    async function runDue(r: JourneyRunner<WriteUnit>, kind = WAKE_KIND, ws?: Workspace): Promise<number> {
      const jobs: Job[] = await store().jobs.claim({
        workerId: 'test',
        now: clock.now(),
        leaseMs: 30_000,
        limit: 100,
        kinds: [kind],
      });
      const handler = kind === WAKE_KIND ? r.wake : r.move;
      for (const job of jobs) {
        const result = await handler(job, { now: clock.now(), workerId: 'test' });
        if (result?.rerunAt !== undefined)
          await store().jobs.reschedule('test', job.id, result.rerunAt, result.payload);
        else await store().jobs.complete('test', [job.id]);
      }
      return ws ? jobs.filter((j) => j.workspaceId === ws.id).length : jobs.length;
    }

    test('an event enrols once, in the step that processed it; the timer moves the entry on; a set trait lands on the profile', async () => {
      const ws = await newWorkspace(store());
      const journeyId = await publish(ws, WELCOME);
      const { runner: r, engine } = runner(store());
      const now = clock.now();
      const signup = track({ userId: 'ann' }, 'Signed Up', { plan: 'pro' }, { timestamp: now });
      await ingest(store(), ws, identify({ userId: 'ann' }, { vip: true }, { timestamp: now }), signup);
      await ingest(store(), ws, track({ userId: 'bob' }, 'Signed Up', { plan: 'free' }, { timestamp: now }));
      await engine.runUntilIdle();

      let rows = await entries(ws);
      assert.equal(rows.length, 1, 'only the pro signup enrols');
      assert.equal(rows[0]!.node, 'pause');
      assert.equal(Number(rows[0]!.wake_at), now + DAY);
      assert.deepEqual(
        (await wakes(ws)).map((w) => [w.key, Number(w.run_at)]),
        [[`journey.wake:${journeyId}:${rows[0]!.id}`, now + DAY]],
      );

      // The same message again is a replay: nothing new. A second signup is refused by the entry policy (once).
      await ingest(store(), ws, signup);
      await ingest(
        store(),
        ws,
        track({ userId: 'ann' }, 'Signed Up', { plan: 'pro' }, { timestamp: now + 1 }),
      );
      await engine.runUntilIdle();
      assert.equal((await entries(ws)).length, 1);

      clock.advance(HOUR);
      assert.equal(await runDue(r), 0, 'nothing due before the day is over');
      clock.advance(DAY);
      assert.equal(await runDue(r), 1);
      rows = await entries(ws);
      assert.equal(rows[0]!.status, 'ended');
      assert.equal(rows[0]!.end_reason, 'completed');
      assert.deepEqual(await wakes(ws), [], 'no timer left');

      // The set-trait is an identify in the log; the profile has it once the engine took it in.
      await engine.runUntilIdle();
      const [ann] = (await store().customers.list(ws.id, { userId: 'ann', limit: 1 })).items;
      assert.equal(ann!.traits.greeted, true);
      const path = (await store().journeys.customerEntries(ws.id, ann!.id))[0]!.steps.map((s) => s.outcome);
      assert.deepEqual(path, ['entered', 'waiting', 'waited', 'yes', 'set', 'ended']);
    });

    test('the exit rule stops an entry on the event that meets it, and its timer goes', async () => {
      const ws = await newWorkspace(store());
      await publish(ws, WELCOME);
      const { engine } = runner(store());
      await ingest(
        store(),
        ws,
        track({ userId: 'cy' }, 'Signed Up', { plan: 'pro' }, { timestamp: clock.now() }),
      );
      await engine.runUntilIdle();
      assert.equal((await wakes(ws)).length, 1);
      await ingest(store(), ws, track({ userId: 'cy' }, 'Order Completed', {}, { timestamp: clock.now() }));
      await engine.runUntilIdle();
      const [row] = await entries(ws);
      assert.equal(row!.end_reason, 'exit-rule');
      assert.deepEqual(await wakes(ws), []);
    });

    test('a new version leaves customers inside the old one on it; new entrants take the new one', async () => {
      const ws = await newWorkspace(store());
      const id = await publish(ws, { ...WELCOME, entry: { mode: 'one-at-a-time' } });
      const { runner: r, engine } = runner(store());
      await ingest(
        store(),
        ws,
        track({ userId: 'di' }, 'Signed Up', { plan: 'pro' }, { timestamp: clock.now() }),
      );
      await engine.runUntilIdle();
      const v2 = journeyFromDocument({
        ...WELCOME,
        nodes: [{ id: 'pause', kind: 'wait', duration: '3 days', next: null }],
      });
      assert.ok(v2.ok);
      await store().journeys.saveDraft(ws.id, id, v2.journey, clock.now());
      assert.equal(await store().journeys.publish(ws.id, id, journeyRules(v2.journey), clock.now(), null), 2);
      await ingest(
        store(),
        ws,
        track({ userId: 'ed' }, 'Signed Up', { plan: 'pro' }, { timestamp: clock.now() }),
      );
      await engine.runUntilIdle();
      const rows = await entries(ws);
      assert.deepEqual(
        rows.map((e) => Number(e.version)),
        [1, 2],
      );
      clock.advance(DAY);
      await runDue(r);
      const after = await entries(ws);
      assert.equal(after[0]!.end_reason, 'completed', 'di finished version 1 (its branch led to the end)');
      assert.equal(after[1]!.node, 'pause', 'ed waits three days under version 2');
    });

    test('timers that come due together step in one unit per batch; a batch that fails runs again one by one', async () => {
      const ws = await newWorkspace(store());
      await publish(ws, { ...WELCOME, key: 'batch' });
      const { engine } = runner(store());
      const signUp = (users: string[]) =>
        ingest(
          store(),
          ws,
          ...users.map((u) => track({ userId: u }, 'Signed Up', { plan: 'pro' }, { timestamp: clock.now() })),
        );
      await signUp(Array.from({ length: 40 }, (_, i) => `b${i}`));
      await engine.runUntilIdle();
      clock.advance(HOUR);
      await signUp(Array.from({ length: 10 }, (_, i) => `c${i}`));
      await engine.runUntilIdle();
      const [bad] = await sqlRows(
        store(),
        'SELECT id FROM customers WHERE workspace_id = $1 AND user_id = $2',
        [ws.id, 'b7'],
      );
      let units = 0;
      const r = new JourneyRunner<WriteUnit>({
        clock,
        write: (fn) => {
          units++;
          return store().write(fn);
        },
        // b7's state cannot be read: the batch it is in fails, then it alone fails.
        contexts: (unit, workspaceId, ids, now) => {
          if (ids.includes(Number(bad!.id))) throw new Error('unreadable state');
          return engine.contexts(unit, workspaceId, ids, now);
        },
        deliver: async () => undefined,
      });
      const due = () =>
        store().jobs.claim({
          workerId: 'test',
          now: clock.now(),
          leaseMs: 30_000,
          limit: 100,
          kinds: [WAKE_KIND],
        });
      /** Wakes them all at once, as a worker with free slots does, and completes those that ran. */
      const wakeAll = async (jobs: Job[]) => {
        const outcomes = await Promise.allSettled(
          jobs.map((job) => r.wake(job, { now: clock.now(), workerId: 'test' })),
        );
        await store().jobs.complete(
          'test',
          jobs.filter((_, i) => outcomes[i]!.status === 'fulfilled').map((j) => j.id),
        );
        return outcomes;
      };
      const ended = async () =>
        Number(
          (
            await sqlRows(
              store(),
              "SELECT count(*) AS n FROM journey_entries WHERE workspace_id = $1 AND status = 'ended'",
              [ws.id],
            )
          )[0]!.n,
        );

      clock.advance(DAY - HOUR);
      const first = await due();
      assert.equal(first.length, 40);
      const b7 = await sqlRows(store(), 'SELECT id FROM journey_entries WHERE customer_id = $1', [bad!.id]);
      const good = first.filter((j) => Number(j.payload.entryId) !== Number(b7[0]!.id));
      assert.ok((await wakeAll(good)).every((o) => o.status === 'fulfilled'));
      assert.equal(units, 1, 'thirty-nine timers, one unit');
      assert.equal(await ended(), 39);

      units = 0;
      clock.advance(HOUR);
      const second = await due();
      assert.equal(second.length, 11, "the c's come due, and b7's again (its lease ran out)");
      const outcomes = await wakeAll(second);
      assert.equal(outcomes.filter((o) => o.status === 'rejected').length, 1, 'only b7 failed');
      assert.equal(units, 1 + 11, 'the failed batch, then one unit per wake');
      assert.equal(await ended(), 49);
    });

    test('archiving ends every entry inside and removes their timers; paused journeys enrol nobody', async () => {
      const ws = await newWorkspace(store());
      const id = await publish(ws, WELCOME);
      const { engine } = runner(store());
      await ingest(
        store(),
        ws,
        track({ userId: 'fi' }, 'Signed Up', { plan: 'pro' }, { timestamp: clock.now() }),
      );
      await engine.runUntilIdle();
      assert.equal((await store().journeys.setStatus(ws.id, id, 'paused', clock.now()))?.status, 'paused');
      await ingest(
        store(),
        ws,
        track({ userId: 'gus' }, 'Signed Up', { plan: 'pro' }, { timestamp: clock.now() }),
      );
      await engine.runUntilIdle();
      assert.equal((await entries(ws)).length, 1, 'nobody enters a paused journey');
      await store().journeys.setStatus(ws.id, id, 'archived', clock.now());
      const [row] = await entries(ws);
      assert.equal(row!.end_reason, 'archived');
      assert.deepEqual(await wakes(ws), []);
      assert.equal(
        await store().journeys.setStatus(ws.id, id, 'live', clock.now()),
        null,
        'an archived journey stays archived',
      );
    });
    test('a publish with a node mapping moves who waits at a mapped node, the time waited counting; the rest finish on theirs', async () => {
      const ws = await newWorkspace(store());
      const gate = { id: 'gate', kind: 'branch', rule: 'trait vip = true', yes: 'slow', no: 'fast' };
      const fast = { id: 'fast', kind: 'wait', duration: '2 days', next: null };
      const v1 = { ...WELCOME, start: 'gate', nodes: [gate, fast, { ...fast, id: 'slow' }] };
      const id = await publish(ws, v1);
      const { runner: r, engine } = runner(store());
      const t0 = clock.now();
      await ingest(
        store(),
        ws,
        identify({ userId: 'ann' }, { vip: true }, { timestamp: t0 }),
        track({ userId: 'ann' }, 'Signed Up', { plan: 'pro' }, { timestamp: t0 }),
        track({ userId: 'bob' }, 'Signed Up', { plan: 'pro' }, { timestamp: t0 }),
      );
      await engine.runUntilIdle();
      clock.advance(DAY);

      const draft = journeyFromDocument({
        ...v1,
        nodes: [
          { ...gate, yes: 'longer' },
          fast,
          { id: 'longer', kind: 'wait', duration: '3 days', next: 'mark' },
          { id: 'mark', kind: 'set-trait', trait: 'greeted', value: 'v2', next: null },
        ],
      });
      assert.ok(draft.ok);
      const saved = (await store().journeys.saveDraft(ws.id, id, draft.journey, clock.now()))!;
      const faults = await publishJourney(store(), ws.id, saved, clock.now(), {
        gate: 'longer',
        fast: 'nowhere',
        gone: 'fast',
      }).catch((e: AppError) => (e.details as { errors: string[] }).errors);
      assert.deepEqual(faults, [
        'moves.gate: "gate" is a branch node, and only waits hold customers to move',
        'moves.fast: the draft has no node "nowhere"',
        'moves.gone: version 1 has no node "gone"',
      ]);
      assert.equal(await publishJourney(store(), ws.id, saved, clock.now(), { slow: 'longer' }), 2);
      // Publishing the next version with a mapping from version 1 finds it replaced: a conflict.
      await assert.rejects(
        store().journeys.publish(ws.id, id, [], clock.now(), { from: 1, nodes: { slow: 'longer' } }),
        (e: AppError) => e.code === 'conflict',
      );
      assert.equal(await runDue(r, MOVE_KIND, ws), 1);
      assert.equal(await runDue(r, MOVE_KIND, ws), 0, 'the move ran once');

      const [ann, bob] = await entries(ws);
      assert.deepEqual([Number(ann!.version), ann!.node, Number(ann!.wake_at)], [2, 'longer', t0 + 3 * DAY]);
      assert.deepEqual(
        [Number(bob!.version), bob!.node],
        [1, 'fast'],
        'an unmapped node stays on its version',
      );
      assert.deepEqual(
        (await wakes(ws)).map((w) => Number(w.run_at)).sort(),
        [t0 + 2 * DAY, t0 + 3 * DAY],
        "ann's timer moved with her",
      );
      const annId = Number(ann!.customer_id);
      const moved = (await store().journeys.customerEntries(ws.id, annId))[0]!.steps.at(-2)!;
      assert.equal(moved.detail, 'moved from "slow" of version 1 to "longer" of version 2');

      clock.advance(DAY);
      assert.equal(await runDue(r, WAKE_KIND, ws), 1, "bob's two days are over; ann waits on");
      clock.advance(DAY);
      assert.equal(await runDue(r, WAKE_KIND, ws), 1);
      const [annAfter, bobAfter] = await entries(ws);
      assert.deepEqual([annAfter!.end_reason, bobAfter!.end_reason], ['completed', 'completed']);
      await engine.runUntilIdle();
      const profile = await store().customers.get(ws.id, annId);
      assert.equal(profile!.traits.greeted, 'v2', 'she took the new version to its end');
    });
  });
}
