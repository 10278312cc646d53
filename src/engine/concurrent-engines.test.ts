import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManualClock } from '../core/index.ts';
import { modelFromDocument } from '../lifecycle/index.ts';
import type { Store } from '../storage/index.ts';
import {
  type Harness,
  ingest,
  newWorkspace,
  postgresHarness,
  postgresUnreachable,
  TEST_DATABASE_URL,
  track,
} from '../storage/test-support.ts';
import type { Workspace } from '../workspaces/index.ts';
import { Engine, type EngineSteps, type StepReport } from './engine.ts';

const MODEL = `
name: shop
stages:
  - { key: visitor, name: Visitor, kind: lifecycle }
  - { key: buyer, name: Buyer, kind: lifecycle, rule: 'performed "Order Completed"' }
  - key: loyal
    name: Loyal
    kind: lifecycle
    rule: 'performed "Order Completed" at least 3 times in last 365 days'
`;

const USERS = ['p0', 'p1', 'p2', 'p3', 'p4'];
const ORDERS = 4;

// Several server processes each run an engine on one PostgreSQL database; here two engines in one
// process stand in for them, each on its own pooled connection.
const unreachable = await postgresUnreachable();
const skip =
  unreachable && !process.env.CI ? `no PostgreSQL at ${TEST_DATABASE_URL} (${unreachable})` : false;

describe('two lifecycle engines on one PostgreSQL database', { skip }, () => {
  let harness: Harness;
  let store: Store;
  const clock = new ManualClock('2026-03-01T00:00:00Z');
  before(async () => {
    if (unreachable) throw new Error(`CI needs PostgreSQL at ${TEST_DATABASE_URL}: ${unreachable}`);
    harness = postgresHarness();
    store = harness.open();
    await store.migrate();
  });
  after(async () => {
    await store?.close();
    await harness?.cleanup();
  });

  /** One round: one event per user in one request, so consecutive event ids belong to different users. */
  const round = (ws: Workspace, name: string, r: number) =>
    ingest(
      store,
      ws,
      ...USERS.map((u, i) =>
        track(
          { userId: u },
          name,
          {},
          { timestamp: clock.now() - 60_000 + r * 100 + i, receivedAt: clock.now() },
        ),
      ),
    );

  async function steps(engine: EngineSteps, count: number, reports: StepReport[]): Promise<void> {
    for (let i = 0; i < count; i++) reports.push(await engine.step());
  }

  test('claim different events of the same customers and still count each once, with one move per change', async () => {
    const engines = store.engine;
    const ws = await newWorkspace(store);
    const parsed = modelFromDocument(MODEL, 'yaml');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await engines.publishModel(ws.id, parsed.model, clock.now());
    // Small batches, so that both engines hold events of the same customers at once.
    const a = new Engine(store, clock, { eventBatch: 3 });
    const b = new Engine(store, clock, { eventBatch: 3 });

    await round(ws, 'Page Viewed', 0);
    await round(ws, 'Order Completed', 1);
    const reports: StepReport[] = [];
    // Both engines step while the rest of the orders arrive.
    await Promise.all([
      steps(a, 8, reports),
      steps(b, 8, reports),
      (async () => {
        for (let r = 2; r <= ORDERS; r++) await round(ws, 'Order Completed', r);
      })(),
    ]);
    reports.push(await a.runUntilIdle(), await b.runUntilIdle());

    const total = USERS.length * (ORDERS + 1);
    assert.equal(
      reports.reduce((n, r) => n + r.events, 0),
      total,
      'each event claimed once, the engines’ own never',
    );
    const orderKeys = (await a.runtime(ws.id)).plan.needs
      .filter((n) => n.spec.event === 'Order Completed')
      .map((n) => n.key);
    assert.ok(orderKeys.length > 0);
    for (const user of USERS) {
      const [customer] = (await store.customers.list(ws.id, { userId: user, limit: 1 })).items;
      const record = await engines.customerRecord(ws.id, customer!.id);
      for (const key of orderKeys) {
        assert.equal(record!.state!.features.get(key)?.count(null), ORDERS, `${user}: orders counted once`);
      }
      assert.equal(record!.state!.stage, 'loyal');

      // Oldest first: each move starts where the previous one ended, so none was made twice.
      const moves = (await engines.stageHistory(ws.id, customer!.id, null, 50)).reverse();
      assert.equal(moves[0]?.from, null, `${user}: ${JSON.stringify(moves)}`);
      for (let i = 1; i < moves.length; i++)
        assert.equal(moves[i]!.from, moves[i - 1]!.to, `${user}: move ${i}`);
      assert.equal(moves.at(-1)!.to, 'loyal');
      const entered = await store.customers.events(ws.id, {
        customerId: customer!.id,
        name: 'Stage Entered',
        limit: 50,
      });
      assert.equal(entered.items.length, moves.length, `${user}: one Stage Entered per move`);
    }
  });

  test('a model publish waits for the pass in flight, so no pass compiles one configuration and runs another', async () => {
    const engines = store.engine;
    const ws = await newWorkspace(store);
    const parsed = modelFromDocument(MODEL, 'yaml');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inPass!: () => void;
    const passStarted = new Promise<void>((resolve) => {
      inPass = resolve;
    });
    const pass = store.write(async (unit) => {
      // Once its first statement is answered, the pass holds the configuration lock (shared).
      const before = await unit.engine.generations();
      inPass();
      await held;
      return before.get(ws.id) === (await unit.engine.generations()).get(ws.id);
    });
    await passStarted;
    let published = false;
    const publishing = engines.publishModel(ws.id, parsed.model, clock.now()).then(() => {
      published = true;
    });
    await sleep(200);
    const waited = !published;
    // Released before asserting: a pass left open would hold its connection and hang the teardown.
    release();
    assert.ok(waited, 'the publish waits for the pass');
    assert.equal(await pass, true, 'the pass saw one configuration throughout');
    await publishing;
    assert.equal((await engines.getModel(ws.id))?.version, 1);
  });
});
