import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FloodGate } from './flood-gate.ts';

function gate() {
  const state = { now: 0, waiting: 0 };
  const g = new FloodGate({ waiting: () => state.waiting, now: () => state.now });
  return { g, state };
}

test('with nothing waiting and an idle writer the engine steps whenever it likes', () => {
  const { g, state } = gate();
  for (let i = 0; i < 5; i++) {
    state.now += 10;
    assert.equal(g.paused(), false);
  }
});

test('requests waiting make a flood: one engine step a second', () => {
  const { g, state } = gate();
  state.waiting = 500;
  assert.equal(g.paused(), false, 'the first step of a flood goes ahead');
  state.now += 400;
  assert.equal(g.paused(), true);
  state.now += 599;
  assert.equal(g.paused(), true);
  state.now += 1;
  assert.equal(g.paused(), false, 'a second after the last step, the next one');
  assert.equal(g.paused(), true);
  state.waiting = 0;
  assert.equal(g.paused(), false, 'the flood is over as soon as nothing waits');
});

test('a writer busy with ingest for half its time is flooded even when the queue is empty between transactions', () => {
  const { g, state } = gate();
  // One second in which ingest took 600 ms: the next window sees a flood.
  for (let i = 0; i < 6; i++) {
    state.now += 100;
    g.ingested(100);
    state.now += 66;
  }
  state.now = 1000;
  assert.equal(g.flooded(), true);
  assert.equal(g.paused(), false);
  state.now += 10;
  assert.equal(g.paused(), true);
  // The next second, ingest took 200 ms: under the share, no longer a flood.
  g.ingested(200);
  state.now = 2000;
  assert.equal(g.flooded(), false);
  assert.equal(g.paused(), false);
});

test('the busy share fades when ingest stops altogether', () => {
  const { g, state } = gate();
  state.now = 900;
  g.ingested(900);
  state.now = 1000;
  assert.equal(g.flooded(), true);
  // Two windows without any ingest: nothing carries over.
  state.now = 3500;
  assert.equal(g.flooded(), false);
});
