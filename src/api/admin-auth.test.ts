import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminApi, signedIn, TEST_ORIGIN } from '../testing/index.ts';

const T = Date.parse('2026-03-01T00:00:00Z');
const SEGMENT = { key: 'vip', name: 'VIP', rule: 'always' };

test('each role reaches what it may on a sample of routes, and a 403 names the role needed', async (t) => {
  const { app, store, ws } = await adminApi(t, T);
  const viewer = await signedIn(app, store, 'v@shop.test', { [ws.id]: 'viewer' }, T);
  const editor = await signedIn(app, store, 'e@shop.test', { [ws.id]: 'editor' }, T);
  const admin = await signedIn(app, store, 'a@shop.test', { [ws.id]: 'admin' }, T);

  // biome-ignore format: a table of role × route
  const cases: [typeof viewer, 'GET' | 'POST' | 'DELETE', string, unknown, number][] = [
    [viewer, 'GET', '/api/v1/customers', undefined, 200],
    [viewer, 'GET', '/api/v1/analytics/overview', undefined, 200],
    [viewer, 'POST', '/api/v1/segments', SEGMENT, 403],
    [viewer, 'GET', '/api/v1/keys', undefined, 403],
    [viewer, 'POST', '/api/v1/keys', { kind: 'write', name: 'x' }, 403],
    [editor, 'POST', '/api/v1/segments', SEGMENT, 201],
    [editor, 'DELETE', '/api/v1/segments/vip', undefined, 204],
    [editor, 'GET', '/api/v1/users', undefined, 403],
    [editor, 'GET', '/api/v1/settings/analytics', undefined, 403],
    [admin, 'GET', '/api/v1/users', undefined, 200],
    [admin, 'GET', '/api/v1/settings/touchpoints', undefined, 200],
    [admin, 'POST', '/api/v1/keys', { kind: 'write', name: 'site' }, 200],
  ];
  for (const [who, method, url, body, status] of cases) {
    const res = await who.call(method, url, body);
    assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
  }
  const refused = (await viewer.call('POST', '/api/v1/segments', SEGMENT)).json().error;
  assert.equal(refused.code, 'forbidden');
  assert.match(refused.message, /needs the editor role in workspace "shop"; you are viewer/);
  assert.match((await editor.call('GET', '/api/v1/users')).json().error.message, /needs the admin role/);
});

test('a cookie request that changes something needs its Origin and the session CSRF token', async (t) => {
  const { app, store, ws } = await adminApi(t, T);
  const editor = await signedIn(app, store, 'e@shop.test', { [ws.id]: 'editor' }, T);
  const post = (headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/segments',
      payload: SEGMENT,
      headers: { cookie: editor.cookie, ...headers },
    });
  assert.equal((await post({ origin: TEST_ORIGIN })).statusCode, 403, 'no token');
  assert.equal((await post({ origin: TEST_ORIGIN, 'x-csrf-token': 'guess' })).statusCode, 403, 'wrong token');
  assert.equal((await post({ origin: 'https://evil.test', 'x-csrf-token': editor.csrf })).statusCode, 403);
  assert.equal((await post({ 'x-csrf-token': editor.csrf })).statusCode, 403, 'no Origin');
  assert.equal((await store.segments.list(ws.id)).length, 0, 'nothing was made');
  assert.equal((await post({ origin: TEST_ORIGIN, 'x-csrf-token': editor.csrf })).statusCode, 201);
});

