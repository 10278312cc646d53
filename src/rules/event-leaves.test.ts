import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CountTest, Rule, Span } from './ast.ts';
import { compileRule } from './compile.ts';
import { assertChangesAt, assertNeverChanges, context, DAY, type Ev, feature } from './test-support.ts';

const NOW = Date.UTC(2025, 5, 15, 12);
const ORDER = { event: 'Order Completed' };
const days = (amount: number): Span => ({ amount, unit: 'days' });
const performed = (count: CountTest, window: Span | null = days(30)): Rule => ({
  kind: 'performed',
  event: ORDER,
  count,
  window,
});
const aggregate = (
  fn: 'sum' | 'avg' | 'min' | 'max',
  op: 'gte' | 'lt' | 'gt',
  value: number,
  window: Span | null = days(30),
) => ({ kind: 'aggregate', fn, property: 'revenue', event: ORDER, window, op, value }) satisfies Rule;
const orders = (events: Ev[], now = NOW) => ({ now, events: { [feature('Order Completed')]: events } });
const revenue = (events: Ev[], now = NOW) => ({
  now,
  events: { [feature('Order Completed', 'revenue')]: events },
});
const holds = (rule: Rule, input: Parameters<typeof context>[0]) => {
  const compiled = compileRule(rule);
  const result = compiled.test(context(input));
  assert.equal(compiled.evaluate(context(input)).passed, result, 'evaluate agrees with test');
  return result;
};

test('an event exactly a window old is out of it; a millisecond younger is in', () => {
  const once = performed({ op: 'atLeast', n: 1 });
  assert.equal(holds(once, orders([{ t: NOW - 30 * DAY }])), false);
  assert.equal(holds(once, orders([{ t: NOW - 30 * DAY + 1 }])), true);
  assert.equal(holds(once, orders([{ t: NOW }])), true);
  assert.equal(holds(performed({ op: 'atLeast', n: 1 }, null), orders([{ t: 0 }])), true, 'all time');
  assert.equal(holds(once, { now: NOW }), false, 'never performed');
});

test('at least, at most and exactly compare the count', () => {
  const three = orders([{ t: NOW - DAY }, { t: NOW - 2 * DAY }, { t: NOW - 3 * DAY }]);
  assert.equal(holds(performed({ op: 'atLeast', n: 3 }), three), true);
  assert.equal(holds(performed({ op: 'atLeast', n: 4 }), three), false);
  assert.equal(holds(performed({ op: 'atMost', n: 3 }), three), true);
  assert.equal(holds(performed({ op: 'atMost', n: 2 }), three), false);
  assert.equal(holds(performed({ op: 'exactly', n: 3 }), three), true);
  assert.equal(holds(performed({ op: 'exactly', n: 2 }), three), false);
  assert.equal(holds(performed({ op: 'atMost', n: 0 }), { now: NOW }), true);
});

test('a windowed count changes when its oldest event leaves; an all-time one never by itself', () => {
  const events = [{ t: NOW - 10 * DAY }, { t: NOW - 20 * DAY }];
  assertChangesAt(compileRule(performed({ op: 'atLeast', n: 2 })), orders(events), NOW + 10 * DAY);
  assertChangesAt(compileRule(performed({ op: 'exactly', n: 1 })), orders(events), NOW + 10 * DAY);
  assertChangesAt(compileRule(performed({ op: 'atMost', n: 1 })), orders(events), NOW + 10 * DAY);
  assertNeverChanges(compileRule(performed({ op: 'atLeast', n: 2 }, null)), orders(events));
});

test('a windowed count that can only fall does not wake the customer when falling cannot matter', () => {
  const events = [{ t: NOW - 10 * DAY }, { t: NOW - 20 * DAY }];
  assertNeverChanges(compileRule(performed({ op: 'atLeast', n: 3 })), orders(events));
  assertNeverChanges(compileRule(performed({ op: 'atMost', n: 2 })), orders(events));
  assertNeverChanges(compileRule(performed({ op: 'exactly', n: 3 })), orders(events));
});

test('aggregates read sum, avg, min and max of the window; no value at all is false', () => {
  const events = revenue([
    { t: NOW - DAY, v: 100 },
    { t: NOW - 2 * DAY, v: 50 },
    { t: NOW - 2 * DAY, v: 'n/a' },
    { t: NOW - 40 * DAY, v: 1000 },
  ]);
  assert.equal(holds(aggregate('sum', 'gte', 150), events), true);
  assert.equal(holds(aggregate('sum', 'gte', 151), events), false);
  assert.equal(holds(aggregate('sum', 'gte', 1150, null), events), true);
  assert.equal(holds(aggregate('avg', 'gte', 75), events), true);
  assert.equal(holds(aggregate('avg', 'gt', 75), events), false);
  assert.equal(holds(aggregate('min', 'lt', 51), events), true);
  assert.equal(holds(aggregate('max', 'gt', 100), events), false);
  assert.equal(holds(aggregate('avg', 'lt', 1e9), revenue([])), false, 'no values: avg is absent');
  assert.equal(holds(aggregate('sum', 'lt', 1), revenue([])), true, 'but a sum of nothing is 0');
});

test('a windowed aggregate changes when an event leaves, unless a min or max already cannot pass', () => {
  const events = [
    { t: NOW - 5 * DAY, v: 10 },
    { t: NOW - 25 * DAY, v: 500 },
  ];
  assertChangesAt(compileRule(aggregate('sum', 'gte', 200)), revenue(events), NOW + 5 * DAY);
  assertChangesAt(compileRule(aggregate('max', 'gt', 100)), revenue(events), NOW + 5 * DAY);
  assertNeverChanges(compileRule(aggregate('max', 'gt', 1000)), revenue(events));
  assertNeverChanges(compileRule(aggregate('min', 'lt', 5)), revenue(events));
  assertNeverChanges(compileRule(aggregate('sum', 'gte', 200, null)), revenue(events));
});

test('count and aggregate facts: what was counted, the need, and how far short', () => {
  const fact = (rule: Rule, input: Parameters<typeof context>[0]) =>
    compileRule(rule).evaluate(context(input)).facts[0];
  const three = orders([{ t: NOW - DAY }, { t: NOW - 2 * DAY }, { t: NOW - 3 * DAY }]);
  const f = fact(performed({ op: 'atLeast', n: 5 }, days(365)), three);
  assert.equal(f.detail, 'performed 3 times in the last 365 days; needs at least 5');
  assert.equal(f.actual, 3);
  assert.equal(f.shortBy, 2);
  assert.equal(fact(performed({ op: 'atMost', n: 1 }), three).shortBy, 2);
  const never = fact(performed({ op: 'atLeast', n: 1 }, null), { now: NOW });
  assert.equal(never.detail, 'never performed "Order Completed"; needs at least 1');
  const sum = fact(aggregate('sum', 'gte', 500, days(365)), revenue([{ t: NOW - DAY, v: 420.1 }]));
  assert.equal(sum.detail, 'sum(revenue) is 420.1 in the last 365 days; needs >= 500');
  assert.equal(sum.actual, 420.1);
  assert.equal(sum.shortBy, 79.9);
  const none = fact(aggregate('avg', 'gte', 5), revenue([]));
  assert.equal(none.actual, null);
  assert.equal(none.detail, 'avg(revenue) has no values in the last 30 days; needs >= 5');
  assert.equal(none.shortBy, undefined);
});
