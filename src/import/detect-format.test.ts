import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFormat } from './detect-format.ts';

test('the extension decides first, then the first line', () => {
  assert.equal(detectFormat('a.NDJSON', 'x'), 'ndjson');
  assert.equal(detectFormat('a.jsonl', ''), 'ndjson');
  assert.equal(detectFormat('a.csv', '{"type":"track"}'), 'csv');
  assert.equal(detectFormat('dump.txt', ' {"type":"track"}'), 'ndjson');
  assert.equal(detectFormat('CDNOW_master.txt', ' customer_id  date number_of_cds  dollar_value'), 'cdnow');
  assert.equal(detectFormat('x.txt', ' 00001 19970101  1   11.77'), 'cdnow');
  assert.equal(detectFormat('x.dat', ' 00004 0001 19970101  2   29.33'), 'cdnow');
  assert.equal(detectFormat('customers', 'id,email'), 'csv');
  assert.equal(detectFormat('notes.txt', 'hello world'), null);
});
