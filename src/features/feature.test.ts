import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY } from '../core/index.ts';
import { featureKey } from '../rules/index.ts';
import { decodeFeatures, encodeFeatures } from './codec.ts';
import { Feature } from './feature.ts';
import { FeaturePlan } from './feature-plan.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');

describe('Feature', () => {
  test('counts all time and inside windows; the window start is exclusive', () => {
    const f = new Feature(false);
    for (const age of [40, 30, 10, 1]) f.add(NOW - age * DAY, null, 35 * DAY, NOW);
    assert.equal(f.count(null), 4);
    assert.equal(f.first(), NOW - 40 * DAY);
    assert.equal(f.last(), NOW - DAY);
    // The 30-day-old event sits exactly on the window's start, which is exclusive.
    assert.equal(f.count(NOW - 30 * DAY), 2);
    assert.equal(f.count(NOW - 30 * DAY - 1), 3);
    assert.equal(f.entries.length / f.stride, 3, 'the 40-day-old event is past the 35-day horizon');
  });

  test('sum, min, max and avg over a property, skipping non-numeric values', () => {
    const f = new Feature(true);
    f.add(NOW - 100 * DAY, 500, 365 * DAY, NOW);
    f.add(NOW - 20 * DAY, 20, 365 * DAY, NOW);
    f.add(NOW - 10 * DAY, null, 365 * DAY, NOW);
    f.add(NOW - 5 * DAY, 80, 365 * DAY, NOW);
    assert.equal(f.sum(null), 600);
    assert.equal(f.min(null), 20);
    assert.equal(f.max(null), 500);
    assert.equal(f.avg(null), 200);
    const month = NOW - 30 * DAY;
    assert.equal(f.count(month), 3);
    assert.equal(f.sum(month), 100);
    assert.equal(f.min(month), 20);
    assert.equal(f.max(month), 80);
    assert.equal(f.avg(month), 50);
    assert.equal(f.min(NOW - 7 * DAY), 80);
    assert.equal(f.max(NOW - DAY), null);
  });

  test('out-of-order events are kept in time order', () => {
    const f = new Feature(false);
    f.add(NOW - 5 * DAY, null, 30 * DAY, NOW);
    f.add(NOW - 9 * DAY, null, 30 * DAY, NOW);
    f.add(NOW - 7 * DAY, null, 30 * DAY, NOW);
    assert.deepEqual(
      f.entries.filter((_, i) => i % 2 === 0),
      [NOW - 9 * DAY, NOW - 7 * DAY, NOW - 5 * DAY],
    );
    assert.equal(f.first(), NOW - 9 * DAY);
    assert.equal(f.last(), NOW - 5 * DAY);
  });

  test('nextExit is when the oldest event in the window leaves it', () => {
    const f = new Feature(false);
    f.add(NOW - 20 * DAY, null, 30 * DAY, NOW);
    f.add(NOW - 2 * DAY, null, 30 * DAY, NOW);
    assert.equal(f.nextExit(30 * DAY, NOW), NOW + 10 * DAY);
    assert.equal(f.nextExit(7 * DAY, NOW), NOW + 5 * DAY);
    assert.equal(f.nextExit(DAY, NOW), null);
    assert.equal(f.count(NOW + 10 * DAY - 30 * DAY), 1, 'at the exit time the event no longer counts');
  });

  test('prune drops entries past the horizon', () => {
    const f = new Feature(false);
    f.add(NOW - 20 * DAY, null, 30 * DAY, NOW);
    f.add(NOW - 2 * DAY, null, 30 * DAY, NOW);
    f.prune(30 * DAY, NOW + 15 * DAY);
    assert.equal(f.entries.length, 2);
    assert.equal(f.count(null), 2, 'all-time figures stay');
    f.prune(null, NOW);
    assert.equal(f.entries.length, 0);
  });

  test('many events in the window merge into buckets with the same totals', () => {
    const f = new Feature(true);
    let total = 0;
    for (let i = 0; i < 5000; i++) {
      const t = NOW - 29 * DAY + i * 60_000 * 7;
      f.add(t, i % 10, 30 * DAY, NOW);
      total += i % 10;
    }
    assert.ok(f.entries.length / f.stride <= 256, `kept ${f.entries.length / f.stride} entries`);
    assert.equal(f.count(NOW - 30 * DAY), 5000);
    assert.equal(f.sum(NOW - 30 * DAY), total);
    assert.equal(f.min(NOW - 30 * DAY), 0);
    assert.equal(f.max(NOW - 30 * DAY), 9);
  });
});

