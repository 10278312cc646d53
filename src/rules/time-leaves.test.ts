import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Cmp, Rule, SinceRef, TimeUnit } from './ast.ts';
import { compileRule } from './compile.ts';
import {
  assertChangesAt,
  assertNeverChanges,
  type ContextInput,
  context,
  DAY,
  feature,
  HOUR,
} from './test-support.ts';

const NOW = Date.UTC(2025, 5, 15, 12);
const ORDER = { event: 'Order Completed' };
const since = (of: SinceRef, op: Cmp, value: number, unit: TimeUnit = 'days'): Rule => ({
  kind: 'since',
  unit,
  of,
  op,
  value,
});
const lastOrder = (op: Cmp, value: number, unit: TimeUnit = 'days') =>
  since({ kind: 'last', event: ORDER }, op, value, unit);
const ordersAt = (times: number[], now = NOW): ContextInput => ({
  now,
  events: { [feature('Order Completed')]: times.map((t) => ({ t })) },
});
const holds = (rule: Rule, input: ContextInput) => compileRule(rule).test(context(input));

test('since reads the first or last matching event, last activity or first seen', () => {
  const input = {
    ...ordersAt([NOW - 10 * DAY, NOW - 2 * DAY]),
    lastActivity: NOW - HOUR,
    firstSeen: NOW - 20 * DAY,
  };
  assert.equal(holds(lastOrder('gte', 2), input), true);
  assert.equal(holds(lastOrder('gt', 2), input), false);
  assert.equal(holds(since({ kind: 'first', event: ORDER }, 'eq', 10), input), true);
  assert.equal(holds(since({ kind: 'lastActivity' }, 'lt', 1.5, 'hours'), input), true);
  assert.equal(holds(since({ kind: 'firstSeen' }, 'gte', 20), input), true);
  assert.equal(holds(since({ kind: 'firstSeen' }, 'gt', 2, 'weeks'), input), true, '20 days is 2.86 weeks');
});

test('elapsed time is fractional: 36 hours is 1.5 days', () => {
  const input = ordersAt([NOW - 36 * HOUR]);
  assert.equal(holds(lastOrder('eq', 1.5), input), true);
  assert.equal(holds(lastOrder('gt', 1), input), true);
  assert.equal(holds(lastOrder('lt', 2), input), true);
});

test('with no reference moment every comparison is false, != too', () => {
  for (const op of ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'] as const) {
    assert.equal(holds(lastOrder(op, 1), { now: NOW }), false, op);
    assert.equal(holds(since({ kind: 'lastActivity' }, op, 1), { now: NOW }), false, op);
    assert.equal(holds({ kind: 'inStage', unit: 'days', op, value: 1 }, { now: NOW, stage: 'x' }), false, op);
    assertNeverChanges(compileRule(lastOrder(op, 1)), { now: NOW });
  }
});

test('next change of each comparison is exact to the millisecond', () => {
  const ref = NOW - 10 * DAY;
  const input = ordersAt([ref]);
  const T = ref + 30 * DAY;
  assertChangesAt(compileRule(lastOrder('gt', 30)), input, T + 1);
  assertChangesAt(compileRule(lastOrder('gte', 30)), input, T);
  assertChangesAt(compileRule(lastOrder('lt', 30)), input, T);
  assertChangesAt(compileRule(lastOrder('lte', 30)), input, T + 1);
  assertChangesAt(compileRule(lastOrder('eq', 30)), input, T);
  assertChangesAt(compileRule(lastOrder('eq', 30)), ordersAt([ref], T), T + 1);
  assertChangesAt(compileRule(lastOrder('ne', 30)), input, T);
  assertChangesAt(compileRule(lastOrder('ne', 30)), ordersAt([ref], T), T + 1);
  for (const op of ['gt', 'gte', 'lt', 'lte', 'eq', 'ne'] as const) {
    assertNeverChanges(compileRule(lastOrder(op, 30)), ordersAt([ref], T + 1));
  }
});

test('next change with awkward fractions still lands on the millisecond the test flips', () => {
  const ref = NOW - 3;
  for (const [value, unit] of [
    [0.1, 'days'],
    [1 / 3, 'hours'],
    [2.7, 'weeks'],
    [0.7, 'months'],
    [1.1, 'years'],
  ] as const) {
    const rule = compileRule(lastOrder('gte', value, unit));
    const at = rule.nextChange(context(ordersAt([ref])));
    assert.notEqual(at, null);
    assertChangesAt(rule, ordersAt([ref]), at!);
  }
  // 0.6 ms after the event never comes on a millisecond clock: `=` never holds, so nothing to wait for
  assertNeverChanges(compileRule(lastOrder('eq', 0.00001, 'minutes')), ordersAt([NOW - 1]), [1, DAY]);
});

test('days in stage counts from when the customer entered the stage', () => {
  const rule = compileRule({ kind: 'inStage', unit: 'days', op: 'gte', value: 30 });
  const input = { now: NOW, stage: 'retention', stageSince: NOW - 29 * DAY };
  assert.equal(rule.test(context(input)), false);
  assertChangesAt(rule, input, NOW + DAY);
  const [fact] = rule.evaluate(context(input)).facts;
  assert.equal(fact.detail, '29 days in stage "retention"; needs >= 30');
  assert.equal(fact.actual, 29);
  assert.equal(fact.shortBy, 1);
});

test('since facts give the elapsed amount in the rule unit, to 2 decimals', () => {
  const rule = compileRule(lastOrder('gt', 90));
  const [fact] = rule.evaluate(context(ordersAt([NOW - 97.2 * DAY]))).facts;
  assert.equal(fact.passed, true);
  assert.equal(fact.actual, 97.2);
  assert.equal(fact.detail, '97.2 days since last "Order Completed"; needs > 90');
  assert.equal(fact.shortBy, undefined);
  const [short] = compileRule(lastOrder('gt', 90)).evaluate(context(ordersAt([NOW - 80.123 * DAY]))).facts;
  assert.equal(short.actual, 80.12);
  assert.equal(short.shortBy, 9.88);
  const [never] = rule.evaluate(context({ now: NOW })).facts;
  assert.deepEqual(
    { actual: never.actual, detail: never.detail, passed: never.passed },
    { actual: null, detail: 'never performed "Order Completed"', passed: false },
  );
  const [seen] = compileRule(since({ kind: 'firstSeen' }, 'gte', 1, 'weeks')).evaluate(
    context({ now: NOW, firstSeen: NOW - 7 * DAY }),
  ).facts;
  assert.equal(seen.detail, '1 week since first seen; needs >= 1');
});
