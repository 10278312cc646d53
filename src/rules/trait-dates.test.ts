import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Json } from '../core/index.ts';
import type { Rule, TraitTest } from './ast.ts';
import { compileRule } from './compile.ts';
import { assertChangesAt, assertNeverChanges, context, DAY, HOUR } from './test-support.ts';

const NOW = Date.UTC(2025, 5, 15, 12); // 2025-06-15T12:00Z
const on = (t: TraitTest) => compileRule({ kind: 'trait', trait: 'd', test: t } satisfies Rule);
const input = (d: Json, now = NOW) => ({ now, traits: { d } });
const holds = (t: TraitTest, d: Json, now = NOW) => on(t).test(context(input(d, now)));
const days = (amount: number) => ({ amount, unit: 'days' as const });

test('dates are ISO 8601 strings or numbers (seconds below 1e11, else milliseconds)', () => {
  const before = { op: 'before', date: '2025-01-01' } as const;
  assert.equal(holds(before, '2024-12-31T23:59:59.999Z'), true);
  assert.equal(holds(before, '2025-01-01'), false, 'strictly before');
  assert.equal(holds(before, '2025-01-01T01:00:00+02:00'), true, 'offsets are honoured');
  assert.equal(holds(before, Date.UTC(2024, 11, 31) / 1000), true, 'seconds');
  assert.equal(holds(before, Date.UTC(2025, 0, 2)), false, 'milliseconds');
  assert.equal(holds(before, 'yesterday'), false);
  assert.equal(holds(before, '2024-02-30'), false, 'an impossible day is no date');
  assert.equal(holds(before, true), false);
  const after = { op: 'after', date: '2025-01-01T00:00:00Z' } as const;
  assert.equal(holds(after, '2025-01-01T00:00:00.001Z'), true);
  assert.equal(holds(after, '2025-01-01'), false, 'strictly after');
  assert.equal(holds({ op: 'after', date: 'not a date' }, '2030-01-01'), false, 'a bad rule date fails');
});

test('within last N days: now − span ≤ d ≤ now, both ends included', () => {
  const t = { op: 'withinLast', span: days(30) } as const;
  assert.equal(holds(t, NOW - 30 * DAY), true);
  assert.equal(holds(t, NOW - 30 * DAY - 1), false);
  assert.equal(holds(t, NOW), true);
  assert.equal(holds(t, NOW + 1), false, 'a future date is not in the last 30 days');
});

test('within next N days: now ≤ d ≤ now + span', () => {
  const t = { op: 'withinNext', span: days(3) } as const;
  assert.equal(holds(t, NOW), true);
  assert.equal(holds(t, NOW - 1), false);
  assert.equal(holds(t, NOW + 3 * DAY), true);
  assert.equal(holds(t, NOW + 3 * DAY + 1), false);
});

test('more than N days ago: d < now − span', () => {
  const t = { op: 'moreThanAgo', span: days(30) } as const;
  assert.equal(holds(t, NOW - 30 * DAY), false);
  assert.equal(holds(t, NOW - 30 * DAY - 1), true);
});

test('next change of within last: when the date arrives, then the millisecond after it leaves', () => {
  const rule = on({ op: 'withinLast', span: days(30) });
  const d = NOW + 5 * HOUR;
  assertChangesAt(rule, input(d), d);
  assertChangesAt(rule, input(d, d), d + 30 * DAY + 1);
  assertNeverChanges(rule, input(d, d + 30 * DAY + 1));
});

test('next change of within next: when the date comes within the span, and just after it passes', () => {
  const rule = on({ op: 'withinNext', span: days(3) });
  const d = NOW + 10 * DAY;
  assertChangesAt(rule, input(d), d - 3 * DAY);
  assertChangesAt(rule, input(d, d - 3 * DAY), d + 1);
  assertNeverChanges(rule, input(d, d + 1));
});

test('next change of more than ago: a millisecond after the span has passed; none once true', () => {
  const rule = on({ op: 'moreThanAgo', span: days(30) });
  assertChangesAt(rule, input(NOW), NOW + 30 * DAY + 1);
  assertNeverChanges(rule, input(NOW - 31 * DAY));
});

test('absolute comparisons, unreadable and missing dates never change by themselves', () => {
  assertNeverChanges(on({ op: 'before', date: '2030-01-01' }), input('2029-01-01'));
  assertNeverChanges(on({ op: 'withinLast', span: days(1) }), input('garbage'));
  assertNeverChanges(on({ op: 'withinLast', span: days(1) }), { now: NOW });
});

test('anniversary within: next recurrence of month and day, counting today, up to the span away', () => {
  const t = { op: 'anniversaryWithin', span: days(7) } as const;
  assert.equal(holds(t, '1990-06-15T23:00:00Z'), true, 'today counts');
  assert.equal(holds(t, '1990-06-22'), true, 'seven days away');
  assert.equal(holds(t, '1990-06-23'), false);
  assert.equal(holds(t, '1990-06-14'), false, 'yesterday is a year away');
  assert.equal(holds(t, '2031-06-20'), true, 'the year does not matter');
  assert.equal(holds({ op: 'anniversaryWithin', span: days(0.9) }, '1990-06-16'), false, 'whole days only');
});

test('a 29 February anniversary falls on 28 February in common years', () => {
  const t = { op: 'anniversaryWithin', span: days(0) } as const;
  assert.equal(holds(t, '2000-02-29', Date.UTC(2025, 1, 28, 9)), true);
  assert.equal(holds(t, '2000-02-29', Date.UTC(2025, 2, 1, 9)), false);
  assert.equal(holds(t, '2000-02-29', Date.UTC(2028, 1, 28, 9)), false, 'leap years have the day itself');
  assert.equal(holds(t, '2000-02-29', Date.UTC(2028, 1, 29, 9)), true);
});

test('anniversary next change: the midnight it comes within the span, then the midnight after the day', () => {
  const rule = on({ op: 'anniversaryWithin', span: days(7) });
  assertChangesAt(rule, input('1990-07-01'), Date.UTC(2025, 5, 24));
  assertChangesAt(rule, input('1990-07-01', Date.UTC(2025, 5, 24)), Date.UTC(2025, 6, 2));
  assertChangesAt(rule, input('1990-07-01', Date.UTC(2025, 6, 2)), Date.UTC(2026, 5, 24));
  const always = on({ op: 'anniversaryWithin', span: { amount: 2, unit: 'years' } });
  assertNeverChanges(always, input('1990-07-01'));
});

test('date facts show the moment and how far it is in the span unit', () => {
  const ctx = context(input('2025-06-10T00:00:00Z'));
  const [last] = on({ op: 'withinLast', span: days(3) }).evaluate(ctx).facts;
  assert.equal(last.detail, 'trait d is 2025-06-10T00:00:00.000Z, 5.5 days ago; needs within last 3 days');
  assert.equal(last.actual, '2025-06-10T00:00:00Z');
  const [bad] = on({ op: 'before', date: '2025-01-01' }).evaluate(context(input('soon'))).facts;
  assert.equal(bad.detail, 'trait d is "soon", not a date; needs before "2025-01-01"');
  const [bday] = on({ op: 'anniversaryWithin', span: days(7) }).evaluate(context(input('1990-06-27'))).facts;
  assert.match(bday.detail, /next anniversary in 12 days; needs anniversary within 7 days$/);
});
