import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminApi } from '../testing/index.ts';
import { isOpenObject } from './closed-schema.ts';
import { registeredRoutes } from './registered-routes.ts';

const T = Date.parse('2026-03-01T00:00:00Z');

/**
 * One call per admin route that its schemas accept: `url` fills in the path parameters, `body` is a
 * valid body (JSON, or CSV text), `open` marks the one body that is open on purpose. Requests are
 * refused before any handler runs, so the customer and segment named need not exist.
 */
type Call = { url: string; body?: Record<string, unknown> | string; open?: true };
const steps = ['"Product Viewed"', '"Order Completed"'];
const upload = { userIds: ['ann'] };
const sms = { key: 'code', name: 'Code', channel: 'sms', body: 'Your code {{ event.code }}' };

// biome-ignore format: one line per route reads as a table
const ROUTES: Record<string, Call> = {
  'GET /api/v1/customers': { url: '/api/v1/customers' },
  'GET /api/v1/customers/:id': { url: '/api/v1/customers/1' },
  'GET /api/v1/customers/:id/events': { url: '/api/v1/customers/1/events' },
  'GET /api/v1/customers/:id/explain': { url: '/api/v1/customers/1/explain' },
  'GET /api/v1/customers/:id/stages': { url: '/api/v1/customers/1/stages' },
  'GET /api/v1/events': { url: '/api/v1/events' },
  'GET /api/v1/lifecycle': { url: '/api/v1/lifecycle' },
  'PUT /api/v1/lifecycle': { url: '/api/v1/lifecycle', body: { preset: 'clm-5' }, open: true },
  'GET /api/v1/customers/:id/journeys': { url: '/api/v1/customers/1/journeys' },
  'GET /api/v1/journeys': { url: '/api/v1/journeys' },
  'POST /api/v1/journeys': { url: '/api/v1/journeys', body: { template: 'welcome' } },
  'GET /api/v1/journeys/templates': { url: '/api/v1/journeys/templates' },
  'GET /api/v1/journeys/:id': { url: '/api/v1/journeys/1' },
  'PUT /api/v1/journeys/:id': { url: '/api/v1/journeys/1', body: { document: 'key: welcome' } },
  'POST /api/v1/journeys/:id/publish': { url: '/api/v1/journeys/1/publish', body: {} },
  'POST /api/v1/journeys/:id/pause': { url: '/api/v1/journeys/1/pause' },
  'POST /api/v1/journeys/:id/resume': { url: '/api/v1/journeys/1/resume' },
  'POST /api/v1/journeys/:id/archive': { url: '/api/v1/journeys/1/archive' },
  'GET /api/v1/journeys/:id/versions': { url: '/api/v1/journeys/1/versions' },
  'GET /api/v1/journeys/:id/stats': { url: '/api/v1/journeys/1/stats' },
  'POST /api/v1/journeys/:id/dry-run': { url: '/api/v1/journeys/1/dry-run', body: { customerId: 1 } },
  'GET /api/v1/templates': { url: '/api/v1/templates' },
  'POST /api/v1/templates': { url: '/api/v1/templates', body: sms },
  'GET /api/v1/templates/:key': { url: '/api/v1/templates/code' },
  'PUT /api/v1/templates/:key': { url: '/api/v1/templates/code', body: sms },
  'DELETE /api/v1/templates/:key': { url: '/api/v1/templates/code' },
  'POST /api/v1/templates/:key/publish': { url: '/api/v1/templates/code/publish' },
  'GET /api/v1/templates/:key/versions': { url: '/api/v1/templates/code/versions' },
  'POST /api/v1/templates/:key/preview': { url: '/api/v1/templates/code/preview', body: { userId: 'ann' } },
  'GET /api/v1/segments': { url: '/api/v1/segments' },
  'POST /api/v1/segments': { url: '/api/v1/segments', body: { key: 'vip', name: 'VIP', rule: 'always' } },
  'GET /api/v1/segments/:key': { url: '/api/v1/segments/vip' },
  'PATCH /api/v1/segments/:key': { url: '/api/v1/segments/vip', body: { name: 'VIPs' } },
  'DELETE /api/v1/segments/:key': { url: '/api/v1/segments/vip' },
  'GET /api/v1/segments/:key/members': { url: '/api/v1/segments/vip/members' },
  'POST /api/v1/segments/:key/members': { url: '/api/v1/segments/vip/members', body: upload },
  'DELETE /api/v1/segments/:key/members': { url: '/api/v1/segments/vip/members', body: upload },
  'GET /api/v1/segments/:key/growth': { url: '/api/v1/segments/vip/growth' },
  'GET /api/v1/settings/touchpoints': { url: '/api/v1/settings/touchpoints' },
  'PUT /api/v1/settings/touchpoints': { url: '/api/v1/settings/touchpoints', body: { defaults: true } },
  'GET /api/v1/settings/analytics': { url: '/api/v1/settings/analytics' },
  'PUT /api/v1/settings/analytics': { url: '/api/v1/settings/analytics', body: { purchaseEvent: 'Paid' } },
  'GET /api/v1/analytics/spend': { url: '/api/v1/analytics/spend' },
  'POST /api/v1/analytics/spend': { url: '/api/v1/analytics/spend', body: 'date,channel,amount\n2026-03-01,email,5\n' },
  'POST /api/v1/analytics/funnels': { url: '/api/v1/analytics/funnels', body: { steps } },
  'POST /api/v1/analytics/funnels/customers': { url: '/api/v1/analytics/funnels/customers', body: { steps, reached: 1 } },
  'GET /api/v1/analytics/cohorts': { url: '/api/v1/analytics/cohorts' },
  'GET /api/v1/analytics/attribution': { url: '/api/v1/analytics/attribution' },
  'GET /api/v1/analytics/lifecycle': { url: '/api/v1/analytics/lifecycle' },
  'GET /api/v1/analytics/stage-flow': { url: '/api/v1/analytics/stage-flow' },
  'GET /api/v1/analytics/journey-map': { url: '/api/v1/analytics/journey-map' },
  'GET /api/v1/analytics/kpis': { url: '/api/v1/analytics/kpis' },
  'GET /api/v1/analytics/kpis/catalog': { url: '/api/v1/analytics/kpis/catalog' },
  'GET /api/v1/analytics/overview': { url: '/api/v1/analytics/overview' },
  'GET /api/v1/analytics/predictions': { url: '/api/v1/analytics/predictions' },
  'POST /api/v1/analytics/predictions/fit': { url: '/api/v1/analytics/predictions/fit', body: { unit: 'days' } },
  'GET /api/v1/messages': { url: '/api/v1/messages' },
  'GET /api/v1/messages/:id': { url: '/api/v1/messages/1' },
  'POST /api/v1/messages/:id/retry': { url: '/api/v1/messages/1/retry' },
  'POST /api/v1/messages/test': { url: '/api/v1/messages/test', body: { template: 'news', inbox: true } },
  'GET /api/v1/journeys/:id/message-stats': { url: '/api/v1/journeys/1/message-stats' },
  'GET /api/v1/inbox': { url: '/api/v1/inbox' },
  'GET /api/v1/inbox/:id': { url: '/api/v1/inbox/1' },
  'GET /api/v1/topics': { url: '/api/v1/topics' },
  'GET /api/v1/topics/:key': { url: '/api/v1/topics/news' },
  'PUT /api/v1/topics/:key': { url: '/api/v1/topics/news', body: { name: 'News' } },
  'DELETE /api/v1/topics/:key': { url: '/api/v1/topics/news' },
  'GET /api/v1/suppressions': { url: '/api/v1/suppressions' },
  'POST /api/v1/suppressions': { url: '/api/v1/suppressions', body: { channel: 'email', address: 'a@b.example' } },
  'DELETE /api/v1/suppressions/:channel/:address': { url: '/api/v1/suppressions/email/a@b.example' },
  'GET /api/v1/settings/messaging': { url: '/api/v1/settings/messaging' },
  'PUT /api/v1/settings/messaging': { url: '/api/v1/settings/messaging', body: { from: 'Shop <hi@shop.example>' } },
  'POST /api/v1/auth/login': { url: '/api/v1/auth/login', body: { email: 'a@b.test', password: 'x' } },
  'GET /api/v1/auth/me': { url: '/api/v1/auth/me' },
  'POST /api/v1/auth/logout': { url: '/api/v1/auth/logout' },
  'GET /api/v1/auth/setup': { url: '/api/v1/auth/setup' },
  'POST /api/v1/auth/setup': { url: '/api/v1/auth/setup', body: { token: 't', email: 'a@b.test', password: 'x' } },
  'GET /api/v1/users': { url: '/api/v1/users' },
  'POST /api/v1/users': { url: '/api/v1/users', body: { email: 'a@b.test', role: 'viewer' } },
  'PATCH /api/v1/users/:id': { url: '/api/v1/users/1', body: { role: 'viewer' } },
  'DELETE /api/v1/users/:id': { url: '/api/v1/users/1' },
  'GET /api/v1/customers/:id/segments': { url: '/api/v1/customers/1/segments' },
  'GET /api/v1/workspace': { url: '/api/v1/workspace' },
  'GET /api/v1/keys': { url: '/api/v1/keys' },
  'POST /api/v1/keys': { url: '/api/v1/keys', body: { kind: 'write', name: 'x' } },
  'POST /api/v1/keys/:id/rotate': { url: '/api/v1/keys/1/rotate' },
  'DELETE /api/v1/keys/:id': { url: '/api/v1/keys/1' },
};

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Schema = { type?: string; anyOf?: Schema[] } | undefined;
const takesObject = (s: Schema): boolean => s?.type === 'object' || (s?.anyOf ?? []).some(takesObject);