test("one workspace's user never reads another's data; a member of several chooses with X-Workspace", async (t) => {
  const { app, store, ws, send, engine, call } = await adminApi(t, T);
  await send('identify', { userId: 'ann', traits: { email: 'ann@shop.test' } });
  await engine.runUntilIdle();
  const other = (await store.workspaces.getByName('other'))!;
  const outsider = await signedIn(app, store, 'o@other.test', { [other.id]: 'admin' }, T);
  assert.equal((await outsider.call('GET', '/api/v1/customers')).json().items.length, 0);
  const ann = (await call('GET', '/api/v1/customers?userId=ann')).json().items[0].id;
  assert.equal((await outsider.call('GET', `/api/v1/customers/${ann}`)).statusCode, 404);
  const asShop = await outsider.call('GET', '/api/v1/customers', undefined, { 'x-workspace': String(ws.id) });
  assert.equal(asShop.statusCode, 403);
  assert.match(asShop.json().error.message, /not a member of workspace/);

  const both = await signedIn(app, store, 'b@both.test', { [ws.id]: 'viewer', [other.id]: 'viewer' }, T);
  assert.match((await both.call('GET', '/api/v1/customers')).json().error.message, /several workspaces/);
  const inShop = await both.call('GET', '/api/v1/customers', undefined, { 'x-workspace': String(ws.id) });
  assert.deepEqual(
    inShop.json().items.map((c: { userId: string }) => c.userId),
    ['ann'],
  );
  const inOther = await both.call('GET', '/api/v1/customers', undefined, { 'x-workspace': String(other.id) });
  assert.deepEqual(inOther.json().items, []);
});

test('keys: a new key is shown once and works, rotation and revocation stop the old one at once', async (t) => {
  const { call, otherSecret } = await adminApi(t, T);
  const made = (await call('POST', '/api/v1/keys', { kind: 'secret', name: 'ci' })).json();
  assert.match(made.key, /^ll_sk_/);
  const listed = (await call('GET', '/api/v1/keys')).json().items;
  assert.ok(listed.every((k: Record<string, unknown>) => !('key' in k) && !('hash' in k)));
  assert.equal((await call('GET', '/api/v1/customers', undefined, {}, made.key)).statusCode, 200);
  const rotated = (await call('POST', `/api/v1/keys/${made.record.id}/rotate`)).json();
  assert.equal((await call('GET', '/api/v1/customers', undefined, {}, made.key)).statusCode, 401);
  assert.equal((await call('GET', '/api/v1/customers', undefined, {}, rotated.key)).statusCode, 200);
  assert.equal((await call('DELETE', `/api/v1/keys/${rotated.record.id}`)).statusCode, 200);
  assert.equal((await call('GET', '/api/v1/customers', undefined, {}, rotated.key)).statusCode, 401);
  assert.equal((await call('DELETE', `/api/v1/keys/${rotated.record.id}`)).statusCode, 409);
  // Another workspace's key cannot be seen or touched from here.
  const theirs = (await call('GET', '/api/v1/keys', undefined, {}, otherSecret)).json().items[0].id;
  assert.equal((await call('DELETE', `/api/v1/keys/${theirs}`)).statusCode, 404);
});

test('users: add with a role, change it, keep the last admin, remove', async (t) => {
  const { app, store, ws, call } = await adminApi(t, T);
  const admin = await signedIn(app, store, 'a@shop.test', { [ws.id]: 'admin' }, T);
  const added = await admin.call('POST', '/api/v1/users', {
    email: 'New@Shop.test',
    role: 'viewer',
    password: 'another long one',
  });
  assert.equal(added.statusCode, 200, added.body);
  assert.equal(added.json().email, 'new@shop.test');
  const weak = await call('POST', '/api/v1/users', {
    email: 'w@shop.test',
    role: 'viewer',
    password: 'short',
  });
  assert.match(weak.json().error.message, /at least 10 characters/);
  const id = added.json().id;
  assert.equal((await admin.call('PATCH', `/api/v1/users/${id}`, { role: 'editor' })).json().role, 'editor');
  const me = (await call('GET', '/api/v1/users'))
    .json()
    .items.find((u: { email: string }) => u.email === 'a@shop.test');
  assert.equal((await call('PATCH', `/api/v1/users/${me.id}`, { role: 'viewer' })).statusCode, 409);
  assert.equal((await call('DELETE', `/api/v1/users/${id}`)).statusCode, 204);
  assert.deepEqual(
    (await call('GET', '/api/v1/users')).json().items.map((u: { email: string }) => u.email),
    ['a@shop.test'],
  );
});
