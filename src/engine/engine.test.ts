import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY, ManualClock } from '../core/index.ts';
import { modelFromDocument } from '../lifecycle/index.ts';
import type { Store } from '../storage/index.ts';
import {
  allCustomers,
  type Harness,
  identify,
  ingest,
  newWorkspace,
  postgresHarness,
  postgresUnreachable,
  sqliteHarness,
  sqliteThreadHarness,
  TEST_DATABASE_URL,
  track,
} from '../storage/test-support.ts';
import type { Workspace } from '../workspaces/index.ts';
import type { EngineStorage } from './admin-store.ts';
import { dryRun } from './dry-run.ts';
import { Engine, type EngineSteps } from './engine.ts';
import { customerContext } from './evaluate-customer.ts';
import type { EngineReactor, StepEffects } from './reactor.ts';

const SHOP = `
name: shop
stages:
  - { key: visitor, name: Visitor, kind: lifecycle }
  - { key: buyer, name: Buyer, kind: lifecycle, rule: 'performed "Order Completed"' }
  - key: loyal
    name: Loyal
    kind: lifecycle
    rule: 'performed "Order Completed" at least 3 times in last 365 days'
  - key: churned
    name: Churned
    kind: lapse
    rule: 'performed "Order Completed" and days since last activity >= 180'
  - key: at_risk
    name: At risk
    kind: lapse
    rule: 'performed "Order Completed" and days since last "Order Completed" > 90'
  - key: reactivated
    name: Reactivated
    kind: reactivation
    rule: 'stage in ["at_risk", "churned"] or (stage = "reactivated" and days in stage < 30)'
`;

