import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSpend, spendDay } from './spend.ts';

const D1 = Date.UTC(2026, 2, 1);
const D2 = Date.UTC(2026, 2, 2);

test('reads spend rows in any column order and case, adding up rows of the same day, channel and campaign', () => {
  const { rows, errors } = parseSpend([
    'Campaign,Cost,Date,Channel,Impressions,Clicks',
    'spring,100.50,2026-03-01,paid_search,1000,40',
    'spring,19.50,2026-03-01,paid_search,500,',
    ',30,20260302,paid_social,,',
    '"brand, search",5,2026-03-02,paid_search,,',
  ]);
  assert.deepEqual(errors, []);
  assert.deepEqual(rows, [
    { day: D1, channel: 'paid_search', campaign: 'spring', amount: 120, impressions: 1500, clicks: 40 },
    { day: D2, channel: 'paid_social', campaign: '', amount: 30, impressions: null, clicks: null },
    {
      day: D2,
      channel: 'paid_search',
      campaign: 'brand, search',
      amount: 5,
      impressions: null,
      clicks: null,
    },
  ]);
});

test('reports each bad row by line and keeps the good ones', () => {
  const { rows, errors } = parseSpend([
    'date,channel,amount,clicks',
    '2026-02-30,a,1,',
    '2026-03-01,,1,',
    '2026-03-01,a,-5,',
    '2026-03-01,a,$5,',
    '2026-03-01,a,1,2.5',
    '2026-03-01,a,7,',
    '2026-03-01,"a,1,',
  ]);
  assert.deepEqual(rows, [
    { day: D1, channel: 'a', campaign: '', amount: 7, impressions: null, clicks: null },
  ]);
  assert.deepEqual(
    errors.map((e) => e.line),
    [2, 3, 4, 5, 6, 8],
  );
  assert.match(errors[0]!.message, /not a YYYY-MM-DD day/);
  assert.match(errors[1]!.message, /channel is empty/);
  assert.match(errors[2]!.message, /non-negative decimal/);
  assert.match(errors[4]!.message, /clicks "2.5" is not a whole number/);
});

test('refuses a file without the columns it needs, or without a header', () => {
  assert.deepEqual(parseSpend(['day,cost', '2026-03-01,5']).errors, [
    { line: 1, message: 'the header has no channel column' },
  ]);
  assert.deepEqual(parseSpend([]).errors, [{ line: 1, message: 'the file is empty: it needs a header row' }]);
});

test('days are real UTC calendar days', () => {
  assert.equal(spendDay('2024-02-29'), Date.UTC(2024, 1, 29));
  assert.equal(spendDay('2025-02-29'), null);
  assert.equal(spendDay('2026-13-01'), null);
  assert.equal(spendDay('March 1'), null);
});
