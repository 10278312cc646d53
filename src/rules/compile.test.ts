import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rule } from './ast.ts';
import { compileRule } from './compile.ts';
import { featureKey } from './context.ts';
import { printRule } from './print.ts';
import {
  assertChangesAt,
  assertNeverChanges,
  type ContextInput,
  context,
  DAY,
  feature,
} from './test-support.ts';

const NOW = Date.UTC(2025, 5, 15, 12);
const ORDER = { event: 'Order Completed' };
const vip: Rule = { kind: 'segment', segment: 'vip' };
const pro: Rule = { kind: 'trait', trait: 'plan', test: { op: 'eq', value: 'pro' } };
const ordered: Rule = { kind: 'performed', event: ORDER, count: { op: 'atLeast', n: 1 }, window: null };
const and = (...rules: Rule[]): Rule => ({ kind: 'and', rules });
const or = (...rules: Rule[]): Rule => ({ kind: 'or', rules });
const not = (rule: Rule): Rule => ({ kind: 'not', rule });
const holds = (rule: Rule, input: ContextInput) => compileRule(rule).test(context(input));

test('and, or, not and always combine as usual; empty and holds, empty or does not', () => {
  const input = { now: NOW, segments: ['vip'], traits: { plan: 'free' } };
  assert.equal(holds({ kind: 'always' }, input), true);
  assert.equal(holds(and(vip, pro), input), false);
  assert.equal(holds(and(vip, not(pro)), input), true);
  assert.equal(holds(or(pro, vip), input), true);
  assert.equal(holds(or(pro, not(vip)), input), false);
  assert.equal(holds(not(not(vip)), input), true);
  assert.equal(holds(and(), input), true);
  assert.equal(holds(or(), input), false);
});

test('test stops at the first deciding child and tries cheap ones first', () => {
  const ctx = { ...context({ now: NOW }), events: () => assert.fail('events were read') };
  assert.equal(compileRule(and(ordered, vip)).test(ctx), false);
  assert.equal(compileRule(or(ordered, not(vip))).test(ctx), true);
});

test('stage, segment and prediction leaves', () => {
  const stage = (op: 'eq' | 'ne' | 'in', ...stages: string[]): Rule => ({ kind: 'stage', op, stages });
  const at = { now: NOW, stage: 'retention' };
  assert.equal(holds(stage('eq', 'retention'), at), true);
  assert.equal(holds(stage('ne', 'retention'), at), false);
  assert.equal(holds(stage('in', 'at_risk', 'retention'), at), true);
  assert.equal(holds(stage('in', 'at_risk', 'churned'), at), false);
  assert.equal(holds(stage('eq', 'retention'), { now: NOW }), false, 'no stage');
  assert.equal(holds(stage('in', 'retention'), { now: NOW }), false);
  assert.equal(holds(stage('ne', 'retention'), { now: NOW }), true);
  assert.equal(holds(vip, { now: NOW, segments: ['vip'] }), true);
  assert.equal(holds(vip, { now: NOW, segments: ['vips'] }), false);
  const low: Rule = { kind: 'prediction', name: 'p_alive', op: 'lt', value: 0.3 };
  assert.equal(holds(low, { now: NOW, predictions: { p_alive: 0.2 } }), true);
  assert.equal(holds(low, { now: NOW, predictions: { p_alive: 0.3 } }), false);
  assert.equal(holds(low, { now: NOW }), false, 'missing');
  assert.equal(holds(low, { now: NOW, predictions: { p_alive: Number.NaN } }), false);
  assert.equal(holds(low, { now: NOW, predictions: { p_alive: Number.NEGATIVE_INFINITY } }), false);
  const ne: Rule = { kind: 'prediction', name: 'clv', op: 'ne', value: 1 };
  assert.equal(holds(ne, { now: NOW }), false, 'missing is false even for !=');
});

test('evaluate explains every leaf with its path and text, even past a decided answer', () => {
  const rule = or(and(vip, not(pro)), ordered);
  const compiled = compileRule(rule);
  const result = compiled.evaluate(context({ now: NOW, segments: ['vip'], traits: { plan: 'pro' } }));
  assert.equal(result.passed, false);
  assert.deepEqual(
    result.facts.map((f) => [f.path, f.text, f.passed]),
    [
      ['$.rules[0].rules[0]', 'in segment "vip"', true],
      ['$.rules[0].rules[1].rule', printRule(pro), true],
      ['$.rules[1]', printRule(ordered), false],
    ],
  );
  assert.equal(result.facts[0].detail, 'in segment "vip"');
  const lone = compileRule(vip).evaluate(context({ now: NOW }));
  assert.deepEqual(lone, {
    passed: false,
    facts: [
      { path: '$', text: 'in segment "vip"', passed: false, actual: false, detail: 'not in segment "vip"' },
    ],
  });
});

test('evaluate and test agree', () => {
  const rules = [and(vip, or(pro, ordered)), or(not(vip), and(pro, ordered)), not(and(vip, pro, ordered))];
  for (const segments of [[], ['vip']])
    for (const plan of ['pro', 'free'])
      for (const events of [[], [{ t: NOW - DAY }]]) {
        const input = {
          now: NOW,
          segments,
          traits: { plan },
          events: { [feature('Order Completed')]: events },
        };
        for (const rule of rules) {
          const compiled = compileRule(rule);
          assert.equal(compiled.evaluate(context(input)).passed, compiled.test(context(input)));
        }
      }
});

