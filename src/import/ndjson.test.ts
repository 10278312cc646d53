import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ndjsonRows } from './ndjson.ts';
import type { ParsedRow } from './parsed-row.ts';

async function rows(lines: string[]): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  for await (const row of ndjsonRows(lines)) out.push(row);
  return out;
}

test('lines become messages numbered by line; blank lines are skipped, bad JSON is an error', async () => {
  const out = await rows([
    '{"type":"track","userId":"u1","event":"A","messageId":"m1"}',
    '',
    '   ',
    '{"type":"track",',
    '  [1, 2]  ',
  ]);
  assert.deepEqual(out[0], {
    line: 1,
    message: { type: 'track', userId: 'u1', event: 'A', messageId: 'm1' },
  });
  assert.equal(out[1].line, 4);
  assert.match((out[1] as { error: string }).error, /^not valid JSON: /);
  assert.deepEqual(out[2], { line: 5, message: [1, 2] });
  assert.equal(out.length, 3);
});

test('a message without a messageId gets one from its line, the same on every run', async () => {
  const line = '{"type":"identify","userId":"u1","traits":{"plan":"pro"}}';
  const [a] = await rows([line]);
  const [b] = await rows(['', `  ${line}`]);
  const [c] = await rows(['{"type":"identify","userId":"u1","traits":{"plan":"free"}}']);
  const [d] = await rows(['{"type":"identify","userId":"u1","messageId":null}']);
  const id = (r: ParsedRow) => (r as { message: { messageId: string } }).message.messageId;
  assert.match(id(a), /^import-[0-9a-f]{64}$/);
  assert.equal(id(a), id(b));
  assert.notEqual(id(a), id(c));
  assert.match(id(d), /^import-/);
});
