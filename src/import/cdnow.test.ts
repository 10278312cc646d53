import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cdnowRows } from './cdnow.ts';
import type { ParsedRow } from './parsed-row.ts';

async function rows(lines: string[]): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  for await (const row of cdnowRows(lines)) out.push(row);
  return out;
}

test('master rows after the header become Order Completed events at 00:00 UTC', async () => {
  const out = await rows([' customer_id  date number_of_cds  dollar_value', ' 00001 19970101  1   11.77']);
  assert.deepEqual(out, [
    {
      line: 2,
      message: {
        type: 'track',
        event: 'Order Completed',
        userId: '1',
        messageId: 'cdnow-1-19970101-1',
        timestamp: '1997-01-01T00:00:00.000Z',
        properties: { revenue: 11.77, quantity: 1, currency: 'USD' },
      },
    },
  ]);
});

test('sample rows use the master id; repeats on one day are numbered as in the master file', async () => {
  const sample = await rows([' 00004 0001 19971212  2   26.48', ' 00004 0001 19971212  2   26.48']);
  const master = await rows([' 00004 19971212  2   26.48', ' 00004 19971212  2   26.48']);
  const ids = (r: ParsedRow[]) => r.map((x) => (x as { message: { messageId: string } }).message.messageId);
  assert.deepEqual(ids(sample), ['cdnow-4-19971212-1', 'cdnow-4-19971212-2']);
  assert.deepEqual(ids(master), ids(sample));
  assert.deepEqual(
    sample.map((x) => (x as { message: unknown }).message),
    master.map((x) => (x as { message: unknown }).message),
  );
});

test('bad rows are errors with their line; a header only counts on the first line', async () => {
  const out = await rows([
    '',
    '00001 19970101 1 11.77',
    'customer_id date number_of_cds dollar_value',
    '00002 19970230 1 1.00',
    '00003 19970101 one 1.00',
    '00004 19970101 1 $1',
    '00000 19970101 1 1',
    '1 2',
    '00005 19980630 3 0.00',
  ]);
  const errors = out.filter((r) => 'error' in r).map((r) => [r.line, (r as { error: string }).error]);
  assert.deepEqual(
    errors.map(([line]) => line),
    [3, 4, 5, 6, 7, 8],
  );
  assert.match(String(errors[0][1]), /customer id "customer_id"/);
  assert.match(String(errors[1][1]), /date "19970230"/);
  assert.match(String(errors[2][1]), /CDs "one"/);
  assert.match(String(errors[3][1]), /dollar value "\$1"/);
  assert.match(String(errors[5][1]), /^2 columns/);
  const good = out.filter((r) => !('error' in r)).map((r) => r.line);
  assert.deepEqual(good, [2, 9]);
});
