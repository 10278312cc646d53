import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CompiledModel, compileModel } from './compile-model.ts';
import type { LifecycleModel } from './model.ts';
import { modelFromDocument } from './model-document.ts';
import { DAY, type TestCustomer, type TestEvent, testContext } from './test-context.ts';
import { stageAt, walk } from './test-walk.ts';

const SHOP = `
name: shop
stages:
  - { key: visitor, name: Visitor, kind: lifecycle, rule: 'performed "$page"' }
  - { key: lead, name: Lead, kind: lifecycle, rule: trait email exists }
  - { key: buyer, name: Buyer, kind: lifecycle, rule: 'performed "Order Completed"' }
  - key: loyal
    name: Loyal
    kind: lifecycle
    rule: performed "Order Completed" at least 5 times in last 365 days and not in segment "blocked"
  - key: churned
    name: Churned
    kind: lapse
    rule: performed "Order Completed" and days since last activity >= 180
  - key: at_risk
    name: At risk
    kind: lapse
    rule: performed "Order Completed" and days since last activity >= 90
  - key: reactivated
    name: Reactivated
    kind: reactivation
    rule: stage in ["at_risk", "churned"] or (stage = "reactivated" and days in stage < 30)
`;

function load(text: string): LifecycleModel {
  const result = modelFromDocument(text);
  if (!result.ok) assert.fail(JSON.stringify(result.errors));
  return result.model;
}

const shop = compileModel(load(SHOP));
const T0 = Date.UTC(2025, 0, 1);
const order = (day: number): TestEvent => ({ event: 'Order Completed', t: T0 + day * DAY });
const page = (day: number): TestEvent => ({ event: '$page', t: T0 + day * DAY, properties: { path: '/' } });

function decideAt(model: CompiledModel, day: number, customer: TestCustomer) {
  return model.decide(testContext(T0 + day * DAY, model.needs, customer));
}

describe('compileModel policy', () => {
  test('checks lapse states, then reactivation, then lifecycle stages from the last listed', () => {
    assert.deepEqual(
      shop.order.map((s) => s.key),
      ['churned', 'at_risk', 'reactivated', 'loyal', 'buyer', 'lead', 'visitor'],
    );
    assert.equal(shop.fallback.key, 'visitor');
  });

  test('falls back to the first lifecycle stage with an empty passed evaluation when no rule holds', () => {
    const decision = decideAt(shop, 0, {});
    assert.deepEqual(decision, { stage: 'visitor', evaluation: { passed: true, facts: [] }, checked: 7 });
  });

  test('takes the furthest lifecycle stage whose rule holds, evaluating only the winner', () => {
    const decision = decideAt(shop, 1, { events: [page(0), order(0)], traits: { email: 'a@b.c' } });
    assert.equal(decision.stage, 'buyer');
    assert.equal(decision.checked, 5);
    assert.equal(decision.evaluation.passed, true);
    assert.deepEqual(
      decision.evaluation.facts.map((f) => [f.text, f.actual]),
      [['performed "Order Completed"', 1]],
    );
    assert.equal(decideAt(shop, 1, { events: [page(0)], traits: { email: 'a@b.c' } }).stage, 'lead');
    assert.equal(decideAt(shop, 1, { events: [page(0)] }).stage, 'visitor');
  });

  test('a lapse state beats any lifecycle stage, the deepest first', () => {
    const loyal = { events: [0, 10, 20, 30, 40].map(order) };
    assert.equal(decideAt(shop, 41, loyal).stage, 'loyal');
    assert.equal(decideAt(shop, 130, loyal).stage, 'at_risk');
    assert.equal(decideAt(shop, 220, loyal).stage, 'churned');
    // Someone who never bought cannot lapse.
    assert.equal(decideAt(shop, 400, { events: [page(0)] }).stage, 'visitor');
  });

  test('reactivation is entered from a lapse and left 30 days later, when nextChange says so', () => {
    const customer = { events: [order(0), order(200)] };
    const back = decideAt(shop, 200, { ...customer, stage: 'churned', stageSince: T0 + 180 * DAY });
    assert.equal(back.stage, 'reactivated');
    const entered = { ...customer, stage: 'reactivated', stageSince: T0 + 200 * DAY };
    assert.equal(decideAt(shop, 229, entered).stage, 'reactivated');
    // The next moment any rule can change is the end of the 30 days in reactivated.
    const next = shop.nextChange(testContext(T0 + 200 * DAY, shop.needs, entered));
    assert.equal(next, T0 + 230 * DAY);
    assert.equal(shop.decide(testContext(next!, shop.needs, entered)).stage, 'buyer');
    // Without a lapse before it, the same comeback is just a purchase.
    assert.equal(decideAt(shop, 200, { ...customer, stage: 'buyer', stageSince: T0 }).stage, 'buyer');
  });

  test('a walk moves backward when a rule stops holding, at the moment nextChange names', () => {
    const pages = Array.from({ length: 15 }, (_, i) => page(i * 30));
    const moves = walk(shop, { events: [...pages, ...[0, 10, 20, 30, 40].map(order)] }, T0 + 420 * DAY);
    assert.deepEqual(
      moves.map((m) => [(m.at - T0) / DAY, m.stage]),
      [
        [0, 'buyer'],
        [40, 'loyal'],
        [365, 'buyer'],
      ],
    );
    assert.equal(stageAt(moves, T0 + 364 * DAY), 'loyal');
  });

  test('a walk through lapse and comeback', () => {
    const moves = walk(shop, { events: [order(0), order(200)] }, T0 + 300 * DAY);
    assert.deepEqual(
      moves.map((m) => [(m.at - T0) / DAY, m.stage]),
      [
        [0, 'buyer'],
        [90, 'at_risk'],
        [180, 'churned'],
        [200, 'reactivated'],
        [230, 'buyer'],
        [290, 'at_risk'],
      ],
    );
  });
});