function model(text: string) {
  const result = modelFromDocument(text, 'yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.model;
}

/** A store that carries the lifecycle engine's storage. */
type EngineStoreUnderTest = Store & { readonly engine: EngineStorage };
type EngineHarness = { harness: Harness; store: EngineStoreUnderTest };

function withEngine(store: Store): EngineStoreUnderTest {
  return store as EngineStoreUnderTest;
}

function engineSuite(name: string, open: () => EngineHarness, options: { skip?: string | false } = {}) {
  describe(`lifecycle engine on ${name}`, { skip: options.skip }, () => {
    let h: EngineHarness;
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    before(async () => {
      h = open();
      await h.store.migrate();
    });
    after(async () => {
      await h.store.close();
      await h.harness.cleanup();
    });

    async function setup(text = SHOP): Promise<{ ws: Workspace; engine: EngineSteps }> {
      const ws = await newWorkspace(h.store);
      await h.store.engine.publishModel(ws.id, model(text), clock.now());
      return { ws, engine: new Engine(h.store, clock) };
    }

    const at = (offsetMs = 0) => ({ timestamp: clock.now() + offsetMs, receivedAt: clock.now() + offsetMs });
    async function stageOf(ws: Workspace, userId: string) {
      const { items } = await h.store.customers.list(ws.id, { userId, limit: 1 });
      const stages = await h.store.engine.currentStages(ws.id, [items[0]!.id]);
      return { id: items[0]!.id, stage: stages.get(items[0]!.id) };
    }

    test('moves forward with events, lapses with time alone, and comes back reactivated', async () => {
      const { ws, engine } = await setup();
      await ingest(h.store, ws, track({ userId: 'ann' }, 'Product Viewed', {}, at()));
      await engine.runUntilIdle();
      assert.equal((await stageOf(ws, 'ann')).stage?.stage, 'visitor');

      await ingest(h.store, ws, track({ userId: 'ann' }, 'Order Completed', { revenue: 40 }, at()));
      await engine.runUntilIdle();
      assert.equal((await stageOf(ws, 'ann')).stage?.stage, 'buyer');

      clock.advance(DAY);
      for (let i = 0; i < 2; i++)
        await ingest(h.store, ws, track({ userId: 'ann' }, 'Order Completed', {}, at(i)));
      await engine.runUntilIdle();
      const lastOrder = clock.now() + 1;
      assert.equal((await stageOf(ws, 'ann')).stage?.stage, 'loyal');

      // No event at all: 90 days after the last order she is at risk, to the millisecond.
      clock.set(lastOrder + 90 * DAY);
      await engine.runUntilIdle();
      assert.equal((await stageOf(ws, 'ann')).stage?.stage, 'loyal', 'exactly 90 days is not more than 90');
      clock.set(lastOrder + 90 * DAY + 1);
      const report = await engine.runUntilIdle();
      assert.equal(report.due, 1);
      const risk = await stageOf(ws, 'ann');
      assert.equal(risk.stage?.stage, 'at_risk');
      assert.equal(risk.stage?.since, lastOrder + 90 * DAY + 1);

      // The explanation, from the stored state: why at risk holds, and what churned still lacks.
      const record = (await h.store.engine.customerRecord(ws.id, risk.id))!;
      const runtime = await engine.runtime(ws.id);
      const why = runtime.model!.explain(customerContext(record, record.state!, runtime.plan, clock.now()));
      assert.equal(why.stage, 'at_risk');
      assert.ok(why.why.some((f) => f.passed && /days since last "Order Completed"/.test(f.text)));
      const churned = why.above.find((a) => a.stage === 'churned');
      assert.match(churned?.failed[0]?.detail ?? '', /days since last activity; needs >= 180/);

      clock.set(lastOrder + 200 * DAY);
      await engine.runUntilIdle();
      assert.equal((await stageOf(ws, 'ann')).stage?.stage, 'churned');

      await ingest(h.store, ws, track({ userId: 'ann' }, 'Order Completed', { revenue: 15 }, at()));
      await engine.runUntilIdle();
      assert.equal((await stageOf(ws, 'ann')).stage?.stage, 'reactivated');

      // Reactivated for 30 days, then the lifecycle rules place her again: four orders in the year.
      clock.advance(30 * DAY - 1);
      await engine.runUntilIdle();
      assert.equal((await stageOf(ws, 'ann')).stage?.stage, 'reactivated');
      clock.advance(1);
      await engine.runUntilIdle();
      const back = await stageOf(ws, 'ann');
      assert.equal(back.stage?.stage, 'loyal');

      const history = await h.store.engine.stageHistory(ws.id, back.id, null, 50);
      assert.deepEqual(history.map((m) => [m.from, m.to, m.cause]).reverse(), [
        [null, 'visitor', 'event'],
        ['visitor', 'buyer', 'event'],
        ['buyer', 'loyal', 'event'],
        ['loyal', 'at_risk', 'time'],
        ['at_risk', 'churned', 'time'],
        ['churned', 'reactivated', 'event'],
        ['reactivated', 'loyal', 'time'],
      ]);
      assert.match(history.at(-4)!.rule, /days since last "Order Completed" > 90/);
      const fact = history.at(-4)!.facts.find((f) => f.text.includes('days since last'));
      assert.equal(fact?.passed, true);

      const events = await h.store.customers.events(ws.id, {
        customerId: back.id,
        name: 'Stage Entered',
        limit: 50,
      });
      assert.equal(events.items.length, 7, 'each move is a Stage Entered event in the log');
      const exited = await h.store.customers.events(ws.id, {
        customerId: back.id,
        name: 'Stage Exited',
        limit: 50,
      });
      assert.equal(exited.items.length, 6);
    });

    test('moves backward when a window lets go of the events that earned a stage', async () => {
      const { ws, engine } = await setup(SHOP.replace(/- key: churned[\s\S]*$/, ''));
      for (let i = 0; i < 3; i++) {
        await ingest(h.store, ws, track({ userId: 'bo' }, 'Order Completed', {}, at(i * DAY)));
      }
      await engine.runUntilIdle();
      assert.equal((await stageOf(ws, 'bo')).stage?.stage, 'loyal');
      clock.advance(365 * DAY + 1);
      await engine.runUntilIdle();
      assert.equal(
        (await stageOf(ws, 'bo')).stage?.stage,
        'buyer',
        'the first order left the 365-day window',
      );
    });

    test('a step takes no more than the size it is given, then the engine’s own batches', async () => {
      const { ws, engine } = await setup();
      await ingest(
        h.store,
        ws,
        ...Array.from({ length: 7 }, (_, i) => track({ userId: `u${i}` }, 'Product Viewed', {}, at(i))),
      );
      assert.equal((await engine.step({ events: 3, customers: 3 })).events, 3);
      assert.equal((await engine.step({ events: 3, customers: 3 })).events, 3);
      assert.equal((await engine.step()).events, 1);
      assert.equal((await stageOf(ws, 'u6')).stage?.stage, 'visitor');
    });

    test('a replayed event never counts twice', async () => {
      const { ws, engine } = await setup();
      const orders = [0, 1].map((i) => track({ userId: 'cy' }, 'Order Completed', {}, at(i)));
      await ingest(h.store, ws, ...orders);
      await engine.runUntilIdle();
      await ingest(h.store, ws, ...orders);
      await ingest(h.store, ws, orders[0]!);
      await engine.runUntilIdle();
      const { id, stage } = await stageOf(ws, 'cy');
      assert.equal(stage?.stage, 'buyer', 'two orders, not four');
      const record = await h.store.engine.customerRecord(ws.id, id);
      const counts = [...record!.state!.features.values()].map((f) => f.count(null));
      assert.ok(counts.includes(2) && !counts.some((n) => n > 2), `feature counts ${counts}`);
    });

    test('a step commits with what its reactors write; a failing reactor rolls it all back and the retry counts once', async () => {
      const { ws } = await setup();
      await ingest(h.store, ws, track({ userId: 'dee' }, 'Order Completed', {}, at()));
      const seen: StepEffects[] = [];
      // A reactor writes through its unit, as journeys will write an enrolment through theirs: here an
      // event through the engine's facet, so the test can see whether it committed.
      const reactor =
        (fail: boolean): EngineReactor =>
        async (unit, effects) => {
          if (effects.workspaceId !== ws.id) return;
          seen.push(effects);
          const { customerId } = effects.customers[0]!;
          const message = {
            messageId: `reactor-${seen.length}`,
            type: 'track' as const,
            userId: null,
            anonymousId: null,
            name: 'Reactor Saw',
            timestamp: effects.now,
            receivedAt: effects.now,
            payload: {},
          };
          await unit.engine.appendEvents(ws.id, [{ customerId, message }]);
          if (fail) throw new Error('crash before commit');
        };
      const reactorEvents = async () =>
        (await h.store.customers.events(ws.id, { name: 'Reactor Saw', limit: 10 })).items.length;

      await assert.rejects(
        new Engine(h.store, clock, { reactors: [reactor(true)] }).step(),
        /crash before commit/,
      );
      const { id } = await stageOf(ws, 'dee');
      assert.equal(seen.length, 1);
      assert.deepEqual(
        seen[0]!.customers.map((c) => [c.customerId, c.move?.to, c.events.map((e) => e.name)]),
        [[id, 'buyer', ['Order Completed']]],
      );
      assert.equal((await h.store.engine.stageHistory(ws.id, id, null, 10)).length, 0, 'no move committed');
      assert.equal(await reactorEvents(), 0, "the reactor's write rolled back with the step");

      await new Engine(h.store, clock, { reactors: [reactor(false)] }).runUntilIdle();
      const history = await h.store.engine.stageHistory(ws.id, id, null, 10);
      assert.deepEqual(
        history.map((m) => m.to),
        ['buyer'],
      );
      assert.equal(seen.at(-1)!.customers[0]!.move?.id, history[0]!.id, 'the reactor saw the recorded move');
      assert.equal(await reactorEvents(), 1, "the reactor's write committed with the step, once");
    });

    test('a merge hands the survivor both logs: features rebuilt, moves kept, the other state gone', async () => {
      const { ws, engine } = await setup();
      await ingest(h.store, ws, track({ userId: 'fay', anonymousId: 'laptop' }, 'Order Completed', {}, at()));
      await ingest(h.store, ws, track({ anonymousId: 'phone' }, 'Order Completed', {}, at(1)));
      await engine.runUntilIdle();
      const phone = (await allCustomers(h.store, ws.id)).find((c) => c.userId === null)!;
      assert.equal((await h.store.engine.currentStages(ws.id, [phone.id])).get(phone.id)?.stage, 'buyer');
      // The phone's third order is still unprocessed when the link merges the phone into Fay.
      await ingest(h.store, ws, track({ anonymousId: 'phone' }, 'Order Completed', {}, at(2)));
      await ingest(h.store, ws, identify({ userId: 'fay', anonymousId: 'phone' }, {}, at(3)));
      await engine.runUntilIdle();

      const fay = await stageOf(ws, 'fay');
      assert.equal(fay.stage?.stage, 'loyal', 'three orders over both devices');
      const record = await h.store.engine.customerRecord(ws.id, fay.id);
      const counts = [...record!.state!.features.values()].map((f) => f.count(null));
      assert.equal(Math.max(...counts), 3, `feature counts ${counts}`);
      assert.equal((await h.store.engine.currentStages(ws.id, [phone.id])).size, 0);
      const history = await h.store.engine.stageHistory(ws.id, fay.id, null, 10);
      assert.deepEqual(history.map((m) => [m.from, m.to]).sort(), [
        [null, 'buyer'],
        [null, 'buyer'],
        ['buyer', 'loyal'],
      ]);
    });

    test('a new model version: the dry run counts the moves, the recompute makes them', async () => {
      const { ws, engine } = await setup();
      for (const [user, orders] of [
        ['e1', 1],
        ['e2', 2],
        ['e3', 2],
        ['e4', 0],
      ] as const) {
        await ingest(h.store, ws, track({ userId: user }, 'Page Viewed', {}, at()));
        for (let i = 0; i < orders; i++)
          await ingest(h.store, ws, track({ userId: user }, 'Order Completed', {}, at(i)));
      }
      await engine.runUntilIdle();
      const easier = model(SHOP.replace('at least 3 times', 'at least 2 times'));
      const runtime = await engine.runtime(ws.id);
      const preview = await dryRun(h.store.engine, runtime, easier, clock.now());
      assert.equal(preview.customers, 4);
      assert.deepEqual(preview.moves, [{ from: 'buyer', to: 'loyal', customers: 2 }]);
      assert.equal(preview.unchanged, 2);
      assert.deepEqual(preview.stages, { buyer: 1, loyal: 2, visitor: 1 });
      const e2 = await stageOf(ws, 'e2');
      assert.equal(e2.stage?.stage, 'buyer', 'a dry run writes nothing');

      const version = await h.store.engine.publishModel(ws.id, easier, clock.now());
      assert.equal(version, 2);
      const report = await engine.runUntilIdle();
      assert.equal(report.recomputed, 4);
      assert.equal(report.moves, 2);
      const status = await h.store.engine.recomputeStatus(ws.id);
      assert.equal(status?.done, 4);
      assert.notEqual(status?.finishedAt, null);
      const moved = await h.store.engine.stageHistory(ws.id, e2.id, null, 1);
      assert.equal(moved[0]?.cause, 'model');
      assert.equal(moved[0]?.modelVersion, 2);
      assert.equal(moved[0]?.to, 'loyal');
    });
  });
}

engineSuite('sqlite', () => {
  const harness = sqliteHarness();
  return { harness, store: withEngine(harness.open()) };
});

// Ingest on the writer thread as the server has it, the engine stepped here (see `sqliteThreadHarness`).
engineSuite('sqlite (writer thread)', () => {
  const harness = sqliteThreadHarness();
  return { harness, store: withEngine(harness.open()) };
});

// Without PostgreSQL the PostgreSQL half is skipped, except in CI, where it must fail instead.
const unreachable = await postgresUnreachable();
engineSuite(
  'postgres',
  () => {
    if (unreachable)
      throw new Error(`CI needs PostgreSQL at ${TEST_DATABASE_URL} (TEST_DATABASE_URL): ${unreachable}`);
    const harness = postgresHarness();
    return { harness, store: withEngine(harness.open()) };
  },
  { skip: unreachable && !process.env.CI ? `no PostgreSQL at ${TEST_DATABASE_URL} (${unreachable})` : false },
);
