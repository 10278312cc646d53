import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminApi } from '../../testing/index.ts';

const START = Date.parse('2026-03-10T00:00:00Z');

test('spend imports from CSV, replaces on re-import, lists in JSON and CSV, each workspace apart', async (t) => {
  const { call, otherSecret } = await adminApi(t, START);
  const csv = (body: string, key?: string) =>
    call('POST', '/api/v1/analytics/spend', body, { 'content-type': 'text/csv' }, key);
  const file =
    'date,channel,campaign,amount,clicks\n2026-03-01,paid_search,spring,100,10\n2026-03-02,paid_social,,50,\nbad,x,,1,\n';
  const first = await csv(file);
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual(first.json(), {
    inserted: 2,
    replaced: 0,
    errors: [{ line: 4, message: 'date "bad" is not a YYYY-MM-DD day' }],
  });
  const again = await csv('date,channel,campaign,amount\n2026-03-01,paid_search,spring,120\n');
  assert.deepEqual(again.json(), { inserted: 0, replaced: 1, errors: [] });

  const list = await call('GET', '/api/v1/analytics/spend?from=2026-03-01&to=2026-03-03');
  assert.equal(list.statusCode, 200, list.body);
  assert.deepEqual(list.json().byChannel, [
    { channel: 'paid_search', amount: 120 },
    { channel: 'paid_social', amount: 50 },
  ]);
  assert.equal(list.json().total, 170);
  const exported = await call('GET', '/api/v1/analytics/spend?from=2026-03-01&to=2026-03-03&format=csv');
  assert.match(String(exported.headers['content-type']), /^text\/csv/);
  assert.equal(
    exported.body,
    'day,channel,campaign,amount,impressions,clicks\r\n2026-03-01,paid_search,spring,120,,\r\n2026-03-02,paid_social,,50,,\r\n',
  );

  const theirs = await call(
    'GET',
    '/api/v1/analytics/spend?from=2026-03-01&to=2026-03-03',
    undefined,
    {},
    otherSecret,
  );
  assert.equal(theirs.json().total, 0);
  const refused = await csv('date,channel\n2026-03-01,x\n');
  assert.equal(refused.statusCode, 400);
  assert.match(refused.json().error.message, /no amount column/);
  const backwards = await call('GET', '/api/v1/analytics/spend?from=2026-03-05&to=2026-03-01');
  assert.equal(backwards.statusCode, 400);
  const unknown = await call('GET', '/api/v1/analytics/spend?since=2026-03-01');
  assert.equal(unknown.statusCode, 400);
  const unauthorised = await call('GET', '/api/v1/analytics/spend', undefined, {}, 'nope');
  assert.equal(unauthorised.statusCode, 401);
});
