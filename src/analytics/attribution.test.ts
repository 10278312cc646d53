import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY } from '../core/index.ts';
import { type Conversion, type Credit, computeAttribution, type Touch } from './attribution.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const d = (days: number) => T0 + days * DAY;

/** Credits as [key, conversions, revenue], rounded so thirds compare exactly. */
const table = (credits: Credit[]) =>
  credits.map((c) => [c.key, Math.round(c.conversions * 1000) / 1000, Math.round(c.revenue * 1000) / 1000]);

describe('computeAttribution', () => {
  const touches: Touch[] = [
    { c: 1, t: d(20), channel: 'facebook', campaign: 'spring' },
    { c: 1, t: d(0), channel: 'google', campaign: 'spring' },
    { c: 1, t: d(10), channel: 'email', campaign: null },
    { c: 2, t: d(0), channel: 'email', campaign: null },
    { c: 3, t: d(0), channel: 'seo', campaign: null },
    { c: 5, t: d(5), channel: 'direct', campaign: null },
    { c: 5, t: d(5) + 1, channel: 'ads', campaign: 'late' },
  ];
  const conversions: Conversion[] = [
    { c: 1, t: d(45), value: 10 }, // only the day-20 touch is within 30 days
    { c: 1, t: d(25), value: 90 }, // all three touches
    { c: 2, t: d(31), value: 50 }, // its touch is 31 days old: no touch
    { c: 3, t: d(30), value: 7 }, // its touch is exactly 30 days old: counted
    { c: 4, t: d(3), value: 3 }, // no touch at all
    { c: 5, t: d(5), value: 1 }, // a touch at the same millisecond counts, one after it does not
  ];
  const result = computeAttribution(conversions, touches);

  test('totals', () => {
    assert.deepEqual(result.totals, { conversions: 6, revenue: 161, withoutTouch: 2 });
    assert.equal(result.lookbackMs, 30 * DAY);
  });

  test('first and last touch', () => {
    assert.deepEqual(table(result.models.first.channels), [
      ['(none)', 2, 53],
      ['google', 1, 90],
      ['facebook', 1, 10],
      ['seo', 1, 7],
      ['direct', 1, 1],
    ]);
    assert.deepEqual(table(result.models.last.channels), [
      ['facebook', 2, 100],
      ['(none)', 2, 53],
      ['seo', 1, 7],
      ['direct', 1, 1],
    ]);
    assert.deepEqual(table(result.models.first.campaigns), [
      ['spring', 2, 100],
      ['(none)', 2, 53],
      ['(not set)', 2, 8],
    ]);
  });

  test('linear splits each conversion equally', () => {
    assert.deepEqual(table(result.models.linear.channels), [
      ['(none)', 2, 53],
      ['facebook', 1.333, 40],
      ['seo', 1, 7],
      ['direct', 1, 1],
      ['email', 0.333, 30],
      ['google', 0.333, 30],
    ]);
    assert.deepEqual(table(result.models.linear.campaigns), [
      ['(not set)', 2.333, 38],
      ['(none)', 2, 53],
      ['spring', 1.667, 70],
    ]);
  });

  test('every model adds up to the totals, and linear matches a direct computation', () => {
    let seed = 3;
    const rnd = (n: number) => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed % n;
    };
    const channels = ['a', 'b', 'c', null];
    const many: Touch[] = Array.from({ length: 3000 }, () => ({
      c: 1 + rnd(100),
      t: d(rnd(90)) + rnd(1000),
      channel: channels[rnd(4)],
      campaign: rnd(2) ? 'x' : null,
    }));
    const sales: Conversion[] = Array.from({ length: 2000 }, () => ({
      c: 1 + rnd(120),
      t: d(rnd(120)),
      value: rnd(100),
    }));
    const r = computeAttribution(sales, many, { lookbackMs: 7 * DAY });
    const revenue = sales.reduce((sum, s) => sum + s.value, 0);
    for (const model of ['first', 'last', 'linear'] as const) {
      for (const list of [r.models[model].channels, r.models[model].campaigns]) {
        assert.ok(Math.abs(list.reduce((sum, c) => sum + c.conversions, 0) - 2000) < 1e-6);
        assert.ok(Math.abs(list.reduce((sum, c) => sum + c.revenue, 0) - revenue) < 1e-6);
      }
    }
    const direct = new Map<string, number>();
    for (const sale of sales) {
      const window = many.filter((t) => t.c === sale.c && t.t >= sale.t - 7 * DAY && t.t <= sale.t);
      if (window.length === 0) direct.set('(none)', (direct.get('(none)') ?? 0) + sale.value);
      for (const t of window) {
        const key = t.channel ?? '(not set)';
        direct.set(key, (direct.get(key) ?? 0) + sale.value / window.length);
      }
    }
    for (const credit of r.models.linear.channels)
      assert.ok(Math.abs(credit.revenue - (direct.get(credit.key) ?? 0)) < 1e-6);
  });
});
