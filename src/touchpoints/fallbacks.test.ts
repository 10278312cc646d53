import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snakeCase } from './fallbacks.ts';

test('snakeCase turns event names of any style into one spelling', () => {
  assert.equal(snakeCase('Order Completed'), 'order_completed');
  assert.equal(snakeCase('orderCompleted'), 'order_completed');
  assert.equal(snakeCase('order_completed'), 'order_completed');
  assert.equal(snakeCase('NPS Submitted'), 'nps_submitted');
  assert.equal(snakeCase('URLOpened'), 'url_opened');
  assert.equal(snakeCase('  Signed-Up! (v2) '), 'signed_up_v2');
  assert.equal(snakeCase('Café Visité'), 'café_visité');
  assert.equal(snakeCase('!!!'), '');
  assert.equal(snakeCase('x'.repeat(100)).length, 64);
});
