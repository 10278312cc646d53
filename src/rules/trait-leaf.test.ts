import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject } from '../core/index.ts';
import type { Rule, TraitTest } from './ast.ts';
import { compileRule } from './compile.ts';
import { context } from './test-support.ts';
import { traitGetter } from './trait-leaf.ts';

const NOW = Date.UTC(2025, 5, 15, 12);
const trait = (path: string, t: TraitTest): Rule => ({ kind: 'trait', trait: path, test: t });
const holds = (rule: Rule, traits: JsonObject, now = NOW) => {
  const compiled = compileRule(rule);
  const ctx = context({ now, traits });
  const result = compiled.test(ctx);
  assert.equal(compiled.evaluate(ctx).passed, result, 'evaluate agrees with test');
  return result;
};

test('a trait path walks nested objects, but a literal key equal to the whole path wins', () => {
  const get = traitGetter('address.city');
  assert.equal(get({ address: { city: 'Oslo' } }), 'Oslo');
  assert.equal(get({ 'address.city': 'Bergen', address: { city: 'Oslo' } }), 'Bergen');
  assert.equal(get({ address: 'Oslo' }), undefined);
  assert.equal(get({}), undefined);
  assert.equal(traitGetter('tags.0')({ tags: ['a'] }), undefined, 'arrays are not indexed');
  assert.equal(traitGetter('toString')({}), undefined, 'inherited properties are not traits');
});

test('eq compares numbers numerically, also against numeric strings, and strings exactly', () => {
  const eq = (value: string | number | boolean) => trait('x', { op: 'eq', value });
  assert.equal(holds(eq(5), { x: 5 }), true);
  assert.equal(holds(eq(5), { x: '5.0' }), true);
  assert.equal(holds(eq('5'), { x: 5 }), true);
  assert.equal(holds(eq('5'), { x: '5.0' }), false, 'two strings compare as text');
  assert.equal(holds(eq('pro'), { x: 'Pro' }), false);
  assert.equal(holds(eq(true), { x: 'true' }), false);
  assert.equal(holds(eq(true), { x: true }), true);
  assert.equal(holds(eq(1), { x: true }), false);
  assert.equal(holds(eq('a'), { x: ['a'] }), false, 'an array equals no scalar');
});

test('a missing or null trait fails every test except != (and = null, which asks for it)', () => {
  for (const traits of [{}, { x: null }] as JsonObject[]) {
    assert.equal(holds(trait('x', { op: 'ne', value: 'pro' }), traits), true);
    assert.equal(holds(trait('x', { op: 'eq', value: 'pro' }), traits), false);
    assert.equal(holds(trait('x', { op: 'lt', value: 10 }), traits), false);
    assert.equal(holds(trait('x', { op: 'in', values: ['pro'] }), traits), false);
    assert.equal(holds(trait('x', { op: 'contains', value: '' }), traits), false);
    assert.equal(holds(trait('x', { op: 'exists' }), traits), false);
    assert.equal(holds(trait('x', { op: 'withinLast', span: { amount: 1, unit: 'years' } }), traits), false);
    assert.equal(holds(trait('x', { op: 'eq', value: null }), traits), true);
    assert.equal(holds(trait('x', { op: 'ne', value: null }), traits), false);
  }
  assert.equal(holds(trait('x', { op: 'eq', value: null }), { x: 0 }), false);
  assert.equal(holds(trait('x', { op: 'exists' }), { x: false }), true);
});

test('ordering comparisons need numbers on both sides', () => {
  const cmp = (op: 'lt' | 'lte' | 'gt' | 'gte', value: string | number) => trait('age', { op, value });
  assert.equal(holds(cmp('gte', 18), { age: 18 }), true);
  assert.equal(holds(cmp('gt', 18), { age: 18 }), false);
  assert.equal(holds(cmp('lt', 18), { age: '17.5' }), true);
  assert.equal(holds(cmp('lte', 18), { age: ' 18 ' }), true);
  assert.equal(holds(cmp('lt', 18), { age: 'young' }), false);
  assert.equal(holds(cmp('lt', 18), { age: '0x1' }), false, 'hex is not a number here');
  assert.equal(holds(cmp('lt', 18), { age: '' }), false);
  assert.equal(holds(cmp('lt', 'abc'), { age: 1 }), false);
  assert.equal(holds(cmp('lt', '20'), { age: 1 }), true);
});

test('in is eq against any of the values', () => {
  const rule = trait('plan', { op: 'in', values: ['pro', 'team', 3, '7', false] });
  assert.equal(holds(rule, { plan: 'team' }), true);
  assert.equal(holds(rule, { plan: 'free' }), false);
  assert.equal(holds(rule, { plan: '3.0' }), true);
  assert.equal(holds(rule, { plan: 7 }), true);
  assert.equal(holds(rule, { plan: false }), true);
  assert.equal(holds(rule, { plan: true }), false);
  assert.equal(holds(rule, { plan: ['pro'] }), false);
});

test('contains: a substring of a string trait or an element of an array trait', () => {
  const rule = trait('tags', { op: 'contains', value: 'vip' });
  assert.equal(holds(rule, { tags: 'a-vip-b' }), true);
  assert.equal(holds(rule, { tags: 'VIP' }), false);
  assert.equal(holds(rule, { tags: ['new', 'vip'] }), true);
  assert.equal(holds(rule, { tags: ['new', 'vips'] }), false, 'array elements must equal, not contain');
  assert.equal(holds(rule, { tags: { vip: true } }), false);
  assert.equal(holds(trait('ids', { op: 'contains', value: '42' }), { ids: [1, 42] }), true);
  assert.equal(holds(trait('n', { op: 'contains', value: '4' }), { n: 42 }), false);
});

test('facts: a trait value, arrays as JSON text, and the requirement in words', () => {
  const ctx = context({ now: NOW, traits: { plan: 'free', tags: ['a'], age: 15 } });
  const fact = (rule: Rule) => compileRule(rule).evaluate(ctx).facts[0];
  assert.deepEqual(fact(trait('plan', { op: 'eq', value: 'pro' })), {
    path: '$',
    text: 'trait plan = "pro"',
    passed: false,
    actual: 'free',
    detail: 'trait plan is "free"; needs = "pro"',
  });
  assert.equal(fact(trait('tags', { op: 'contains', value: 'b' })).actual, '["a"]');
  const age = fact(trait('age', { op: 'gte', value: 18 }));
  assert.equal(age.shortBy, 3);
  assert.equal(age.detail, 'trait age is 15; needs >= 18');
  const missing = fact(trait('email', { op: 'exists' }));
  assert.equal(missing.actual, null);
  assert.equal(missing.detail, 'trait email is missing; needs exists');
  assert.equal(fact(trait('plan', { op: 'ne', value: 'pro' })).shortBy, undefined);
});
