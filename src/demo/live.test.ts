import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildServer } from '../app/index.ts';
import { ManualClock } from '../core/index.ts';
import { Engine } from '../engine/index.ts';
import { tempStore } from '../testing/index.ts';
import { apparelStore } from './apparel-store.ts';
import { createDemoWorkspace } from './demo-workspace.ts';
import { liveMessages, streamLive } from './live.ts';
import { Simulation } from './simulate.ts';

const NOW = Date.parse('2026-11-27T10:00:00Z');

test('the live streamer sends events through /v1/batch with the write key, and they land', async (t) => {
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const clock = new ManualClock(NOW);
  const demo = await createDemoWorkspace(store, { name: 'demo', preset: 'clm-5', at: NOW });
  const server = await buildServer({
    config: { ingestQueueMax: 10_000, ingestBatchMax: 1_000, publicUrl: undefined },
    store,
    clock,
    logger: false,
    engine: false,
  });
  t.after(() => server.close());
  const address = await server.app.listen({ port: 0, host: '127.0.0.1' });

  const sim = new Simulation(apparelStore, { customers: 2_000, months: 1, seed: 5, now: NOW });
  // Not loaded here: the stream goes on from the simulation's end, as it does after a demo load.
  const sleeps: number[] = [];
  const batches: number[] = [];
  const totals = await streamLive({
    url: address,
    writeKey: demo.writeKey,
    messages: liveMessages(sim),
    rate: 40,
    limit: 125,
    clock,
    // Time moves only when the streamer waits: no real sleeping, no timing in the test.
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    onBatch: (t) => batches.push(t.sent),
  });

  assert.deepEqual(totals, { sent: 125, stored: 125, rejected: 0, failedRequests: 0 });
  // 40 events a second: batches of 10 every quarter second, the last one short.
  assert.equal(batches.length, 13);
  assert.equal(batches[0], 10);
  assert.ok(sleeps.every((ms) => ms === 250));
  assert.equal(await store.customers.countEvents(demo.workspace.id), 125);
  // Live events happen now: each got the clock's time when it was sent.
  const events = await store.analytics.activity(demo.workspace.id, { from: NOW, to: NOW + 10_000 });
  assert.equal(events.length, 125);
  // The engine places their people in stages, as a running server does after each commit.
  await new Engine(store, clock).runUntilIdle();
  const staged = (await store.analytics.stageCounts(demo.workspace.id)).reduce((n, c) => n + c.customers, 0);
  assert.ok(staged > 0);
});

test('a wrong write key is counted as failed requests, and the stream stops at the limit', async (t) => {
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const server = await buildServer({
    config: { ingestQueueMax: 10_000, ingestBatchMax: 1_000, publicUrl: undefined },
    store,
    clock: new ManualClock(NOW),
    logger: false,
    engine: false,
  });
  t.after(() => server.close());
  const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const sim = new Simulation(apparelStore, { customers: 100, months: 1, seed: 5, now: NOW });
  const totals = await streamLive({
    url: address,
    writeKey: 'll_wk_not-a-key',
    messages: liveMessages(sim),
    rate: 4,
    limit: 3,
    sleep: async () => {},
  });
  assert.deepEqual(totals, { sent: 3, stored: 0, rejected: 0, failedRequests: 3 });
});
