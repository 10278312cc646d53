import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY, HOUR, ManualClock } from '../core/index.ts';
import type { Job, JobHandler } from '../jobs/index.ts';
import { engineWithJourneys, type Store } from '../storage/index.ts';
import {
  identify,
  ingest,
  newWorkspace,
  sqlRows,
  storeAdapters,
  suiteStore,
} from '../storage/test-support.ts';
import type { Workspace } from '../workspaces/index.ts';
import { journeyRules } from './compile-journey.ts';
import { journeyFromDocument } from './journey-document.ts';
import { ARM_KIND, BROADCAST_KIND, DATE_KIND } from './trigger-jobs.ts';

const ONE_NODE = {
  start: 'mark',
  nodes: [{ id: 'mark', kind: 'set-trait', trait: 'touched', value: true, next: null }],
};

for (const adapter of await storeAdapters()) {
  describe(`trait, date and broadcast triggers on ${adapter.name}`, { skip: adapter.skip }, () => {
    const store = suiteStore(adapter);
    const clock = new ManualClock('2027-03-10T12:00:00Z');

    async function publish(ws: Workspace, doc: object): Promise<number> {
      const read = journeyFromDocument(doc);
      assert.ok(read.ok, JSON.stringify(!read.ok && read.errors));
      const created = await store().journeys.create(ws.id, read.journey, clock.now());
      await store().journeys.publish(ws.id, created!.id, journeyRules(read.journey), clock.now(), null);
      return created!.id;
    }

    const entries = async (ws: Workspace) =>
      (
        await sqlRows(
          store(),
          `SELECT e.cause, c.user_id, e.event FROM journey_entries e JOIN customers c ON c.id = e.customer_id
           WHERE e.workspace_id = $1 ORDER BY e.id`,
          [ws.id],
        )
      ).map((r) => ({
        cause: String(r.cause),
        user: String(r.user_id),
        event: typeof r.event === 'string' ? JSON.parse(r.event) : r.event,
      }));

    const jobsOf = async (ws: Workspace, kind: string) =>
      (
        await sqlRows(
          store(),
          'SELECT key, run_at FROM jobs WHERE workspace_id = $1 AND kind = $2 ORDER BY key',
          [ws.id, kind],
        )
      ).map((r) => [String(r.key), Number(r.run_at)]);

    /** Runs the due jobs of these kinds as a worker would (a result reschedules, none completes), until none is due. */
    async function runDue(handlers: Record<string, JobHandler>): Promise<number> {
      let ran = 0;
      for (;;) {
        const jobs: Job[] = await store().jobs.claim({
          workerId: 'test',
          now: clock.now(),
          leaseMs: 30_000,
          limit: 50,
          kinds: Object.keys(handlers),
        });
        if (jobs.length === 0) return ran;
        for (const job of jobs) {
          const result = await handlers[job.kind]!(job, { now: clock.now(), workerId: 'test' });
          if (result) await store().jobs.reschedule('test', job.id, result.rerunAt, result.payload);
          else await store().jobs.complete('test', [job.id]);
          ran++;
        }
      }
    }

    const wire = (s: Store) => {
      const { engine, journeys } = engineWithJourneys(s, clock);
      const handlers = {
        [ARM_KIND]: journeys.arm,
        [DATE_KIND]: journeys.date,
        [BROADCAST_KIND]: journeys.broadcast,
      };
      return { engine, handlers };
    };

    test('a trait change enrols; the same value again does not; a late identify with an older value does not', async () => {
      const ws = await newWorkspace(store());
      await publish(ws, {
        key: 'plan-changed',
        name: 'Plan changed',
        trigger: { kind: 'trait', trait: 'plan' },
        entry: { mode: 'cooldown', cooldown: '1 minute' },
        ...ONE_NODE,
      });
      const { engine } = wire(store());
      const t = clock.now();
      await ingest(store(), ws, identify({ userId: 'ann' }, { plan: 'free', name: 'Ann' }, { timestamp: t }));
      await engine.runUntilIdle();
      clock.advance(HOUR);
      // Same plan again (an SDK repeats every trait on each identify): no change.
      await ingest(
        store(),
        ws,
        identify({ userId: 'ann' }, { plan: 'free', name: 'Ann B' }, { timestamp: t + HOUR }),
      );
      await engine.runUntilIdle();
      clock.advance(HOUR);
      await ingest(store(), ws, identify({ userId: 'ann' }, { plan: 'pro' }, { timestamp: t + 2 * HOUR }));
      await engine.runUntilIdle();
      clock.advance(HOUR);
      // Arrives late, stamped before the upgrade: the profile keeps "pro", so nothing changed.
      await ingest(store(), ws, identify({ userId: 'ann' }, { plan: 'basic' }, { timestamp: t - HOUR }));
      await engine.runUntilIdle();
      const rows = await entries(ws);
      assert.deepEqual(
        rows.map((r) => r.event),
        [
          { trait: 'plan', from: null, to: 'free' },
          { trait: 'plan', from: 'free', to: 'pro' },
        ],
      );
    });

    test('a yearly date: scheduled at publish for customers who have it, moved when it changes, enrolled once, then next year', async () => {
      const ws = await newWorkspace(store());
      const { engine, handlers } = wire(store());
      await ingest(
        store(),
        ws,
        identify({ userId: 'bea' }, { birthday: '1990-03-12', timezone: 'Europe/Paris' }),
        identify({ userId: 'cal' }, { birthday: 'not a date' }),
        identify({ userId: 'dan' }, { name: 'Dan' }),
      );
      await engine.runUntilIdle();
      const id = await publish(ws, {
        key: 'birthday',
        name: 'Birthday',
        trigger: { kind: 'date', trait: 'birthday', at: '09:00', yearly: true },
        entry: { mode: 'cooldown', cooldown: '300 days' },
        ...ONE_NODE,
      });
      assert.equal(await runDue(handlers), 1, 'the arm job ran');
      const bea = Date.parse('2027-03-12T08:00:00Z');
      assert.deepEqual(await jobsOf(ws, DATE_KIND), [[`journey.date:${id}:${await idOf(ws, 'bea')}`, bea]]);

      // Dan sets a birthday later: the engine step schedules it.
      await ingest(store(), ws, identify({ userId: 'dan' }, { birthday: '1985-03-11' }));
      await engine.runUntilIdle();
      assert.equal((await jobsOf(ws, DATE_KIND)).length, 2);

      clock.set(Date.parse('2027-03-11T09:00:00Z'));
      await runDue(handlers);
      assert.deepEqual(
        (await entries(ws)).map((r) => [r.user, r.cause]),
        [['dan', 'date:2027-03-11']],
      );
      clock.set(bea);
      await runDue(handlers);
      assert.deepEqual(
        (await entries(ws)).map((r) => [r.user, r.cause]),
        [
          ['dan', 'date:2027-03-11'],
          ['bea', 'date:2027-03-12'],
        ],
      );
      // Each waits for next year's.
      assert.deepEqual(
        (await jobsOf(ws, DATE_KIND)).map(([, at]) => new Date(at as number).toISOString()).sort(),
        ['2028-03-11T09:00:00.000Z', '2028-03-12T08:00:00.000Z'],
      );
      // Removing the trait drops the timer; archiving drops the rest.
      await ingest(store(), ws, identify({ userId: 'dan' }, { birthday: null }));
      await engine.runUntilIdle();
      assert.equal((await jobsOf(ws, DATE_KIND)).length, 1);
      await store().journeys.setStatus(ws.id, id, 'archived', clock.now());
      assert.deepEqual(await jobsOf(ws, DATE_KIND), []);
    });

    test('a weekly broadcast enrols every member of the segment page by page, once per time, then waits a week', async () => {
      const ws = await newWorkspace(store());
      const { engine, handlers } = wire(store());
      const users = Array.from({ length: 450 }, (_, i) => `u${i}`);
      await ingest(store(), ws, ...users.map((u) => identify({ userId: u }, { n: 1 })));
      await engine.runUntilIdle();
      const ids = (
        await sqlRows(store(), 'SELECT id FROM customers WHERE workspace_id = $1 ORDER BY id', [ws.id])
      ).map((r) => Number(r.id));
      const vip = await store().segments.create(
        ws.id,
        { key: 'vip', name: 'VIP', description: null, kind: 'static', rule: null },
        clock.now(),
        ids.slice(0, 420),
      );
      assert.ok(vip);
      const at = clock.now() + DAY;
      const id = await publish(ws, {
        key: 'news',
        name: 'News',
        trigger: { kind: 'broadcast', segment: 'vip', at: new Date(at).toISOString(), every: '1 week' },
        entry: { mode: 'cooldown', cooldown: '1 day' },
        ...ONE_NODE,
      });
      await runDue(handlers);
      assert.deepEqual(await jobsOf(ws, BROADCAST_KIND), [[`journey.broadcast:${id}`, at]]);
      assert.equal((await entries(ws)).length, 0, 'nothing before its time');
      clock.set(at);
      assert.equal(await runDue(handlers), 3, '420 members in pages of 200');
      const rows = await entries(ws);
      assert.equal(rows.length, 420);
      assert.equal(new Set(rows.map((r) => r.cause)).size, 1);
      assert.deepEqual(await jobsOf(ws, BROADCAST_KIND), [[`journey.broadcast:${id}`, at + 7 * DAY]]);
    });

    async function idOf(ws: Workspace, user: string): Promise<number> {
      const [r] = await sqlRows(
        store(),
        'SELECT id FROM customers WHERE workspace_id = $1 AND user_id = $2',
        [ws.id, user],
      );
      return Number(r!.id);
    }
  });
}
