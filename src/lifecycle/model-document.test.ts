import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { modelToDocument } from './model-document.ts';
import { errorsOf, GOOD, goodObject, modelOf } from './test-documents.ts';

describe('modelFromDocument', () => {
  test('reads YAML, with the first lifecycle stage defaulting to always', () => {
    const model = modelOf(GOOD);
    assert.equal(model.name, 'shop');
    assert.equal(model.description, 'A small shop.');
    assert.deepEqual(
      model.stages.map((s) => [s.key, s.kind]),
      [
        ['visitor', 'lifecycle'],
        ['buyer', 'lifecycle'],
        ['lapsed', 'lapse'],
        ['back', 'reactivation'],
      ],
    );
    assert.deepEqual(model.stages[0].rule, { kind: 'always' });
    assert.equal('description' in model.stages[0], false);
    assert.equal(model.stages[1].description, 'Bought once.');
    assert.deepEqual(model.stages[1].rule, {
      kind: 'performed',
      event: { event: 'Order Completed' },
      count: { op: 'atLeast', n: 1 },
      window: null,
    });
  });

  test('reads JSON text and parsed objects, with rules as text or node trees', () => {
    const doc = {
      name: 'json',
      stages: [
        { key: 'a', name: 'A', kind: 'lifecycle', rule: 'always' },
        { key: 'b', name: 'B', kind: 'lifecycle', rule: { kind: 'segment', segment: 'vip' } },
      ],
    };
    const fromText = modelOf(JSON.stringify(doc), 'json');
    assert.deepEqual(fromText.stages[1].rule, { kind: 'segment', segment: 'vip' });
    assert.deepEqual(modelOf(doc), fromText);
  });

  test('json format refuses YAML and reports where the JSON broke', () => {
    const [error] = errorsOf('{\n  "name": "x",\n  oops\n}', 'json');
    assert.equal(error.path, '');
    assert.match(error.message, /JSON/);
    assert.equal(error.line, 3);
  });

  test('reports YAML syntax errors with their line', () => {
    const errors = errorsOf('name: x\nstages:\n  - key: a\n   name: "unterminated\n');
    assert.ok(errors.length >= 1);
    assert.match(errors[0].message, /YAML syntax error/);
    assert.ok(errors[0].line !== undefined && errors[0].line >= 3, `line ${errors[0].line}`);
  });

  test('reports a rule syntax error at its stage, with the position in the rule and what was expected', () => {
    const text = GOOD.replace('days since last activity >= 90', 'days since last activity >= ninety');
    const [error, ...more] = errorsOf(text);
    assert.deepEqual(more, []);
    assert.equal(error.path, 'stages[2].rule');
    // The position of the bad token inside the rule text, and in the document where the rule is.
    assert.equal(error.message, 'rule text line 1, column 61: expected a number after ">=", found "ninety"');
    assert.equal(error.line, 16);
  });

  test('reports a rule node tree error with the path inside the tree', () => {
    const doc = goodObject();
    doc.stages[1].rule = { kind: 'and', rules: [{ kind: 'always' }, { kind: 'segment' }] };
    const [error] = errorsOf(doc);
    assert.match(error.path, /^stages\[1\]\.rule\.rules\[1\]/);
  });

  test('refuses documents that are not a mapping with stages', () => {
    assert.equal(errorsOf('- a\n- b\n')[0].path, '');
    assert.deepEqual(
      errorsOf({ name: 'x', stages: [] }).map((e) => e.path),
      ['stages'],
    );
  });

  test('reports every error at once, located in the YAML text', () => {
    const text = GOOD.replace('key: buyer', 'key: Buyer')
      .replace('kind: lapse', 'kind: lost')
      .replace('name: Back', 'name: Back\n    colour: red');
    const errors = errorsOf(text);
    assert.deepEqual(
      errors.map((e) => [e.path, e.line]),
      [
        ['stages[1].key', 8],
        ['stages[2].kind', 15],
        ['stages[3].colour', 19],
      ],
    );
  });
});

describe('modelToDocument', () => {
  test('prints YAML that reads back to the same model', () => {
    const model = modelOf(GOOD);
    const text = modelToDocument(model);
    assert.match(text, /rule: performed "Order Completed"/);
    assert.deepEqual(modelOf(text), model);
  });

  test('keeps every rule form through the round trip', () => {
    const rules = [
      'trait plan in ["pro", "team"] and not trait email exists',
      'performed "Order Completed" [revenue >= 100] at least 2 times in last 365 days',
      'sum(revenue) of "Order Completed" in last 365 days >= 500 or prediction p_alive < 0.3',
      'days since first "Signed Up" <= 14 and trait birthday anniversary within 7 days',
      'in segment "vip" or (stage != "a" and days in stage < 30)',
    ];
    const model = modelOf({
      name: 'forms',
      stages: rules.map((rule, i) => ({
        key: i === 0 ? 'a' : `s${i}`,
        name: `S${i}`,
        kind: 'lifecycle',
        rule,
      })),
    });
    assert.deepEqual(modelOf(modelToDocument(model)), model);
  });
});
