import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../core/index.ts';
import { loadPreset } from '../lifecycle/index.ts';
import type { Store } from '../storage/index.ts';
import { type Harness, ingest, newWorkspace, sqliteHarness, track } from '../storage/test-support.ts';
import { Engine } from './engine.ts';
import { EngineRunner } from './runner.ts';

let harness: Harness;
let store: Store;
const clock = new ManualClock('2026-03-01T00:00:00Z');

before(async () => {
  harness = sqliteHarness();
  store = harness.open();
  await store.migrate();
});
after(async () => {
  await store.close();
  await harness.cleanup();
});

test('a paused runner takes no step until the pause lifts', async () => {
  const ws = await newWorkspace(store);
  await store.engine.publishModel(ws.id, loadPreset('clm-5'), clock.now());
  const at = { timestamp: clock.now(), receivedAt: clock.now() };
  for (let i = 0; i < 20; i++) await ingest(store, ws, track({ userId: `u${i}` }, 'Order Completed', {}, at));
  const placed = async () => (await store.analytics.stageCounts(ws.id)).reduce((n, c) => n + c.customers, 0);

  let paused = true;
  let asked = 0;
  const runner = new EngineRunner(new Engine(store, clock), {
    pollMs: 60_000,
    paused: () => {
      asked++;
      return paused;
    },
  });
  runner.start();
  runner.kick();
  await runner.stop();
  assert.ok(asked >= 1, 'the runner asked before stepping');
  assert.equal(await placed(), 0, 'no customer was placed while paused');

  paused = false;
  runner.start();
  // stop() waits for the step in flight: the one the lifted pause let through.
  await runner.stop();
  assert.ok((await placed()) > 0, 'the first step after the pause placed customers');
});
