import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminApi } from '../../testing/index.ts';

const T = Date.parse('2026-03-01T00:00:00Z');

test('customers by stage: only that stage, newest first, every one once across cursor pages', async (t) => {
  const { call, send, engine } = await adminApi(t, T);
  assert.equal((await call('PUT', '/api/v1/lifecycle', { preset: 'clm-5' })).statusCode, 200);
  for (const id of ['a', 'b', 'c', 'd', 'e']) await send('identify', { userId: id });
  for (const id of ['b', 'd'])
    await send('track', { userId: id, event: 'Order Completed', properties: { revenue: 10 } });
  await engine.runUntilIdle();
  const all = (await call('GET', '/api/v1/customers?limit=100')).json().items as {
    userId: string;
    stage: { key: string };
  }[];
  const stageOf = new Map(all.map((c) => [c.userId, c.stage.key]));
  const buyers = stageOf.get('b')!;
  assert.notEqual(buyers, stageOf.get('a'), 'a purchase moved b and d on');

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/customers?stage=${buyers}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
    const page: { items: { userId: string }[]; next: string | null } = (await call('GET', url)).json();
    seen.push(...page.items.map((c: { userId: string }) => c.userId));
    cursor = page.next;
  } while (cursor);
  assert.deepEqual(seen, ['d', 'b']);
  assert.deepEqual((await call('GET', '/api/v1/customers?stage=nowhere')).json().items, []);
});

test("a customer's segments: those whose rule they meet now, by key and name", async (t) => {
  const { call, send, engine } = await adminApi(t, T);
  await call('PUT', '/api/v1/lifecycle', { preset: 'clm-5' });
  await call('POST', '/api/v1/segments', {
    key: 'buyers',
    name: 'Buyers',
    rule: 'performed "Order Completed" at least 1 times',
  });
  await call('POST', '/api/v1/segments', { key: 'everyone', name: 'Everyone', rule: 'always' });
  await send('identify', { userId: 'a' });
  await send('track', { userId: 'b', event: 'Order Completed', properties: { revenue: 10 } });
  await engine.runUntilIdle();
  const id = async (userId: string) =>
    (await call('GET', `/api/v1/customers?userId=${userId}`)).json().items[0].id;
  const keys = async (userId: string) =>
    (await call('GET', `/api/v1/customers/${await id(userId)}/segments`))
      .json()
      .items.map((s: { key: string }) => s.key);
  assert.deepEqual(await keys('a'), ['everyone']);
  assert.deepEqual((await keys('b')).toSorted(), ['buyers', 'everyone']);
  assert.equal((await call('GET', '/api/v1/customers/999999/segments')).statusCode, 404);
});
