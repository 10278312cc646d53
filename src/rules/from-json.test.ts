import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rule } from './ast.ts';
import type { RuleError } from './errors.ts';
import { ruleFromJson } from './from-json.ts';
import { parseRule } from './parse.ts';
import { makeRandom, randomRule } from './random-rule.ts';

function accepted(value: unknown): Rule {
  const result = ruleFromJson(value);
  if (!result.ok) assert.fail(result.error.message);
  return result.rule;
}

function refused(value: unknown): RuleError {
  const result = ruleFromJson(value);
  if (result.ok) assert.fail(`should be refused, accepted as ${JSON.stringify(result.rule)}`);
  return result.error;
}

const performed = (extra: Record<string, unknown> = {}) => ({
  kind: 'performed',
  event: { event: 'Order Completed' },
  count: { op: 'atLeast', n: 1 },
  window: null,
  ...extra,
});

test('every kind of node is accepted and copied', () => {
  const trees: unknown[] = [
    { kind: 'always' },
    { kind: 'and', rules: [{ kind: 'always' }, { kind: 'not', rule: { kind: 'always' } }] },
    { kind: 'or', rules: [{ kind: 'always' }, { kind: 'always' }, { kind: 'always' }] },
    { kind: 'trait', trait: 'first name', test: { op: 'eq', value: null } },
    { kind: 'trait', trait: 'plan', test: { op: 'in', values: ['pro', 1, true, null] } },
    { kind: 'trait', trait: 'tags', test: { op: 'contains', value: '' } },
    { kind: 'trait', trait: 'email', test: { op: 'exists' } },
    { kind: 'trait', trait: 'createdAt', test: { op: 'before', date: '2024-02-29' } },
    { kind: 'trait', trait: 'createdAt', test: { op: 'after', date: '2025-01-01T09:30:00Z' } },
    { kind: 'trait', trait: 'c', test: { op: 'withinLast', span: { amount: 30, unit: 'days' } } },
    { kind: 'trait', trait: 'c', test: { op: 'withinNext', span: { amount: 0.5, unit: 'hours' } } },
    { kind: 'trait', trait: 'c', test: { op: 'moreThanAgo', span: { amount: 1, unit: 'years' } } },
    { kind: 'trait', trait: 'b', test: { op: 'anniversaryWithin', span: { amount: 7, unit: 'days' } } },
    performed({
      event: { event: '$page', where: [{ property: 'path', op: 'contains', value: '/pricing' }] },
      count: { op: 'exactly', n: 0 },
      window: { amount: 2, unit: 'weeks' },
    }),
    {
      kind: 'aggregate',
      fn: 'sum',
      property: 'revenue',
      event: { event: 'o', where: [{ property: 'currency', op: 'in', values: [] }] },
      window: { amount: 365, unit: 'days' },
      op: 'gte',
      value: 500,
    },
    { kind: 'since', unit: 'days', of: { kind: 'last', event: { event: 'o' } }, op: 'gt', value: 90 },
    { kind: 'since', unit: 'minutes', of: { kind: 'first', event: { event: 'o' } }, op: 'lt', value: -1 },
    { kind: 'since', unit: 'weeks', of: { kind: 'lastActivity' }, op: 'ne', value: 1.5 },
    { kind: 'since', unit: 'months', of: { kind: 'firstSeen' }, op: 'lte', value: 0 },
    { kind: 'stage', op: 'eq', stages: ['retention'] },
    { kind: 'stage', op: 'ne', stages: ['churned'] },
    { kind: 'stage', op: 'in', stages: ['a', 'b'] },
    { kind: 'inStage', unit: 'days', op: 'gte', value: 30 },
    { kind: 'segment', segment: 'vip' },
    { kind: 'prediction', name: 'p_alive', op: 'lt', value: 0.3 },
  ];
  for (const tree of trees) {
    const rule = accepted(tree);
    assert.deepEqual(rule, tree);
    assert.notEqual(rule, tree);
  }
});