test('stage and prediction facts', () => {
  const fact = (rule: Rule, input: ContextInput) => compileRule(rule).evaluate(context(input)).facts[0];
  const s = fact({ kind: 'stage', op: 'eq', stages: ['retention'] }, { now: NOW, stage: 'onboarding' });
  assert.deepEqual([s.actual, s.detail], ['onboarding', 'stage is "onboarding"; needs = "retention"']);
  const p = fact(
    { kind: 'prediction', name: 'clv', op: 'gt', value: 200 },
    { now: NOW, predictions: { clv: 150 } },
  );
  assert.deepEqual([p.actual, p.detail, p.shortBy], [150, 'prediction clv is 150; needs > 200', 50]);
  const none = fact({ kind: 'prediction', name: 'clv', op: 'gt', value: 200 }, { now: NOW });
  assert.deepEqual([none.actual, none.detail], [null, 'no prediction clv; needs > 200']);
});

test('needs: one per feature key, with the longest window, null only when no use is windowed', () => {
  const days = (amount: number) => ({ amount, unit: 'days' as const });
  const filtered = (where: { property: string; op: 'eq'; value: string }[]) => ({ event: 'Page', where });
  const a = { property: 'a', op: 'eq' as const, value: 'x' };
  const b = { property: 'b', op: 'eq' as const, value: 'y' };
  const rule = and(
    { kind: 'performed', event: ORDER, count: { op: 'atLeast', n: 1 }, window: days(30) },
    not({ kind: 'performed', event: ORDER, count: { op: 'atLeast', n: 3 }, window: days(365) }),
    { kind: 'since', unit: 'days', of: { kind: 'last', event: ORDER }, op: 'gt', value: 5 },
    ordered,
    { kind: 'aggregate', fn: 'sum', property: 'revenue', event: ORDER, window: null, op: 'gt', value: 1 },
    {
      kind: 'since',
      unit: 'days',
      of: { kind: 'first', event: { event: 'Signed Up' } },
      op: 'lt',
      value: 14,
    },
    { kind: 'performed', event: filtered([a, b]), count: { op: 'atLeast', n: 1 }, window: days(7) },
    { kind: 'performed', event: filtered([b, a]), count: { op: 'atLeast', n: 1 }, window: null },
    { kind: 'since', unit: 'days', of: { kind: 'lastActivity' }, op: 'gt', value: 5 },
  );
  assert.deepEqual(compileRule(rule).needs, [
    { key: feature('Order Completed'), spec: ORDER, property: null, horizonMs: 365 * DAY },
    { key: feature('Order Completed', 'revenue'), spec: ORDER, property: 'revenue', horizonMs: null },
    { key: feature('Signed Up'), spec: { event: 'Signed Up' }, property: null, horizonMs: null },
    { key: featureKey(filtered([a, b]), null), spec: filtered([a, b]), property: null, horizonMs: 7 * DAY },
  ]);
  assert.deepEqual(compileRule(vip).needs, []);
});

test('reads: stage, segments and predictions the rule looks at', () => {
  const rule = or(
    and(vip, { kind: 'inStage', unit: 'days', op: 'gt', value: 3 }),
    { kind: 'segment', segment: 'beta' },
    vip,
    { kind: 'prediction', name: 'p_alive', op: 'lt', value: 0.3 },
  );
  assert.deepEqual(compileRule(rule).reads, {
    stage: true,
    segments: ['vip', 'beta'],
    predictions: ['p_alive'],
  });
  assert.deepEqual(compileRule(pro).reads, { stage: false, segments: [], predictions: [] });
});

test('composite next change: the earliest child change, or none when a child settles the answer', () => {
  const quiet = (value: number): Rule => ({
    kind: 'since',
    unit: 'days',
    of: { kind: 'lastActivity' },
    op: 'gt',
    value,
  });
  const input = { now: NOW, lastActivity: NOW - 10 * DAY, segments: ['vip'] };
  assertChangesAt(compileRule(and(quiet(5), not(quiet(20)))), input, NOW + 10 * DAY + 1);
  // allowed to be early: at 20 days `not` turns false, but the first child is still false then
  assert.equal(compileRule(and(quiet(30), not(quiet(20)))).nextChange(context(input)), NOW + 10 * DAY + 1);
  assertChangesAt(compileRule(or(quiet(30), quiet(20))), input, NOW + 10 * DAY + 1);
  assertChangesAt(compileRule(not(quiet(30))), input, NOW + 20 * DAY + 1);
  assertChangesAt(compileRule(and(vip, quiet(30))), input, NOW + 20 * DAY + 1);
  assertNeverChanges(compileRule(and(not(vip), quiet(30))), input);
  assertNeverChanges(compileRule(or(vip, quiet(30))), input);
  assertNeverChanges(compileRule(and(vip, pro)), input);
  assertNeverChanges(compileRule({ kind: 'always' }), input);
});
