import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FloodGate, STEP_BESIDE_INGEST } from './flood-gate.ts';

function gate() {
  const state = { now: 0, waiting: 0 };
  const g = new FloodGate({ waiting: () => state.waiting, now: () => state.now });
  /** A window of one second in which ingest took `ms`. */
  const second = (ms: number) => {
    g.ingested(ms);
    state.now += 1000;
  };
  return { g, state, second };
}

test('a writer with time to spare and nothing waiting lets the engine step whenever it likes', () => {
  const { g, state, second } = gate();
  second(300);
  for (let i = 0; i < 5; i++) {
    state.now += 10;
    assert.equal(g.paused(), false);
  }
});

test('a writer busy with ingest three quarters of its time is flooded: one engine step a second', () => {
  const { g, state, second } = gate();
  // The queue is empty between transactions (clients waiting for their answers), yet the writer is full.
  second(800);
  assert.equal(g.flooded(), true);
  assert.equal(g.paused(), false, 'the first step of a flood goes ahead');
  state.now += 400;
  assert.equal(g.paused(), true);
  // Ingest keeps the writer full through this window too.
  g.ingested(800);
  state.now += 599;
  assert.equal(g.paused(), true);
  state.now += 1;
  assert.equal(g.paused(), false, 'a second after the last step, the next one');
  assert.equal(g.paused(), true);
});

test('requests waiting make a flood whatever the share, and end it when they are taken', () => {
  const { g, state, second } = gate();
  second(100);
  assert.equal(g.flooded(), false);
  state.waiting = 1000;
  assert.equal(g.flooded(), true);
  assert.equal(g.paused(), false, 'the first step of a flood goes ahead');
  state.now += 10;
  assert.equal(g.paused(), true, 'the next waits behind the requests');
  state.waiting = 0;
  assert.equal(g.flooded(), false, 'the flood is over as soon as nothing waits');
  assert.equal(g.paused(), false);
});

test('the busy share follows the last window, and fades when ingest stops altogether', () => {
  const { g, state, second } = gate();
  second(900);
  assert.equal(g.flooded(), true);
  second(200);
  assert.equal(g.flooded(), false);
  second(900);
  assert.equal(g.flooded(), true);
  // Two windows without any ingest: nothing carries over.
  state.now += 2500;
  assert.equal(g.flooded(), false);
});

test('engine steps are small while ingest is about, and the engine’s own once it is quiet', () => {
  const { g, state, second } = gate();
  assert.equal(g.stepSize(), undefined, 'no ingest yet: full steps');
  g.ingested(5);
  assert.deepEqual(g.stepSize(), STEP_BESIDE_INGEST, 'ingest in the current window');
  state.now += 1000;
  assert.deepEqual(g.stepSize(), STEP_BESIDE_INGEST, 'ingest in the last window');
  state.now += 1000;
  assert.equal(g.stepSize(), undefined, 'two quiet windows: full steps again');
  state.waiting = 500;
  assert.deepEqual(g.stepSize(), STEP_BESIDE_INGEST, 'requests waiting');
  state.waiting = 0;
  second(0);
  assert.equal(g.stepSize(), undefined);
});
