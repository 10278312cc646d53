import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rule } from './ast.ts';
import { ruleFromJson } from './from-json.ts';
import { parseRule } from './parse.ts';
import { printRule } from './print.ts';
import { makeRandom, randomRule } from './random-rule.ts';

function parsed(text: string): Rule {
  const result = parseRule(text);
  if (!result.ok) assert.fail(`${text}: ${result.error.message}`);
  return result.rule;
}

/** Asserts that `text` reads and prints back as `canonical`, and that the printed text reads as the same tree. */
function normalises(text: string, canonical: string): void {
  const rule = parsed(text);
  assert.equal(printRule(rule), canonical, text);
  assert.deepEqual(parsed(canonical), rule, canonical);
}

test('canonical texts print back unchanged, one per node kind and trait test', () => {
  const canonical = [
    'always',
    'not always',
    'not not always',
    'always and always and always',
    'always or always',
    'always or always and always',
    '(always or always) and always',
    'not (always and always)',
    'not (always or always) or always',
    'always and (always and always)',
    'always or (always or always)',
    'trait plan = "pro"',
    'trait age != 18',
    'trait score < -1.5',
    'trait score <= 1e+21',
    'trait flag > true',
    'trait flag >= null',
    'trait plan in ["pro", 2, false, null]',
    'trait plan in []',
    'trait tags contains "vip"',
    'trait email exists',
    'trait createdAt before "2025-01-01"',
    'trait createdAt after "2025-01-01T09:30:00.5+02:00"',
    'trait createdAt within last 30 days',
    'trait trialEndsAt within next 1 day',
    'trait createdAt more than 1.5 hours ago',
    'trait birthday anniversary within 1 week',
    'trait "first name" = "Ann"',
    'trait address.city = "Oslo"',
    'performed "Signed Up"',
    'performed "Order Completed" [revenue >= 100, coupon exists, sku in ["a", "b"], note contains "gift"] at least 3 times in last 30 days',
    'performed "x" at most 0 times',
    'performed "x" exactly 1 time in last 1 minute',
    'performed "x" at least 2 times',
    'performed "$page" [path contains "/pricing"]',
    'sum(revenue) of "Order Completed" in last 365 days >= 500',
    'avg("order total") of "o" [currency = "EUR"] < 20',
    'min(price) of "p" > 0',
    'max(price) of "p" in last 2 months = 99.99',
    'days since last "Order Completed" [total > 0] > 90',
    'days since first "Signed Up" <= 14',
    'days since last activity >= 30',
    'weeks since first seen >= 2',
    'hours since first seen <= 1.5',
    'minutes since last activity < 5',
    'stage = "retention"',
    'stage != "churned"',
    'stage in ["at_risk", "churned"]',
    'days in stage >= 30',
    'years in stage > 1',
    'in segment "vip"',
    'prediction p_alive < 0.3',
    'prediction "churn risk" > 0.5',
  ];
  for (const text of canonical) normalises(text, text);
});

test('accepted text normalises to the canonical form', () => {
  const cases: [string, string][] = [
    ['ALWAYS', 'always'],
    ['performed "x" at least 1 time', 'performed "x"'],
    ['performed "x" at least 1 times ever', 'performed "x"'],
    ['performed "x" ever', 'performed "x"'],
    ['performed "x" exactly 2 time in last 1 days', 'performed "x" exactly 2 times in last 1 day'],
    ['performed "x" in last 2 week', 'performed "x" in last 2 weeks'],
    ['Day since Last Activity > 1e1', 'days since last activity > 10'],
    ['hour in stage = -0', 'hours in stage = 0'],
    ['trait "plan" = "pro"', 'trait plan = "pro"'],
    ['prediction "p" > 1', 'prediction p > 1'],
    ['sum ( "revenue" ) of "x" > 1.50', 'sum(revenue) of "x" > 1.5'],
    ['trait x = "\\u0041\\/"', 'trait x = "A/"'],
    ['trait x in [ TRUE , Null ]', 'trait x in [true, null]'],
    ['((always))', 'always'],
    ['(always and always) and always', '(always and always) and always'],
    ['always or (always and always)', 'always or always and always'],
    ['not (always)', 'not always'],
    ['always # comment\nor always', 'always or always'],
    ['trait x = 0.1e1', 'trait x = 1'],
    ['trait x = 123456789012345678901234', 'trait x = 1.2345678901234569e+23'],
  ];
  for (const [text, canonical] of cases) normalises(text, canonical);
});

test('strings are JSON-quoted and names are quoted only when needed', () => {
  const trait = (name: string, value: string): Rule => ({
    kind: 'trait',
    trait: name,
    test: { op: 'eq', value },
  });
  assert.equal(printRule(trait('a.b_$1', 'x')), 'trait a.b_$1 = "x"');
  assert.equal(printRule(trait('1st', 'x')), 'trait "1st" = "x"');
  assert.equal(printRule(trait('a-b', 'x')), 'trait "a-b" = "x"');
  assert.equal(printRule(trait('x', 'say "hi"\n\\')), 'trait x = "say \\"hi\\"\\n\\\\"');
  assert.equal(printRule(trait('x', '\u0000\ud800😀')), 'trait x = "\\u0000\\ud800😀"');
  for (const value of ['say "hi"\n\\', '\u0000\ud800😀', '#', 'and']) {
    assert.deepEqual(parsed(printRule(trait('x', value))), trait('x', value));
  }
});

test('a where list that is empty prints like none', () => {
  const rule: Rule = {
    kind: 'performed',
    event: { event: 'x', where: [] },
    count: { op: 'atLeast', n: 1 },
    window: null,
  };
  assert.equal(printRule(rule), 'performed "x"');
});

test('random canonical trees survive print and parse unchanged', () => {
  const random = makeRandom(20250131);
  for (let i = 0; i < 2000; i++) {
    const rule = randomRule(random, 5);
    const text = printRule(rule);
    const result = parseRule(text);
    if (!result.ok) assert.fail(`${text}: ${result.error.message}`);
    assert.deepEqual(result.rule, rule, text);
    assert.equal(printRule(result.rule), text);
  }
});

test('the deepest tree the validator accepts prints to text the parser accepts', () => {
  let rule: Rule = { kind: 'always' };
  for (let i = 0; i < 63; i++) {
    rule =
      i % 3 === 0 ? { kind: 'not', rule } : { kind: i % 2 ? 'and' : 'or', rules: [rule, { kind: 'always' }] };
  }
  assert.equal(ruleFromJson(rule).ok, true);
  assert.deepEqual(parsed(printRule(rule)), rule);
  const deeper: Rule = { kind: 'not', rule };
  assert.equal(ruleFromJson(deeper).ok, false);
  assert.equal(parseRule(printRule(deeper)).ok, false);
});