test('every admin route refuses an unknown query parameter, and an unknown body field, by its schema', async (t) => {
  const { app, call } = await adminApi(t, T);
  const routes = registeredRoutes(app)
    .filter((r) => r.url.startsWith('/api/v1/'))
    .map((r) => `${r.method} ${r.url}`);
  // A new route fails here until it is in the table, so none escapes the checks below.
  assert.deepEqual(routes.toSorted(), Object.keys(ROUTES).toSorted());

  const docs = (await call('GET', '/api/openapi.json')).json();
  for (const [route, { url, body, open }] of Object.entries(ROUTES)) {
    const [method, pattern] = route.split(' ') as [Method, string];
    const headers: Record<string, string> = typeof body === 'string' ? { 'content-type': 'text/csv' } : {};
    const query = await call(method, `${url}?zzUnknown=1`, body, headers);
    assert.equal(query.statusCode, 400, `${route}: ${query.body}`);
    assert.equal(query.json().error.code, 'bad_request', route);
    assert.match(query.json().error.message, /^unknown query parameter zzUnknown; /, route);

    const operation = docs.paths[pattern.replace(/:(\w+)/g, '{$1}')][method.toLowerCase()];
    const schema = operation.requestBody?.content['application/json']?.schema;
    assert.equal(isOpenObject(schema), open === true, `${route}: open on purpose, or closed`);
    assert.equal(typeof body === 'object', takesObject(schema), `${route}: give the table a JSON body`);
    if (typeof body !== 'object' || open) continue;
    const field = await call(method, url, { ...body, zzUnknown: 1 });
    assert.equal(field.statusCode, 400, `${route}: ${field.body}`);
    assert.match(field.json().error.message, /^unknown field zzUnknown; known: /, route);
  }
});

