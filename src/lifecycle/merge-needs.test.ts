import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileModel } from './compile-model.ts';
import { mergeNeeds } from './merge-needs.ts';
import { modelFromDocument } from './model-document.ts';
import { DAY } from './test-context.ts';

function compile(text: string) {
  const result = modelFromDocument(text);
  if (!result.ok) assert.fail(JSON.stringify(result.errors));
  return compileModel(result.model);
}

describe('mergeNeeds and mergeReads (through compileModel)', () => {
  test('merges features across stages with the longest horizon, null only when never windowed', () => {
    const model = compile(`
name: needs
stages:
  - { key: a, name: A, kind: lifecycle, rule: 'performed "Order Completed" in last 30 days' }
  - { key: b, name: B, kind: lifecycle, rule: 'performed "Order Completed" and performed "Signed Up"' }
  - { key: c, name: C, kind: lifecycle, rule: 'performed "Order Completed" in last 2 weeks and in segment "vip"' }
  - { key: d, name: D, kind: lifecycle, rule: 'sum(revenue) of "Order Completed" >= 5 or prediction clv > 9' }
`);
    assert.deepEqual(
      model.needs.map((n) => [n.spec.event, n.property, n.horizonMs]),
      [
        ['Order Completed', null, 30 * DAY],
        ['Signed Up', null, null],
        ['Order Completed', 'revenue', null],
      ],
    );
    assert.deepEqual(model.reads, { stage: false, segments: ['vip'], predictions: ['clv'] });
  });

  test('reads the stage when any rule does, and each segment and prediction once', () => {
    const model = compile(`
name: reads
stages:
  - { key: a, name: A, kind: lifecycle, rule: 'in segment "vip" or prediction clv > 9' }
  - { key: b, name: B, kind: lifecycle, rule: 'days in stage > 3 and in segment "vip" and in segment "new"' }
`);
    assert.deepEqual(model.reads, { stage: true, segments: ['vip', 'new'], predictions: ['clv'] });
  });

  test('mergeNeeds keeps the longest window and copies rather than changes its inputs', () => {
    const key = 'k';
    const spec = { event: 'Order Completed' };
    const a = { key, spec, property: null, horizonMs: null };
    const b = { key, spec, property: null, horizonMs: 10 };
    const c = { key, spec, property: null, horizonMs: 5 };
    assert.deepEqual(mergeNeeds([[a], [b, c]]), [{ key, spec, property: null, horizonMs: 10 }]);
    assert.equal(a.horizonMs, null);
    assert.deepEqual(mergeNeeds([[a], [a]]), [a]);
  });
});
