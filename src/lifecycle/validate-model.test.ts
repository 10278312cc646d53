import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorsOf, goodObject } from './test-documents.ts';

describe('validateModel (through modelFromDocument)', () => {
  const cases: [string, (doc: ReturnType<typeof goodObject>) => void, string, RegExp][] = [
    [
      'an unknown model field',
      (d) => Object.assign(d, { colour: 'red' }),
      'colour',
      /unknown field "colour"/,
    ],
    ['an unknown stage field', (d) => Object.assign(d.stages[1], { color: 1 }), 'stages[1].color', /unknown/],
    ['a missing model name', (d) => delete (d as Partial<typeof d>).name, 'name', /required/],
    ['an empty stage name', (d) => Object.assign(d.stages[0], { name: ' ' }), 'stages[0].name', /non-empty/],
    [
      'a key with capitals',
      (d) => Object.assign(d.stages[1], { key: 'Buyer' }),
      'stages[1].key',
      /must match/,
    ],
    [
      'a key with a dash',
      (d) => Object.assign(d.stages[1], { key: 'big-buyer' }),
      'stages[1].key',
      /must match/,
    ],
    [
      'a duplicate key',
      (d) => Object.assign(d.stages[1], { key: 'visitor' }),
      'stages[1].key',
      /duplicate.*\[0\]/,
    ],
    ['an unknown kind', (d) => Object.assign(d.stages[2], { kind: 'lost' }), 'stages[2].kind', /"lost"/],
    ['a missing kind', (d) => delete d.stages[2].kind, 'stages[2].kind', /required/],
    [
      'a second reactivation stage',
      (d) => (d.stages[2].kind = 'reactivation'),
      'stages[3].kind',
      /at most one/,
    ],
    ['a missing rule', (d) => delete d.stages[1].rule, 'stages[1].rule', /required/],
    ['a rule of the wrong type', (d) => (d.stages[1].rule = 5), 'stages[1].rule', /rule text/],
    [
      'a reference to an unknown stage',
      (d) => (d.stages[3].rule = 'stage in ["lapsed", "gone"]'),
      'stages[3].rule',
      /unknown stage "gone"/,
    ],
  ];
  for (const [what, breakIt, path, message] of cases) {
    test(`refuses ${what} at ${path}`, () => {
      const doc = goodObject();
      breakIt(doc);
      const errors = errorsOf(doc);
      assert.deepEqual(
        errors.map((e) => e.path),
        [path],
      );
      assert.match(errors[0].message, message);
    });
  }

  test('refuses a model without a lifecycle stage', () => {
    const errors = errorsOf({
      name: 'x',
      stages: [{ key: 'gone', name: 'Gone', kind: 'lapse', rule: 'always' }],
    });
    assert.deepEqual(
      errors.map((e) => e.path),
      ['stages'],
    );
  });

  test('only the first lifecycle stage may leave its rule out', () => {
    const doc = goodObject();
    doc.stages = [doc.stages[2], doc.stages[0], doc.stages[1]];
    delete doc.stages[0].rule;
    delete doc.stages[1].rule;
    assert.deepEqual(
      errorsOf(doc).map((e) => e.path),
      ['stages[0].rule'],
    );
  });
});