test('the misspellings that were once let through are refused and change nothing', async (t) => {
  const { call, send, engine } = await adminApi(t, T);
  const message = async (method: Method, url: string, body?: unknown) => {
    const res = await call(method, url, body);
    assert.equal(res.statusCode, 400, res.body);
    return res.json().error.message as string;
  };
  // ?dryrun=true (lower case) published the model and recomputed every customer.
  assert.equal(
    await message('PUT', '/api/v1/lifecycle?dryrun=true', { preset: 'clm-5' }),
    'unknown query parameter dryrun; known: dryRun',
  );
  assert.equal((await call('GET', '/api/v1/lifecycle')).json().version, null, 'nothing published');
  assert.equal((await call('PUT', '/api/v1/lifecycle', { preset: 'clm-5' })).json().version, 1);
  await send('track', { userId: 'ann', event: 'Order Completed', properties: { revenue: 30 } });
  await engine.runUntilIdle();
  const before = (await call('GET', '/api/v1/lifecycle')).json();
  await message('PUT', '/api/v1/lifecycle?dryrun=true', { preset: 'reactivation' });
  assert.deepEqual((await call('GET', '/api/v1/lifecycle')).json(), before, 'still version 1, no recompute');

  const ann = (await call('GET', '/api/v1/customers?userId=ann')).json().items[0].id;
  assert.equal(
    await message('GET', `/api/v1/customers/${ann}/stages?x=1`),
    'unknown query parameter x; known: limit, cursor',
  );
  assert.equal(
    await message('GET', `/api/v1/customers/${ann}/explain?x=1&y=2`),
    'unknown query parameter x, y; this route takes none',
  );

  // Touchpoint settings: unknown fields at the top and inside a rule; the rules stay as they were.
  const rule = { when: { event: 'Order Completed' }, touchpoint: 'checkout' };
  assert.equal(
    await message('PUT', '/api/v1/settings/touchpoints', { touchpoints: [rule], colour: 'red' }),
    'unknown field colour; known: defaults, channels, touchpoints',
  );
  assert.equal(
    await message('PUT', '/api/v1/settings/touchpoints', { touchpoints: [{ ...rule, weight: 2 }] }),
    'unknown field weight in touchpoints[0]; known: when, touchpoint',
  );
  assert.match(await message('GET', '/api/v1/settings/touchpoints?x=1'), /^unknown query parameter x;/);
  assert.deepEqual((await call('GET', '/api/v1/settings/touchpoints')).json().rules, {});
});
