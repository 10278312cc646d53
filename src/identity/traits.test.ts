import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyTraits, mergeTraits } from './traits.ts';
import type { ProfileState } from './types.ts';

const profile = (traits: ProfileState['traits'] = {}, traitTimes: Record<string, number> = {}) => ({
  id: 1,
  userId: null,
  email: null,
  traits,
  traitTimes,
  firstSeen: 0,
  lastSeen: 0,
  identityCount: 0,
});

test('applyTraits sets new traits and records when each was set', () => {
  const p = profile();
  assert.equal(applyTraits(p, { plan: 'pro', seats: 3 }, 100), true);
  assert.deepEqual(p.traits, { plan: 'pro', seats: 3 });
  assert.deepEqual(p.traitTimes, { plan: 100, seats: 100 });
});

test('applyTraits ignores values older than the stored ones and reports no change', () => {
  const p = profile({ plan: 'pro' }, { plan: 200 });
  assert.equal(applyTraits(p, { plan: 'free' }, 100), false);
  assert.deepEqual(p.traits, { plan: 'pro' });
  assert.deepEqual(p.traitTimes, { plan: 200 });
});

test('applyTraits: the same value at the same time is no change; a different one is (arrival order)', () => {
  const p = profile({ address: { city: 'Oslo' } }, { address: 100 });
  assert.equal(applyTraits(p, { address: { city: 'Oslo' } }, 100), false);
  assert.equal(applyTraits(p, { address: { city: 'Bergen' } }, 100), true);
  assert.deepEqual(p.traits, { address: { city: 'Bergen' } });
});

test('applyTraits stores null as a value: a trait can be cleared', () => {
  const p = profile({ phone: '123' }, { phone: 100 });
  assert.equal(applyTraits(p, { phone: null }, 150), true);
  assert.deepEqual(p.traits, { phone: null });
});

test('mergeTraits keeps, per trait, the later value; traits without a time lose to timed ones', () => {
  const into = profile({ a: 'into', b: 'into', c: 'into' }, { a: 100, b: 300, c: 5 });
  const from = profile({ a: 'from', b: 'from', c: 'from', d: 'from' }, { a: 200, b: 250, d: 50 });
  mergeTraits(into, from);
  assert.deepEqual(into.traits, { a: 'from', b: 'into', c: 'into', d: 'from' });
  assert.deepEqual(into.traitTimes, { a: 200, b: 300, c: 5, d: 50 });
  assert.deepEqual(from.traits, { a: 'from', b: 'from', c: 'from', d: 'from' }, 'the source is not changed');
});