describe('FeaturePlan', () => {
  const orders = featureKey({ event: 'Order Completed' }, null);
  const revenue = featureKey({ event: 'Order Completed' }, 'revenue');
  const bigOrders = featureKey(
    { event: 'Order Completed', where: [{ property: 'revenue', op: 'gte', value: 100 }] },
    null,
  );
  const pricing = featureKey(
    { event: '$page', where: [{ property: 'path', op: 'contains', value: '/pricing' }] },
    null,
  );
  const plan = new FeaturePlan([
    { key: orders, spec: { event: 'Order Completed' }, property: null, horizonMs: 30 * DAY },
    { key: revenue, spec: { event: 'Order Completed' }, property: 'revenue', horizonMs: 365 * DAY },
    {
      key: bigOrders,
      spec: { event: 'Order Completed', where: [{ property: 'revenue', op: 'gte', value: 100 }] },
      property: null,
      horizonMs: null,
    },
    {
      key: pricing,
      spec: { event: '$page', where: [{ property: 'path', op: 'contains', value: '/pricing' }] },
      property: null,
      horizonMs: null,
    },
  ]);

  test('routes each event to the features whose spec it matches', () => {
    const features = new Map();
    const order = (revenue: unknown, age: number) => ({
      type: 'track' as const,
      name: 'Order Completed',
      timestamp: NOW - age * DAY,
      properties: { revenue } as never,
    });
    plan.apply(features, order(150, 3), NOW);
    plan.apply(features, order('40', 40), NOW);
    plan.apply(
      features,
      { type: 'page', name: null, timestamp: NOW, properties: { path: '/pricing/teams' } },
      NOW,
    );
    plan.apply(features, { type: 'page', name: null, timestamp: NOW, properties: { path: '/blog' } }, NOW);
    plan.apply(features, { type: 'track', name: 'Product Viewed', timestamp: NOW, properties: {} }, NOW);
    assert.equal(plan.read(features, orders).count(null), 2);
    assert.equal(plan.read(features, orders).count(NOW - 30 * DAY), 1);
    assert.equal(plan.read(features, revenue).sum(null), 190, 'numeric strings count as numbers');
    assert.equal(plan.read(features, bigOrders).count(null), 1);
    assert.equal(plan.read(features, pricing).count(null), 1);
    assert.equal(plan.read(features, 'nothing').count(null), 0);
    assert.equal(plan.wants('track', 'Product Viewed'), false);
    assert.equal(plan.wants('page', null), true);
  });

  test('the signature names the set of needs, whatever their order', () => {
    const reversed = new FeaturePlan([...plan.needs].reverse());
    assert.equal(reversed.signature, plan.signature);
    const longer = new FeaturePlan(
      plan.needs.map((n) => (n.key === orders ? { ...n, horizonMs: 60 * DAY } : n)),
    );
    assert.notEqual(longer.signature, plan.signature);
  });

  test('features survive an encode and decode', () => {
    const features = new Map();
    plan.apply(
      features,
      { type: 'track', name: 'Order Completed', timestamp: NOW - DAY, properties: { revenue: 12.5 } },
      NOW,
    );
    const decoded = decodeFeatures(encodeFeatures(features));
    assert.equal(decoded.get(revenue)?.sum(NOW - 2 * DAY), 12.5);
    assert.equal(decoded.get(orders)?.nextExit(30 * DAY, NOW), NOW + 29 * DAY);
    assert.equal(decoded.get(revenue)?.stride, 6);
    assert.equal(decodeFeatures('{}').size, 0);
  });
});
