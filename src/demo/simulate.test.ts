import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRejection, validateMessage } from '../ingest/index.ts';
import { apparelStore } from './apparel-store.ts';
import { fitnessApp } from './fitness-app.ts';
import type { Business } from './model.ts';
import { Simulation } from './simulate.ts';

const NOW = Date.parse('2026-11-27T10:00:00Z');

function run(business: Business, customers: number, seed: string | number, months = 18) {
  const sim = new Simulation(business, { customers, months, seed, now: NOW });
  const messages: Record<string, unknown>[] = [];
  let spend = 0;
  for (const day of sim.days()) {
    messages.push(...day.messages);
    for (const row of day.spend) spend += row.amount;
  }
  return { sim, messages, spend };
}

test('the same seed gives the same messages, messageIds included; another seed other ones', () => {
  const a = run(apparelStore, 300, 'seed-a', 6);
  const b = run(apparelStore, 300, 'seed-a', 6);
  const c = run(apparelStore, 300, 'seed-b', 6);
  assert.ok(a.messages.length > 1000);
  assert.deepEqual(b.messages, a.messages);
  assert.equal(b.spend, a.spend);
  assert.notDeepEqual(c.messages, a.messages);
});

test('every message is a valid Segment message with a unique id, in time order, before now', () => {
  for (const business of [apparelStore, fitnessApp]) {
    const { messages } = run(business, 300, 1, 6);
    const ids = new Set(messages.map((m) => m.messageId));
    assert.equal(ids.size, messages.length, business.key);
    let last = 0;
    for (const m of messages) {
      const result = validateMessage(m, undefined, { receivedAt: NOW, keepTimestamps: true });
      assert.ok(!isRejection(result), `${business.key}: ${JSON.stringify(result)}`);
      const at = Date.parse(String(m.timestamp));
      assert.ok(at >= last && at < NOW);
      last = at;
    }
  }
});

test('channels differ: referred friends convert and spend most, ad clickers least', () => {
  const { sim } = run(apparelStore, 20_000, 7);
  const by = new Map<string, { people: number; buyers: number; orders: number }>();
  for (const c of sim.customers) {
    const row = by.get(c.channel.key) ?? { people: 0, buyers: 0, orders: 0 };
    row.people++;
    if (c.orders) row.buyers++;
    row.orders += c.orders;
    by.set(c.channel.key, row);
  }
  const conversion = (k: string) => by.get(k)!.buyers / by.get(k)!.people;
  const frequency = (k: string) => by.get(k)!.orders / by.get(k)!.buyers;
  assert.ok(conversion('referral') > conversion('paid_search'));
  assert.ok(conversion('paid_search') > 1.5 * conversion('paid_social'));
  assert.ok(frequency('referral') > frequency('paid_social'));
  // Most visitors never buy; a real minority does.
  const buyers = sim.customers.filter((c) => c.orders > 0).length;
  assert.ok(buyers > 0.1 * sim.customers.length && buyers < 0.35 * sim.customers.length);
});

test('seasons show: Black Friday week brings more people a day than February', () => {
  const sim = new Simulation(apparelStore, { customers: 20_000, months: 12, seed: 7, now: NOW });
  const perDay = new Map<number, number>();
  for (const day of sim.days()) perDay.set(day.start, day.arrivals);
  const mean = (from: string, to: string) => {
    const days = [...perDay].filter(([at]) => at >= Date.parse(from) && at <= Date.parse(to));
    return days.reduce((sum, [, n]) => sum + n, 0) / days.length;
  };
  assert.equal(
    [...perDay.values()].reduce((a, b) => a + b, 0),
    20_000,
  );
  assert.ok(mean('2025-11-20', '2025-11-30') > 1.5 * mean('2026-02-01', '2026-02-28'));
});

test('people lapse, most never come back, some are reactivated; subscribers cancel', () => {
  const apparel = run(apparelStore, 5_000, 3).sim.customers;
  assert.ok(apparel.filter((c) => c.state === 'gone').length > 0.5 * apparel.length);
  assert.ok(apparel.filter((c) => c.reactivations > 0 && c.orders > 0).length > 50);
  const { messages } = run(fitnessApp, 3_000, 3);
  const count = (event: string) => messages.filter((m) => m.event === event).length;
  assert.ok(count('Subscription Started') > count('Subscription Cancelled'));
  assert.ok(count('Subscription Cancelled') > 0);
  assert.ok(count('Trial Started') > count('Subscription Started'));
});
