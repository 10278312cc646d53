import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRows, csvValue } from './csv.ts';
import { ImportError } from './import-error.ts';
import type { ParsedRow } from './parsed-row.ts';

async function rows(lines: string[]): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  for await (const row of csvRows(lines)) out.push(row);
  return out;
}

const message = (row: ParsedRow) => (row as { message: Record<string, unknown> }).message;

test('each row becomes an identify: the id column is the userId, the other columns typed traits', async () => {
  const [row] = await rows([
    'Email,user_id,name,age,score,vip,zip,phone,note,big',
    'Ann@Example.com ,u1,Ann,42,-3.5e2,TRUE,01234,+4470,"1,5",12345678901234567890',
  ]);
  assert.equal(row.line, 2);
  const m = message(row);
  assert.equal(m.type, 'identify');
  assert.equal(m.userId, 'u1');
  assert.equal(m.anonymousId, undefined);
  assert.deepEqual(m.traits, {
    Email: 'Ann@Example.com',
    name: 'Ann',
    age: 42,
    score: -350,
    vip: true,
    zip: '01234',
    phone: '+4470',
    note: '1,5',
    big: '12345678901234567890',
  });
  assert.match(m.messageId as string, /^import-[0-9a-f]{64}$/);
});

test('userId beats user_id beats id; the others stay traits', async () => {
  const [row] = await rows(['id,USER_ID,userid', 'a,b,c']);
  assert.equal(message(row).userId, 'c');
  assert.deepEqual(message(row).traits, { id: 'a', USER_ID: 'b' });
  const [byId] = await rows(['ID,plan', '7,pro']);
  assert.equal(message(byId).userId, '7');
  assert.deepEqual(message(byId).traits, { plan: 'pro' });
});

test('empty cells are left out; a row with no id but an email is keyed by the address', async () => {
  const [row] = await rows(['id,email,plan,active', ', Bo@X.org,,false']);
  const m = message(row);
  assert.equal(m.userId, undefined);
  assert.equal(m.anonymousId, 'bo@x.org');
  assert.deepEqual(m.traits, { email: 'Bo@X.org', active: false });
});

test('a row with neither id nor email still comes out, for validation to reject', async () => {
  const [row] = await rows(['id,plan', ',pro']);
  assert.equal(message(row).userId, undefined);
  assert.equal(message(row).anonymousId, undefined);
});

test('rows with the wrong number of fields are errors at their first line; the rest come through', async () => {
  const out = await rows(['id,name', '1,"Ann', 'Lee",x', '2,Bob', '3']);
  assert.deepEqual(
    out.map((r) => ('error' in r ? [r.line, r.error] : [r.line, message(r).userId])),
    [
      [2, '3 fields where the header has 2'],
      [4, '2'],
      [5, '1 fields where the header has 2'],
    ],
  );
});

test('malformed records and an unterminated quote at the end are reported by line', async () => {
  const out = await rows(['id,name', '1,"a"b', '2,ok', '3,"open']);
  assert.deepEqual(
    out.map((r) => r.line),
    [2, 3, 4],
  );
  assert.ok('error' in out[0] && 'error' in out[2] && !('error' in out[1]));
  assert.match((out[2] as { error: string }).error, /unterminated/);
});

test('the messageId follows the content: same row same id, another row another id', async () => {
  const out = await rows(['id,plan', '1,pro', '1,pro', '1,free']);
  const ids = out.map((r) => message(r).messageId);
  assert.equal(ids[0], ids[1]);
  assert.notEqual(ids[0], ids[2]);
  const again = await rows(['id,plan', '', '1,pro']);
  assert.equal(message(again[0]).messageId, ids[0]);
});

test('an unusable header stops the import', async () => {
  await assert.rejects(rows(['id,name,name', '1,a,b']), (e: Error) => {
    assert.ok(e instanceof ImportError);
    assert.match(e.message, /line 1: CSV header names "name" twice/);
    return true;
  });
  await assert.rejects(
    rows(['', '"id"x,y', '1,2']),
    /line 2: CSV header: field 1: "x" after a closing quote/,
  );
});

test('csvValue types plain decimals and booleans only', () => {
  assert.equal(csvValue('0'), 0);
  assert.equal(csvValue('0.5'), 0.5);
  assert.equal(csvValue('-12'), -12);
  assert.equal(csvValue('False'), false);
  for (const text of ['00', '.5', '1.', '1,000', ' 1', '0x10', 'Infinity', 'NaN', '1e999', 'yes', '']) {
    assert.equal(csvValue(text), text, text);
  }
});
