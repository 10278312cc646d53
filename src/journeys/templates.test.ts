import assert from 'node:assert/strict';
import { test } from 'node:test';
import { journeyFromDocument, journeyToDocument } from './journey-document.ts';
import { describeTrigger, loadTemplate, TEMPLATE_KEYS } from './templates.ts';

test('every ready-made journey reads, prints back to itself, and names its trigger', () => {
  for (const key of TEMPLATE_KEYS) {
    const j = loadTemplate(key);
    assert.equal(j.key, key, `${key}.yaml carries its own key`);
    const again = journeyFromDocument(journeyToDocument(j));
    assert.ok(again.ok, `${key}: ${JSON.stringify(!again.ok && again.errors)}`);
    assert.deepEqual(again.journey, j);
    assert.ok(describeTrigger(j).length > 5);
  }
  assert.throws(() => loadTemplate('nope'), /unknown journey template "nope"; templates: welcome, /);
});