describe('compileModel explain', () => {
  test('gives the winning facts and, for every stage checked before it, the facts that failed', () => {
    const customer = { events: [order(300), order(320), order(340)], traits: { email: 'a@b.c' } };
    const explanation = shop.explain(testContext(T0 + 341 * DAY, shop.needs, customer));
    assert.equal(explanation.stage, 'buyer');
    assert.deepEqual(
      explanation.why.map((f) => [f.text, f.passed]),
      [['performed "Order Completed"', true]],
    );
    assert.deepEqual(
      explanation.above.map((a) => [a.stage, a.name]),
      [
        ['churned', 'Churned'],
        ['at_risk', 'At risk'],
        ['reactivated', 'Reactivated'],
        ['loyal', 'Loyal'],
      ],
    );
    // The passed half of an `and` is no reason to stay out; the failed half is.
    assert.deepEqual(
      explanation.above[0].failed.map((f) => f.text),
      ['days since last activity >= 180'],
    );
    const [loyal] = explanation.above[3].failed;
    assert.equal(loyal.text, 'performed "Order Completed" at least 5 times in last 365 days');
    assert.equal(loyal.actual, 3);
    assert.equal(loyal.shortBy, 2);
    assert.match(loyal.detail, /3 times.*needs at least 5/);
    assert.equal(explanation.above[2].failed.length, 3);
  });

  test('a leaf that holds under not is the reason a rule failed', () => {
    const customer = { events: [0, 1, 2, 3, 4].map(order), segments: ['blocked'] };
    const explanation = shop.explain(testContext(T0 + 5 * DAY, shop.needs, customer));
    assert.equal(explanation.stage, 'buyer');
    assert.deepEqual(
      explanation.above[3].failed.map((f) => [f.text, f.passed]),
      [['in segment "blocked"', true]],
    );
  });

  test('the fallback has no facts of its own and lists every stage above', () => {
    const explanation = shop.explain(testContext(T0, shop.needs, {}));
    assert.equal(explanation.stage, 'visitor');
    assert.deepEqual(explanation.why, []);
    assert.equal(explanation.above.length, 7);
    assert.deepEqual(explanation.above[6].failed[0].text, 'performed "$page"');
  });

  test('agrees with decide', () => {
    for (const day of [0, 5, 100, 200, 400]) {
      const customer = { events: [order(0), page(3)], traits: { email: 'x@y.z' } };
      const ctx = testContext(T0 + day * DAY, shop.needs, customer);
      assert.equal(shop.explain(ctx).stage, shop.decide(ctx).stage, `day ${day}`);
    }
  });
});

describe('compileModel checks', () => {
  test('refuses a model without a lifecycle stage', () => {
    assert.throws(
      () =>
        compileModel({
          name: 'x',
          stages: [{ key: 'a', name: 'A', kind: 'lapse', rule: { kind: 'always' } }],
        }),
      /no lifecycle stage/,
    );
  });
});
