import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { DAY } from '../../core/index.ts';
import { adminApi } from '../../testing/index.ts';

const T = Date.parse('2026-03-01T10:00:00Z');

async function setup(t: TestContext) {
  const { call, send, ...api } = await adminApi(t, T);
  const track = (userId: string, event: string) => send('track', { userId, event, properties: {} });
  const customer = async (userId: string) =>
    (await call('GET', `/api/v1/customers?userId=${userId}`)).json().items[0];
  const size = async (key: string) => (await call('GET', `/api/v1/segments/${key}`)).json().size;
  return { ...api, call, send, track, customer, size };
}

const names = (events: { name: string; properties?: { segment?: string } }[]) =>
  events.filter((e) => e.name?.startsWith('Segment')).map((e) => `${e.name} ${e.properties?.segment}`);

test('rule segments fill for existing customers, follow new events and time, with exact size, growth and previews', async (t) => {
  const { clock, engine, call, track, customer, size } = await setup(t);
  for (const user of ['ann', 'bob', 'cat']) await track(user, 'Order Completed');
  await track('dan', 'Product Viewed');
  await engine.runUntilIdle();

  const created = await call('POST', '/api/v1/segments', {
    key: 'recent_buyers',
    name: 'Recent buyers',
    rule: 'performed "Order Completed" in last 7 days',
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.headers.location, '/api/v1/segments/recent_buyers');
  assert.equal(created.json().size, 0, 'the engine has not run yet');
  assert.equal(created.json().rule, 'performed "Order Completed" in last 7 days');
  assert.equal(created.json().ruleJson.kind, 'performed');

  // The recompute the creation started fills the segment for the customers there already are.
  await engine.runUntilIdle();
  assert.equal(await size('recent_buyers'), 3);
  const ann = await customer('ann');
  const timeline = (await call('GET', `/api/v1/customers/${ann.id}/events`)).json().items;
  assert.deepEqual(names(timeline), ['Segment Entered recent_buyers']);

  // A new event moves a customer in.
  clock.advance(2 * DAY);
  await track('dan', 'Order Completed');
  await engine.runUntilIdle();
  assert.equal(await size('recent_buyers'), 4);
  const dan = await customer('dan');
  const danTimeline = (await call('GET', `/api/v1/customers/${dan.id}/events`)).json().items;
  assert.deepEqual(names(danTimeline), ['Segment Entered recent_buyers']);

  // The member preview pages in customer id order.
  const first = (await call('GET', '/api/v1/segments/recent_buyers/members?limit=3')).json();
  assert.deepEqual(
    first.items.map((m: { userId: string }) => m.userId),
    ['ann', 'bob', 'cat'],
  );
  assert.equal(first.items[0].since, new Date(T).toISOString());
  const rest = (
    await call('GET', `/api/v1/segments/recent_buyers/members?limit=3&cursor=${first.next}`)
  ).json();
  assert.deepEqual(rest, {
    items: [{ customerId: dan.id, userId: 'dan', email: null, since: new Date(T + 2 * DAY).toISOString() }],
    next: null,
  });

  // Time alone: a week after their purchase, ann, bob and cat leave with no event at all.
  clock.advance(6 * DAY);
  await engine.runUntilIdle();
  assert.equal(await size('recent_buyers'), 1);
  const annAfter = (await call('GET', `/api/v1/customers/${ann.id}/events`)).json().items;
  assert.deepEqual(names(annAfter), ['Segment Exited recent_buyers', 'Segment Entered recent_buyers']);
  const list = (await call('GET', '/api/v1/segments')).json();
  assert.deepEqual(
    list.items.map((s: { key: string; kind: string; size: number }) => [s.key, s.kind, s.size]),
    [['recent_buyers', 'rule', 1]],
  );

  const growth = await call('GET', '/api/v1/segments/recent_buyers/growth?from=2026-02-28&to=2026-03-09');
  assert.equal(growth.statusCode, 200, growth.body);
  const days = growth
    .json()
    .days.map((d: { date: string; entered: number; exited: number; size: number }) =>
      [d.date.slice(5), d.entered, d.exited, d.size].join(' '),
    );
  assert.deepEqual(days, [
    '02-28 0 0 0',
    '03-01 3 0 3',
    '03-02 0 0 3',
    '03-03 1 0 4',
    '03-04 0 0 4',
    '03-05 0 0 4',
    '03-06 0 0 4',
    '03-07 0 0 4',
    '03-08 0 3 1',
    '03-09 0 0 1',
  ]);
  const recent = (await call('GET', '/api/v1/segments/recent_buyers/growth')).json();
  assert.deepEqual([recent.from, recent.to, recent.days.length], ['2026-02-08', '2026-03-09', 30]);
});

test('a static list uploaded by userIds, emails, ids or CSV is what lifecycle and segment rules see', async (t) => {
  const { engine, call, send, track, customer, size, store, ws } = await setup(t);
  await track('ann', 'Order Completed');
  await track('bob', 'Order Completed');
  await send('identify', { userId: 'cat', traits: { email: 'Cat@Example.com' } });
  await track('dan', 'Product Viewed');
  await engine.runUntilIdle();

  const vip = await call('POST', '/api/v1/segments', { key: 'vip', name: 'VIP', kind: 'static' });
  assert.equal(vip.statusCode, 201, vip.body);
  assert.deepEqual([vip.json().kind, vip.json().rule, vip.json().ruleJson], ['static', null, null]);

  const upload = await call('POST', '/api/v1/segments/vip/members', {
    userIds: ['ann', 'bob', 'nobody'],
    emails: [' CAT@example.com', 'not-an-email'],
  });
  assert.equal(upload.statusCode, 200, upload.body);
  assert.deepEqual(upload.json(), {
    matched: 3,
    added: 3,
    unmatched: { userIds: ['nobody'], emails: ['not-an-email'], customerIds: [] },
    size: 3,
  });
  const again = (await call('POST', '/api/v1/segments/vip/members', { userIds: ['ann'] })).json();
  assert.deepEqual([again.matched, again.added, again.size], [1, 0, 3], 'uploading twice adds no one twice');

  // A segment rule and a lifecycle stage that read the list.
  const buyers = await call('POST', '/api/v1/segments', {
    key: 'vip_buyers',
    name: 'VIP buyers',
    rule: 'in segment "vip" and performed "Order Completed"',
  });
  assert.equal(buyers.statusCode, 201, buyers.body);
  const model = [
    'name: vip-model',
    'stages:',
    '  - { key: visitor, name: Visitor, kind: lifecycle }',
    '  - { key: vip, name: VIP, kind: lifecycle, rule: \'in segment "vip"\' }',
  ].join('\n');
  const published = await call('PUT', '/api/v1/lifecycle', model, { 'content-type': 'application/yaml' });
  assert.equal(published.statusCode, 200, published.body);
  await engine.runUntilIdle();
  assert.equal(await size('vip_buyers'), 2);
  assert.deepEqual(
    await Promise.all(['ann', 'bob', 'cat', 'dan'].map(async (u) => (await customer(u)).stage.key)),
    ['vip', 'vip', 'vip', 'visitor'],
  );

  // Removing bob by CSV takes him out of the stage and the rule segment on the next pass.
  const removed = await call('DELETE', '/api/v1/segments/vip/members', 'userId\nbob\n\n', {
    'content-type': 'text/csv',
  });
  assert.equal(removed.statusCode, 200, removed.body);
  assert.deepEqual(removed.json(), {
    matched: 1,
    removed: 1,
    unmatched: { userIds: [], emails: [], customerIds: [] },
    size: 2,
  });
  await engine.runUntilIdle();
  assert.equal((await customer('bob')).stage.key, 'visitor');
  assert.equal(await size('vip_buyers'), 1);
  const bob = await customer('bob');
  const bobEvents = (await call('GET', `/api/v1/customers/${bob.id}/events`)).json().items;
  // The list change and the rule segment that follows it are both in the log, newest first.
  assert.deepEqual(names(bobEvents), [
    'Segment Exited vip_buyers',
    'Segment Exited vip',
    'Segment Entered vip_buyers',
    'Segment Entered vip',
  ]);

  // By customer id, as CSV too; an id of no customer is reported back.
  const dan = await customer('dan');
  const byId = await call('POST', '/api/v1/segments/vip/members', `customerId\n${dan.id}\n999999\n`, {
    'content-type': 'text/csv',
  });
  assert.deepEqual(byId.json(), {
    matched: 1,
    added: 1,
    unmatched: { userIds: [], emails: [], customerIds: [999999] },
    size: 3,
  });
  const growth = (await call('GET', '/api/v1/segments/vip/growth?from=2026-03-01&to=2026-03-01')).json();
  assert.deepEqual(growth.days, [{ date: '2026-03-01', entered: 4, exited: 1, size: 3 }]);

  // Rule segments take no uploads; a list in use cannot be deleted.
  const refused = await call('POST', '/api/v1/segments/vip_buyers/members', { userIds: ['dan'] });
  assert.equal(refused.statusCode, 409);
  assert.match(refused.json().error.message, /kept by its rule/);
  const inUse = await call('DELETE', '/api/v1/segments/vip');
  assert.equal(inUse.statusCode, 409);
  assert.match(inUse.json().error.message, /segment "vip_buyers", lifecycle stage "vip"/);

  // Once nothing uses it, deleting the list drops it from every customer.
  assert.equal((await call('DELETE', '/api/v1/segments/vip_buyers')).statusCode, 204);
  const plain = 'name: plain\nstages:\n  - { key: visitor, name: Visitor, kind: lifecycle }\n';
  await call('PUT', '/api/v1/lifecycle', plain, { 'content-type': 'application/yaml' });
  const gone = await call('DELETE', '/api/v1/segments/vip');
  assert.equal(gone.statusCode, 204, gone.body);
  assert.equal(gone.body, '');
  assert.equal((await call('GET', '/api/v1/segments/vip')).statusCode, 404);
  const annState = await store.engine.customerRecord(ws.id, (await customer('ann')).id);
  assert.deepEqual(annState?.state?.segments, []);
  await engine.runUntilIdle();
  assert.deepEqual((await call('GET', '/api/v1/segments')).json().items, []);
});

test('bad input gets clear 4xx answers, and another workspace sees none of it', async (t) => {
  const { engine, call, track, otherSecret } = await setup(t);
  await track('ann', 'Order Completed');
  await engine.runUntilIdle();
  const post = (body: unknown) => call('POST', '/api/v1/segments', body);
  const error = async (res: Promise<{ statusCode: number; json(): { error: { message: string } } }>) => {
    const r = await res;
    return [r.statusCode, r.json().error.message] as const;
  };

  const badText = await post({ key: 'a', name: 'A', rule: 'performed "X" in last 7 dayz' });
  assert.equal(badText.statusCode, 400);
  assert.match(badText.json().error.message, /^invalid rule: line 1, column 25: expected a time unit/);
  assert.deepEqual([badText.json().error.details.line, badText.json().error.details.column], [1, 25]);
  const badJson = await post({ key: 'a', name: 'A', rule: { kind: 'and', rules: [{ kind: 'always' }] } });
  assert.equal(badJson.statusCode, 400);
  assert.equal(badJson.json().error.details.path, '$.rules');

  const json = await post({
    key: 'pro',
    name: 'Pro plan',
    description: 'On the pro plan',
    rule: { kind: 'trait', trait: 'plan', test: { op: 'eq', value: 'pro' } },
  });
  assert.equal(json.statusCode, 201, json.body);
  assert.equal(json.json().rule, 'trait plan = "pro"');
  assert.deepEqual(await error(post({ key: 'pro', name: 'Again', rule: 'always' })), [
    409,
    'segment "pro" already exists in this workspace',
  ]);
  assert.equal((await post({ key: 'Pro', name: 'x', rule: 'always' })).statusCode, 400);
  assert.equal((await post({ key: 'x'.repeat(65), name: 'x', rule: 'always' })).statusCode, 400);
  assert.deepEqual(await error(post({ key: 'x', name: 'X', rule: 'in segment "ghost"' })), [
    400,
    'invalid rule: no segment "ghost" in this workspace; create it first',
  ]);
  assert.deepEqual(await error(post({ key: 'x', name: 'X', rule: 'in segment "x"' })), [
    400,
    'invalid rule: segment "x" cannot be defined by its own membership',
  ]);
  assert.equal((await post({ key: 'uses_pro', name: 'U', rule: 'in segment "pro"' })).statusCode, 201);
  assert.deepEqual(await error(call('PATCH', '/api/v1/segments/pro', { rule: 'in segment "uses_pro"' })), [
    400,
    'invalid rule: segments would depend on each other: pro → uses_pro → pro',
  ]);
  assert.match(
    (await error(post({ key: 'x', name: 'X', kind: 'static', rule: 'always' })))[1],
    /static segment has no rule/,
  );
  assert.match((await error(post({ key: 'x', name: 'X' })))[1], /needs a "rule"/);
  assert.match(
    (await error(post({ key: 'x', name: 'X', descripton: 'typo', rule: 'always' })))[1],
    /unknown field descripton/,
  );
  assert.match((await error(call('GET', '/api/v1/segments?size=1')))[1], /unknown query parameter size/);
  assert.match((await error(call('PATCH', '/api/v1/segments/pro', {})))[1], /nothing to change/);
  assert.deepEqual(await error(call('GET', '/api/v1/segments/nope')), [
    404,
    'no segment "nope" in this workspace',
  ]);

  // Edits: name and description alone, then a new rule.
  const patched = await call('PATCH', '/api/v1/segments/pro', { name: 'Pro', description: null });
  assert.deepEqual([patched.statusCode, patched.json().name, patched.json().description], [200, 'Pro', null]);
  const newRule = await call('PATCH', '/api/v1/segments/pro', { rule: 'performed "Order Completed"' });
  assert.equal(newRule.json().rule, 'performed "Order Completed"');
  await engine.runUntilIdle();
  assert.equal((await call('GET', '/api/v1/segments/pro')).json().size, 1, 'membership follows the new rule');

  // Growth and member queries.
  assert.match(
    (await error(call('GET', '/api/v1/segments/pro/growth?from=2026-03-05&to=2026-03-01')))[1],
    /is after/,
  );
  assert.match(
    (await error(call('GET', '/api/v1/segments/pro/growth?from=2020-01-01&to=2026-03-01')))[1],
    /at most 731/,
  );
  assert.equal((await call('GET', '/api/v1/segments/pro/growth?from=yesterday')).statusCode, 400);
  assert.match(
    (await error(call('GET', '/api/v1/segments/pro/members?page=2')))[1],
    /unknown query parameter page/,
  );
  assert.match(
    (await error(call('GET', '/api/v1/segments/pro/members?cursor=zzz')))[1],
    /cursor is not valid/,
  );
  assert.equal((await call('GET', '/api/v1/segments/pro/members?limit=0')).statusCode, 400);

  // Uploads.
  await post({ key: 'list', name: 'List', kind: 'static' });
  const upload = (body: unknown, type = 'application/json') =>
    error(call('POST', '/api/v1/segments/list/members', body, { 'content-type': type }));
  assert.match((await upload({}))[1], /no identifiers/);
  assert.match(
    (await upload({ userIds: Array.from({ length: 10_001 }, (_, i) => `u${i}`) }))[1],
    /at most 10000/,
  );
  assert.match((await upload({ userId: ['ann'] }))[1], /unknown field userId/);
  assert.match((await upload('name\nann\n', 'text/csv'))[1], /names the column: userId, email or customerId/);
  assert.match((await upload('userId,email\nann,a@b.co\n', 'text/csv'))[1], /line 1: expected one column/);
  assert.match((await upload('customerId\n12x\n', 'text/csv'))[1], /line 2: "12x" is not a customer id/);
  assert.equal((await upload('<ids/>', 'application/xml'))[0], 415);
  const ok = await call('POST', '/api/v1/segments/list/members', { userIds: Array(10_000).fill('ann') });
  assert.deepEqual([ok.statusCode, ok.json().added], [200, 1], 'ten thousand is allowed');

  // Another workspace's key sees none of it, and its uploads find none of these customers.
  const foreign = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) =>
    call(method, url, body, {}, otherSecret);
  assert.deepEqual((await foreign('GET', '/api/v1/segments')).json(), { items: [] });
  assert.equal((await foreign('GET', '/api/v1/segments/list')).statusCode, 404);
  assert.equal((await foreign('GET', '/api/v1/segments/list/members')).statusCode, 404);
  assert.equal((await foreign('GET', '/api/v1/segments/list/growth')).statusCode, 404);
  assert.equal(
    (await foreign('POST', '/api/v1/segments/list/members', { userIds: ['ann'] })).statusCode,
    404,
  );
  assert.equal((await foreign('DELETE', '/api/v1/segments/list')).statusCode, 404);
  const theirs = await call(
    'POST',
    '/api/v1/segments',
    { key: 'list', name: 'Theirs', kind: 'static' },
    {},
    otherSecret,
  );
  assert.equal(theirs.statusCode, 201, 'keys are per workspace');
  const miss = (await foreign('POST', '/api/v1/segments/list/members', { userIds: ['ann'] })).json();
  assert.deepEqual([miss.matched, miss.unmatched.userIds, miss.size], [0, ['ann'], 0]);
  assert.equal((await call('GET', '/api/v1/segments/list')).json().size, 1, 'ours is untouched');
});