test('the copy is canonical and shares nothing with the input', () => {
  const input = performed({ event: { event: 'x', where: [] } });
  assert.deepEqual(accepted(input), performed({ event: { event: 'x' } }));
  assert.deepEqual(
    accepted(performed({ event: { event: 'x', where: undefined } })),
    performed({ event: { event: 'x' } }),
  );
  const zero = accepted({ kind: 'prediction', name: 'p', op: 'eq', value: -0 }) as { value: number };
  assert.ok(Object.is(zero.value, 0));
  const values = ['a'];
  const copy = accepted({ kind: 'trait', trait: 't', test: { op: 'in', values } }) as {
    test: { values: unknown[] };
  };
  values.push('b');
  assert.deepEqual(copy.test.values, ['a']);
});

test('validated trees are the trees the parser produces for their text', () => {
  const random = makeRandom(99);
  for (let i = 0; i < 500; i++) {
    const rule = randomRule(random, 4);
    assert.deepEqual(accepted(JSON.parse(JSON.stringify(rule))), rule);
  }
  const text = 'performed "x" [a = 1] at least 2 times in last 3 days or not trait y exists';
  const result = parseRule(text);
  assert.ok(result.ok);
  assert.deepEqual(accepted(result.rule), result.rule);
});

test('bad trees are refused with the path of the fault and what was expected', () => {
  const and = (...rules: unknown[]) => ({ kind: 'and', rules });
  const cases: [value: unknown, path: string, message: string][] = [
    [null, '$', 'expected a rule object {"kind", …}, got null'],
    ['always', '$', 'expected a rule object {"kind", …}, got "always"'],
    [[], '$', 'expected a rule object {"kind", …}, got an array'],
    [{}, '$.kind', 'but it is missing'],
    [{ kind: 'never' }, '$.kind', 'got "never"'],
    [{ kind: 'always', extra: 1 }, '$.extra', 'unknown key; expected only "kind" here'],
    [{ kind: 'always', 'a b': 1 }, '$["a b"]', 'unknown key'],
    [and({ kind: 'always' }), '$.rules', 'expected an array of at least 2 rules, got an array of 1 rule'],
    [and(), '$.rules', 'got an empty array'],
    [{ kind: 'or', rules: {} }, '$.rules', 'expected an array of at least 2 rules, got an object'],
    [and({ kind: 'always' }, { kind: 'x' }), '$.rules[1].kind', 'got "x"'],
    [
      and({ kind: 'always' }, { kind: 'not' }),
      '$.rules[1].rule',
      'expected a rule object {"kind", …}, but it is missing',
    ],
    // biome-ignore lint/suspicious/noSparseArray: a hole is what is being tested
    [{ kind: 'or', rules: [{ kind: 'always' }, , { kind: 'always' }] }, '$.rules[1]', 'but it is missing'],
    [
      { kind: 'trait', trait: '', test: { op: 'exists' } },
      '$.trait',
      'expected a non-empty trait name, got ""',
    ],
    [{ kind: 'trait', trait: 7, test: { op: 'exists' } }, '$.trait', 'got 7'],
    [{ kind: 'trait', trait: 't' }, '$.test', 'expected a trait test object {"op", …}, but it is missing'],
    [{ kind: 'trait', trait: 't', test: { op: 'like' } }, '$.test.op', 'got "like"'],
    [
      { kind: 'trait', trait: 't', test: { op: 'exists', value: 1 } },
      '$.test.value',
      'expected only "op" here',
    ],
    [
      { kind: 'trait', trait: 't', test: { op: 'eq', values: [1] } },
      '$.test.values',
      'expected only "op" or "value" here',
    ],
    [{ kind: 'trait', trait: 't', test: { op: 'eq' } }, '$.test.value', 'but it is missing'],
    [
      { kind: 'trait', trait: 't', test: { op: 'eq', value: {} } },
      '$.test.value',
      'expected a string, a finite number, true, false or null, got an object',
    ],
    [{ kind: 'trait', trait: 't', test: { op: 'gt', value: Number.NaN } }, '$.test.value', 'got NaN'],
    [{ kind: 'trait', trait: 't', test: { op: 'in', values: [1, [2]] } }, '$.test.values[1]', 'got an array'],
    [
      { kind: 'trait', trait: 't', test: { op: 'in', values: 'a' } },
      '$.test.values',
      'expected an array of values, got "a"',
    ],
    [
      { kind: 'trait', trait: 't', test: { op: 'contains', value: 1 } },
      '$.test.value',
      'expected a string, got 1',
    ],
    [
      { kind: 'trait', trait: 't', test: { op: 'before', date: '2025-02-30' } },
      '$.test.date',
      'expected an ISO 8601 date or date-time such as "2025-01-31", got "2025-02-30"',
    ],
    [
      { kind: 'trait', trait: 't', test: { op: 'after', date: 'yesterday' } },
      '$.test.date',
      'got "yesterday"',
    ],
    [
      { kind: 'trait', trait: 't', test: { op: 'withinLast', span: { amount: 0, unit: 'days' } } },
      '$.test.span.amount',
      'expected a positive number, got 0',
    ],
    [
      { kind: 'trait', trait: 't', test: { op: 'withinNext', span: { amount: 1, unit: 'day' } } },
      '$.test.span.unit',
      'expected one of "minutes", "hours", "days", "weeks", "months", "years", got "day"',
    ],
    [
      { kind: 'trait', trait: 't', test: { op: 'moreThanAgo', span: { amount: Infinity, unit: 'days' } } },
      '$.test.span.amount',
      'got Infinity',
    ],
    [
      { kind: 'trait', trait: 't', test: { op: 'moreThanAgo', span: { amount: 1, unit: 'days', x: 1 } } },
      '$.test.span.x',
      'expected only "amount" or "unit" here',
    ],
    [performed({ count: undefined }), '$.count', 'expected a count object {"op", "n"}, but it is missing'],
    [performed({ count: { op: 'atLeast', n: -1 } }), '$.count.n', 'expected a non-negative integer, got -1'],
    [
      performed({ count: { op: 'atLeast', n: 1.5 } }),
      '$.count.n',
      'expected a non-negative integer, got 1.5',
    ],
    [performed({ count: { op: 'atLeast', n: '1' } }), '$.count.n', 'got "1"'],
    [
      performed({ count: { op: 'more', n: 1 } }),
      '$.count.op',
      'expected one of "atLeast", "atMost", "exactly", got "more"',
    ],
    [
      performed({ window: undefined }),
      '$.window',
      'expected a span object {"amount", "unit"} or null (ever), but it is missing',
    ],
    [performed({ window: 'ever' }), '$.window', 'expected a span object {"amount", "unit"}, got "ever"'],
    [
      performed({ window: { amount: -3, unit: 'days' } }),
      '$.window.amount',
      'expected a positive number, got -3',
    ],
    [performed({ event: 'x' }), '$.event', 'expected an event spec object {"event", "where"}, got "x"'],
    [performed({ event: { event: '' } }), '$.event.event', 'expected a non-empty event name, got ""'],
    [
      performed({ event: { name: 'x' } }),
      '$.event.name',
      'unknown key; expected only "event" or "where" here',
    ],
    [
      performed({ event: { event: 'x', where: {} } }),
      '$.event.where',
      'expected an array of property filters, got an object',
    ],
    [
      performed({
        event: {
          event: 'x',
          where: [
            { property: 'a', op: 'exists' },
            { property: '', op: 'exists' },
          ],
        },
      }),
      '$.event.where[1].property',
      'expected a non-empty property name, got ""',
    ],
    [
      performed({ event: { event: 'x', where: [{ property: 'a', op: 'before', date: '2025-01-01' }] } }),
      '$.event.where[0].op',
      'got "before"',
    ],
    [
      performed({ event: { event: 'x', where: [{ property: 'a', op: 'in', values: [], value: 1 }] } }),
      '$.event.where[0].value',
      'expected only "property", "op" or "values" here',
    ],
    [performed({ extra: true }), '$.extra', 'expected only "kind", "event", "count" or "window" here'],
    [
      {
        kind: 'aggregate',
        fn: 'median',
        property: 'r',
        event: { event: 'o' },
        window: null,
        op: 'gt',
        value: 1,
      },
      '$.fn',
      'expected one of "sum", "avg", "min", "max", got "median"',
    ],
    [
      { kind: 'aggregate', fn: 'sum', property: 'r', event: { event: 'o' }, window: null, op: '>', value: 1 },
      '$.op',
      'expected one of "eq", "ne", "lt", "lte", "gt", "gte", got ">"',
    ],
    [
      {
        kind: 'aggregate',
        fn: 'sum',
        property: 'r',
        event: { event: 'o' },
        window: null,
        op: 'gt',
        value: '1',
      },
      '$.value',
      'expected a finite number, got "1"',
    ],
    [
      { kind: 'since', unit: 'days', of: { kind: 'last' }, op: 'gt', value: 1 },
      '$.of.event',
      'but it is missing',
    ],
    [
      {
        kind: 'since',
        unit: 'days',
        of: { kind: 'lastActivity', event: { event: 'x' } },
        op: 'gt',
        value: 1,
      },
      '$.of.event',
      'expected only "kind" here',
    ],
    [
      { kind: 'since', unit: 'days', of: { kind: 'recent' }, op: 'gt', value: 1 },
      '$.of.kind',
      'got "recent"',
    ],
    [
      { kind: 'since', unit: 'fortnights', of: { kind: 'firstSeen' }, op: 'gt', value: 1 },
      '$.unit',
      'got "fortnights"',
    ],
    [
      { kind: 'stage', op: 'eq', stages: ['a', 'b'] },
      '$.stages',
      'expected an array of exactly one stage key, got an array of 2 keys',
    ],
    [
      { kind: 'stage', op: 'in', stages: [] },
      '$.stages',
      'expected an array of at least one stage key, got an empty array',
    ],
    [{ kind: 'stage', op: 'in', stages: ['a', ''] }, '$.stages[1]', 'expected a non-empty stage key, got ""'],
    [{ kind: 'stage', op: 'lt', stages: ['a'] }, '$.op', 'expected one of "eq", "ne", "in", got "lt"'],
    [{ kind: 'inStage', unit: 'days', op: 'gt' }, '$.value', 'expected a finite number, but it is missing'],
    [{ kind: 'segment', segment: null }, '$.segment', 'expected a non-empty segment key, got null'],
    [{ kind: 'prediction', name: 'p', op: 'lt', value: 1, model: 'x' }, '$.model', 'unknown key'],
    [
      and(
        { kind: 'always' },
        and({ kind: 'always' }, { kind: 'trait', trait: 't', test: { op: 'in', values: [() => 1] } }),
      ),
      '$.rules[1].rules[1].test.values[0]',
      'got a function',
    ],
  ];
  for (const [value, path, message] of cases) {
    const error = refused(value);
    assert.equal(error.path, path, message);
    assert.ok(error.message.startsWith(`${path}: `), error.message);
    assert.ok(error.message.includes(message), `${error.message} should include ${message}`);
    assert.ok(error.expected && error.expected.length > 0, error.message);
  }
});

test('the example error reads as documented', () => {
  const error = refused({
    kind: 'or',
    rules: [performed({ count: { op: 'atLeast', n: -1 } }), { kind: 'always' }],
  });
  assert.deepEqual(error, {
    message: '$.rules[0].count.n: expected a non-negative integer, got -1',
    path: '$.rules[0].count.n',
    expected: ['a non-negative integer'],
  });
});

test('trees nested deeper than 64 levels are refused, cycles included', () => {
  const chain = (levels: number): unknown => {
    let rule: unknown = { kind: 'always' };
    for (let i = 1; i < levels; i++) rule = { kind: 'not', rule };
    return rule;
  };
  assert.equal(ruleFromJson(chain(64)).ok, true);
  const error = refused(chain(65));
  assert.equal(error.path, `$${'.rule'.repeat(64)}`);
  assert.match(error.message, /: the rule is nested too deeply \(at most 64 levels\)$/);
  const cycle: { kind: string; rules: unknown[] } = { kind: 'and', rules: [] };
  cycle.rules.push(cycle, cycle);
  assert.equal(refused(cycle).path, `$${'.rules[0]'.repeat(64)}`);
});
