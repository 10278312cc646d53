import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MINUTE } from '../../core/index.ts';
import { adminApi } from '../../testing/index.ts';
import { addMember, MAX_FAILURES_PER_EMAIL } from '../../users/index.ts';

const T = Date.parse('2026-03-01T00:00:00Z');
const ORIGIN = 'http://localhost:80';
const PASSWORD = 'a long enough password';

async function setup(t: Parameters<typeof adminApi>[0]) {
  const api = await adminApi(t, T);
  await addMember(api.store.users, {
    email: 'ann@shop.test',
    password: PASSWORD,
    role: 'editor',
    workspaceId: api.ws.id,
    now: T,
  });
  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      headers: { origin: ORIGIN, ...headers },
    });
  return { ...api, login };
}

const cookieOf = (res: { headers: Record<string, unknown> }) =>
  String(res.headers['set-cookie']).split(';')[0];

test('sign-in sets an HttpOnly SameSite=Lax cookie, /me answers with the CSRF token, logout ends it', async (t) => {
  const { app, login } = await setup(t);
  const res = await login('Ann@Shop.test', PASSWORD);
  assert.equal(res.statusCode, 200, res.body);
  const setCookie = String(res.headers['set-cookie']);
  assert.match(setCookie, /^loopline_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800$/);
  const body = res.json();
  assert.deepEqual(
    body.workspaces.map((w: { name: string; role: string }) => [w.name, w.role]),
    [['shop', 'editor']],
  );
  const cookie = cookieOf(res);
  const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  assert.equal(me.json().csrfToken, body.csrfToken);

  const https = await login('ann@shop.test', PASSWORD, { 'x-forwarded-proto': 'https' });
  assert.doesNotMatch(
    String(https.headers['set-cookie']),
    /Secure/,
    'X-Forwarded-Proto is not believed without a trusted proxy',
  );

  const noToken = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/logout',
    headers: { cookie, origin: ORIGIN },
  });
  assert.equal(noToken.statusCode, 403);
  const out = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/logout',
    headers: { cookie, origin: ORIGIN, 'x-csrf-token': body.csrfToken },
  });
  assert.equal(out.statusCode, 200);
  assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
  assert.equal(
    (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    401,
  );
  assert.equal(
    (await app.inject({ method: 'GET', url: '/api/v1/customers', headers: { cookie } })).statusCode,
    401,
  );
});

test('a wrong password or unknown email is refused alike; too many failures lock the email for the window', async (t) => {
  const { login, clock } = await setup(t);
  const wrong = await login('ann@shop.test', 'not the password');
  const unknown = await login('nobody@shop.test', 'not the password');
  assert.equal(wrong.statusCode, 401);
  assert.deepEqual(wrong.json(), unknown.json());
  assert.equal(wrong.headers['set-cookie'], undefined);
  for (let i = 1; i < MAX_FAILURES_PER_EMAIL; i++) await login('ann@shop.test', 'nope');
  const limited = await login('ann@shop.test', PASSWORD);
  assert.equal(limited.statusCode, 429, 'even the right password waits');
  clock.advance(16 * MINUTE);
  assert.equal((await login('ann@shop.test', PASSWORD)).statusCode, 200);
});

test('a login posted from another site is refused; the session expires', async (t) => {
  const { app, login, clock } = await setup(t);
  assert.equal((await login('ann@shop.test', PASSWORD, { origin: 'https://evil.test' })).statusCode, 403);
  const cookie = cookieOf(await login('ann@shop.test', PASSWORD));
  clock.advance(7 * 24 * 60 * MINUTE);
  assert.equal(
    (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    401,
  );
});

test('the setup link creates the first admin once, and only with its token', async (t) => {
  const { buildServer } = await import('../../app/index.ts');
  const { tempStore } = await import('../../testing/index.ts');
  const { ManualClock } = await import('../../core/index.ts');
  const temp = await tempStore();
  const config = { ingestQueueMax: 1000, ingestBatchMax: 100, publicUrl: undefined };
  const server = await buildServer({
    config,
    store: temp.store,
    clock: new ManualClock(T),
    engine: false,
    setupToken: 'tok-123',
  });
  t.after(async () => {
    await server.close();
    await temp.cleanup();
  });
  await temp.store.workspaces.create(
    'default',
    { identity: (await import('../../identity/index.ts')).DEFAULT_IDENTITY_SETTINGS },
    T,
  );
  const post = (token: string, email: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/setup',
      payload: { token, email, password: PASSWORD },
      headers: { origin: ORIGIN },
    });
  assert.equal(
    (await server.app.inject({ method: 'GET', url: '/api/v1/auth/setup' })).json().needsSetup,
    true,
  );
  assert.equal((await post('wrong', 'eve@x.test')).statusCode, 403);
  const ok = await post('tok-123', 'root@shop.test');
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(
    ok.json().workspaces.map((w: { role: string }) => w.role),
    ['admin'],
  );
  assert.equal((await post('tok-123', 'eve@x.test')).statusCode, 409, 'once only');
  assert.equal(
    (await server.app.inject({ method: 'GET', url: '/api/v1/auth/setup' })).json().needsSetup,
    false,
  );
});

test('behind a trusted proxy that says https, the session cookie is Secure', async (t) => {
  const { buildServer } = await import('../../app/index.ts');
  const { tempStore } = await import('../../testing/index.ts');
  const { ManualClock } = await import('../../core/index.ts');
  const { DEFAULT_IDENTITY_SETTINGS } = await import('../../identity/index.ts');
  const temp = await tempStore();
  const config = { ingestQueueMax: 1000, ingestBatchMax: 100, publicUrl: undefined, trustProxy: true };
  const server = await buildServer({ config, store: temp.store, clock: new ManualClock(T), engine: false });
  t.after(async () => {
    await server.close();
    await temp.cleanup();
  });
  const ws = await temp.store.workspaces.create('shop', { identity: DEFAULT_IDENTITY_SETTINGS }, T);
  await addMember(temp.store.users, {
    email: 'ann@shop.test',
    password: PASSWORD,
    role: 'viewer',
    workspaceId: ws.id,
    now: T,
  });
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'ann@shop.test', password: PASSWORD },
    headers: {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'crm.shop.test',
      origin: 'https://crm.shop.test',
    },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['set-cookie']), /; Secure$/);
});
