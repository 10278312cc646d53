import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import type { Static } from 'typebox';
import { buildServer, type Server } from '../../app/index.ts';
import { ManualClock } from '../../core/index.ts';
import type { CustomerDetailSchema, CustomerView, EventView } from '../../customers/schemas.ts';
import { DEFAULT_IDENTITY_SETTINGS } from '../../identity/index.ts';
import type { SqliteStore } from '../../storage/index.ts';
import { tempStore } from '../../testing/index.ts';
import type { Workspace } from '../../workspaces/index.ts';
import { createKey } from '../../workspaces/index.ts';

const T = Date.parse('2026-03-01T00:00:00Z');
const at = (minutes: number) => new Date(T + minutes * 60_000).toISOString();
const config = { ingestQueueMax: 50_000, ingestBatchMax: 5_000, publicUrl: undefined };

type Page<T> = { items: T[]; next: string | null };
type CustomerDetail = Static<typeof CustomerDetailSchema>;
type Tenant = { workspace: Workspace; writeKey: string; secretKey: string };

async function tenant(store: SqliteStore, name: string): Promise<Tenant> {
  const workspace = await store.workspaces.create(name, { identity: DEFAULT_IDENTITY_SETTINGS }, T);
  const write = await createKey(store, { workspaceId: workspace.id, kind: 'write', name: 'w', now: T });
  const secret = await createKey(store, { workspaceId: workspace.id, kind: 'secret', name: 's', now: T });
  return { workspace, writeKey: write.key, secretKey: secret.key };
}

async function setup(t: TestContext) {
  const temp = await tempStore();
  const server: Server = await buildServer({ config, store: temp.store, clock: new ManualClock(T) });
  t.after(async () => {
    await server.close();
    await temp.cleanup();
  });
  const a = await tenant(temp.store, 'a');
  const b = await tenant(temp.store, 'b');
  const app = server.app;

  /** Sends messages through the Segment batch endpoint with the tenant's write key. */
  const ingest = async (who: Tenant, batch: Record<string, unknown>[]) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${who.writeKey}:`).toString('base64')}` },
      payload: { batch },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { stored: number; duplicates: number; rejected: unknown[] };
  };
  /** GET with the tenant's secret key. */
  const get = (who: Tenant, url: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${who.secretKey}` } });
  /** GET that must succeed; returns the JSON body. */
  const json = async <T>(who: Tenant, url: string): Promise<T> => {
    const res = await get(who, url);
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res.json() as T;
  };
  const customers = (who: Tenant, url: string) => json<Page<CustomerView>>(who, url);
  const events = (who: Tenant, url: string) => json<Page<EventView>>(who, url);
  const detail = (who: Tenant, url: string) => json<CustomerDetail>(who, url);
  const customerOf = async (who: Tenant, userId: string): Promise<number> => {
    const page = await customers(who, `/api/v1/customers?userId=${encodeURIComponent(userId)}`);
    assert.equal(page.items.length, 1, `one customer for ${userId}`);
    return page.items[0].id;
  };
  return { server, app, store: temp.store, a, b, ingest, get, customers, events, detail, customerOf };
}

function assertError(
  res: { statusCode: number; json(): unknown; headers: Record<string, unknown> },
  status: number,
  code: string,
) {
  assert.equal(res.statusCode, status);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json() as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
}

describe('admin API authentication', () => {
  test('every /api/v1 route refuses a missing, unknown, write or revoked key with 401', async (t) => {
    const { app, server, store, a, get } = await setup(t);
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, object>;
    };
    // Each path with the first method it documents: some routes only take a POST (a funnel's definition).
    const methods = new Map<string, 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'>();
    for (const [p, ops] of Object.entries(doc.paths)) {
      // Sign-in routes take no key: they are how a browser gets its session (tested in auth/).
      if (!p.startsWith('/api/v1/') || p.startsWith('/api/v1/auth/')) continue;
      const path = p.replace('{id}', '1').replace('{key}', 'some_key');
      methods.set(
        path,
        (Object.keys(ops).includes('get') ? 'GET' : Object.keys(ops)[0]!.toUpperCase()) as 'GET',
      );
    }
    const routes = [...methods.keys()];
    for (const route of [
      '/api/v1/customers',
      '/api/v1/customers/1',
      '/api/v1/customers/1/events',
      '/api/v1/events',
    ]) {
      assert.ok(routes.includes(route), `${route} is documented`);
    }

    const revoked = await createKey(store, {
      workspaceId: a.workspace.id,
      kind: 'secret',
      name: 'old',
      now: T,
    });
    await store.keys.revoke(revoked.record.id, T);
    server.keys.forget();
    const refused: Record<string, string | undefined> = {
      'no header': undefined,
      'unknown key': 'Bearer ll_sk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'write key': `Bearer ${a.writeKey}`,
      'secret key sent as Basic': `Basic ${Buffer.from(`${a.secretKey}:`).toString('base64')}`,
      'empty bearer': 'Bearer ',
      'revoked key': `Bearer ${revoked.key}`,
    };
    for (const route of routes) {
      for (const [why, authorization] of Object.entries(refused)) {
        const res = await app.inject({
          method: methods.get(route)!,
          url: route,
          headers: authorization ? { authorization } : {},
        });
        assert.equal(res.statusCode, 401, `${route} with ${why}`);
        assertError(res, 401, 'unauthorized');
      }
      if (methods.get(route) !== 'GET') continue;
      const ok = await get(a, route);
      assert.ok(
        ok.statusCode === 200 || ok.statusCode === 404,
        `${route} with the secret key: ${ok.statusCode}`,
      );
    }
  });
});

describe('workspace isolation', () => {
  test('the same userId and messageIds in two workspaces stay apart, by search and by id', async (t) => {
    const { a, b, ingest, get, customers, events, detail, customerOf } = await setup(t);
    const batch = (plan: string) => [
      { type: 'identify', messageId: 'm1', userId: 'u1', traits: { plan }, timestamp: at(1) },
      { type: 'track', messageId: 'm2', userId: 'u1', event: 'Signed Up', timestamp: at(2) },
      { type: 'track', messageId: 'm3', userId: 'u1', event: 'Paid', properties: { plan }, timestamp: at(3) },
    ];
    assert.deepEqual(await ingest(a, batch('pro')), {
      success: true,
      stored: 3,
      duplicates: 0,
      rejected: [],
    });
    assert.deepEqual(await ingest(b, batch('enterprise')), {
      success: true,
      stored: 3,
      duplicates: 0,
      rejected: [],
    });

    const idA = await customerOf(a, 'u1');
    const idB = await customerOf(b, 'u1');
    assert.notEqual(idA, idB);

    const listA = await customers(a, '/api/v1/customers');
    assert.deepEqual(
      listA.items.map((c) => [c.id, c.traits]),
      [[idA, { plan: 'pro' }]],
    );
    const listB = await customers(b, '/api/v1/customers');
    assert.deepEqual(
      listB.items.map((c) => [c.id, c.traits]),
      [[idB, { plan: 'enterprise' }]],
    );

    for (const [who, own, other] of [
      [a, idA, idB],
      [b, idB, idA],
    ] as const) {
      assert.equal((await detail(who, `/api/v1/customers/${own}`)).customer.id, own);
      assertError(await get(who, `/api/v1/customers/${other}`), 404, 'not_found');
      assertError(await get(who, `/api/v1/customers/${other}/events`), 404, 'not_found');
      assert.deepEqual((await events(who, `/api/v1/events?customerId=${other}`)).items, []);
      const listed = await events(who, '/api/v1/events');
      assert.equal(listed.items.length, 3);
      assert.ok(listed.items.every((e) => e.customerId === own));
    }
    const paid = await events(a, '/api/v1/events?name=Paid');
    assert.deepEqual(
      paid.items.map((e) => e.properties),
      [{ plan: 'pro' }],
    );
  });
});

describe('customer search and pagination', () => {
  test('finds customers by userId, email and trait', async (t) => {
    const { a, b, ingest, customers, get, customerOf } = await setup(t);
    await ingest(a, [
      {
        type: 'identify',
        userId: 'u1',
        traits: { email: 'Ann@Example.com', plan: 'pro', vip: true, seats: 3 },
      },
      {
        type: 'identify',
        userId: 'u2',
        traits: { email: 'bob@example.com', plan: 'free', vip: false, site: 'https://b.example' },
      },
      { type: 'track', anonymousId: 'a3', event: 'Visited' },
    ]);
    await ingest(b, [{ type: 'identify', userId: 'u1', traits: { email: 'ann@example.com', plan: 'pro' } }]);
    const u1 = await customerOf(a, 'u1');
    const u2 = await customerOf(a, 'u2');
    const found = async (query: string) =>
      (await customers(a, `/api/v1/customers?${query}`)).items.map((c) => c.id);

    assert.deepEqual(await found('userId=nobody'), []);
    assert.deepEqual(await found('email=ANN%40example.com'), [u1]);
    assert.deepEqual(await found('email=bob%40example.com'), [u2]);
    assert.deepEqual(await found('trait=plan:pro'), [u1]);
    assert.deepEqual(await found('trait=plan:free'), [u2]);
    assert.deepEqual(await found('trait=vip:true'), [u1]);
    assert.deepEqual(await found('trait=vip:false'), [u2]);
    assert.deepEqual(await found('trait=seats:3'), [u1]);
    assert.deepEqual(await found(`trait=${encodeURIComponent('site:https://b.example')}`), [u2]);
    assert.deepEqual(await found('trait=plan:enterprise'), []);
    assert.deepEqual(await found('trait=plan:pro&email=bob%40example.com'), [], 'filters combine');
    assert.equal((await found('')).length, 3);

    const customer = (await customers(a, '/api/v1/customers?userId=u1')).items[0];
    assert.equal(customer.email, 'ann@example.com');
    assert.equal(customer.userId, 'u1');

    assertError(await get(a, '/api/v1/customers?trait=plan'), 400, 'bad_request');
    assertError(await get(a, '/api/v1/customers?limit=0'), 400, 'bad_request');
    assertError(await get(a, '/api/v1/customers?limit=1001'), 400, 'bad_request');
  });

  test('cursor pagination visits every customer exactly once, newest first', async (t) => {
    const { a, b, ingest, customers, get } = await setup(t);
    await ingest(
      a,
      Array.from({ length: 25 }, (_, i) => ({
        type: 'track',
        anonymousId: `visitor-${i}`,
        event: 'Visited',
      })),
    );
    await ingest(b, [{ type: 'track', anonymousId: 'visitor-0', event: 'Visited' }]);
    const ids: number[] = [];
    const sizes: number[] = [];
    let url = '/api/v1/customers?limit=7';
    for (let pages = 0; pages < 10; pages++) {
      const page = await customers(a, url);
      ids.push(...page.items.map((c) => c.id));
      sizes.push(page.items.length);
      if (page.next === null) break;
      url = `/api/v1/customers?limit=7&cursor=${encodeURIComponent(page.next)}`;
    }
    assert.deepEqual(sizes, [7, 7, 7, 4]);
    assert.equal(new Set(ids).size, 25);
    assert.deepEqual(
      ids,
      [...ids].sort((x, y) => y - x),
    );
    const all = await customers(a, '/api/v1/customers?limit=1000');
    assert.deepEqual(
      ids,
      all.items.map((c) => c.id),
    );
    assert.equal(all.next, null);

    assertError(await get(a, '/api/v1/customers?cursor=not-a-cursor'), 400, 'bad_request');
  });
});

describe('event timeline', () => {
  test('newest first, filtered by name, type and time', async (t) => {
    const { a, ingest, events, get, customerOf } = await setup(t);
    await ingest(a, [
      { type: 'identify', userId: 'u1', messageId: 'e0', timestamp: at(0) },
      { type: 'track', userId: 'u1', messageId: 'e3', event: 'Viewed', timestamp: at(30) },
      { type: 'track', userId: 'u1', messageId: 'e1', event: 'Viewed', timestamp: at(10) },
      { type: 'page', userId: 'u1', messageId: 'e2', name: 'Pricing', timestamp: at(20) },
      {
        type: 'track',
        userId: 'u1',
        messageId: 'e4',
        event: 'Bought',
        timestamp: at(40),
        properties: { total: 9 },
      },
      { type: 'track', userId: 'u2', messageId: 'x1', event: 'Viewed', timestamp: at(35) },
    ]);
    const id = await customerOf(a, 'u1');
    const base = `/api/v1/customers/${id}/events`;
    const timeline = async (query = '') => (await events(a, `${base}${query}`)).items.map((e) => e.messageId);

    assert.deepEqual(await timeline(), ['e4', 'e3', 'e2', 'e1', 'e0']);
    assert.deepEqual(await timeline('?name=Viewed'), ['e3', 'e1']);
    assert.deepEqual(await timeline('?type=page'), ['e2']);
    assert.deepEqual(await timeline('?type=identify'), ['e0']);
    assert.deepEqual(
      await timeline(`?from=${at(10)}&to=${at(30)}`),
      ['e2', 'e1'],
      'from inclusive, to exclusive',
    );
    assert.deepEqual(await timeline(`?from=${at(30)}`), ['e4', 'e3']);
    assert.deepEqual(await timeline(`?to=${at(10)}`), ['e0']);
    assert.deepEqual(await timeline(`?name=Viewed&from=${at(20)}`), ['e3']);

    const first = await events(a, `${base}?limit=1`);
    assert.deepEqual(first.items[0], {
      id: first.items[0].id,
      customerId: id,
      messageId: 'e4',
      type: 'track',
      name: 'Bought',
      userId: 'u1',
      anonymousId: null,
      timestamp: at(40),
      receivedAt: new Date(T).toISOString(),
      properties: { total: 9 },
      payload: first.items[0].payload,
      internal: false,
      stage: first.items[0].stage,
      channel: first.items[0].channel,
      touchpoint: first.items[0].touchpoint,
      campaign: null,
      // Segment's e-commerce `total` stands for the value when there is no `revenue`.
      value: 9,
    });
    const paged: string[] = [];
    for (let url = `${base}?limit=2`; ; ) {
      const page = await events(a, url);
      paged.push(...page.items.map((e) => e.messageId));
      if (!page.next) break;
      url = `${base}?limit=2&cursor=${encodeURIComponent(page.next)}`;
    }
    assert.deepEqual(paged, ['e4', 'e3', 'e2', 'e1', 'e0']);

    assertError(await get(a, `${base}?from=${at(30)}&to=${at(30)}`), 400, 'bad_request');
    assertError(await get(a, `${base}?type=purchase`), 400, 'bad_request');
    assertError(await get(a, `${base}?from=yesterday`), 400, 'bad_request');
    assertError(await get(a, '/api/v1/customers/999999/events'), 404, 'not_found');
    assertError(await get(a, '/api/v1/customers/abc'), 400, 'bad_request');
  });
});

describe('merged customers', () => {
  test('a merged-away id resolves to the survivor, with resolvedFrom and the merge on record', async (t) => {
    const { a, b, ingest, customers, events, detail, get, customerOf } = await setup(t);
    await ingest(a, [{ type: 'identify', userId: 'u9', messageId: 'k1', timestamp: at(5) }]);
    await ingest(a, [
      { type: 'track', anonymousId: 'dev-1', messageId: 'k2', event: 'Browsed', timestamp: at(1) },
    ]);
    const survivor = await customerOf(a, 'u9');
    const device = (await customers(a, '/api/v1/customers')).items.find((c) => c.id !== survivor)?.id;
    assert.ok(device);
    assert.notEqual(device, survivor);

    await ingest(a, [
      { type: 'identify', userId: 'u9', anonymousId: 'dev-1', messageId: 'k3', timestamp: at(9) },
    ]);
    const merged = await detail(a, `/api/v1/customers/${device}`);
    assert.equal(merged.customer.id, survivor);
    assert.equal(merged.resolvedFrom, device);
    assert.equal(merged.customer.firstSeen, at(1));
    assert.equal(merged.customer.lastSeen, at(9));
    assert.deepEqual(
      merged.merges.map((m) => [m.fromCustomerId, m.intoCustomerId, m.messageId]),
      [[device, survivor, 'k3']],
    );
    assert.deepEqual(merged.identities.map((i) => `${i.kind}:${i.value}`).sort(), [
      'anonymous_id:dev-1',
      'user_id:u9',
    ]);
    const direct = await detail(a, `/api/v1/customers/${survivor}`);
    assert.equal(direct.resolvedFrom, undefined);

    const timeline = await events(a, `/api/v1/customers/${device}/events`);
    assert.deepEqual(
      timeline.items.map((e) => [e.messageId, e.customerId]),
      [
        ['k3', survivor],
        ['k1', survivor],
        ['k2', survivor],
      ],
    );
    assert.deepEqual(
      (await customers(a, '/api/v1/customers')).items.map((c) => c.id),
      [survivor],
    );
    assertError(await get(b, `/api/v1/customers/${device}`), 404, 'not_found');
  });
});

describe('docs, health and metrics', () => {
  test('/api/openapi.json lists the customer routes and /api/docs serves HTML', async (t) => {
    const { app } = await setup(t);
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(doc.openapi, /^3\./);
    for (const path of [
      '/api/v1/customers',
      '/api/v1/customers/{id}',
      '/api/v1/customers/{id}/events',
      '/api/v1/events',
    ]) {
      assert.ok(doc.paths[path]?.get, `${path} is documented`);
    }
    assert.ok(!Object.keys(doc.paths).includes('/healthz'), 'hidden routes stay out of the document');

    let docs = await app.inject({ method: 'GET', url: '/api/docs' });
    if (docs.statusCode >= 300 && docs.statusCode < 400) {
      docs = await app.inject({
        method: 'GET',
        url: new URL(String(docs.headers.location), 'http://x/api/docs').pathname,
      });
    }
    assert.equal(docs.statusCode, 200);
    assert.match(String(docs.headers['content-type']), /text\/html/);
    assert.match(docs.body, /<html/i);
  });

  test('/healthz answers ok while the store answers, 503 once it does not', async (t) => {
    const { app, store } = await setup(t);
    const ok = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { status: 'ok', store: 'sqlite', queuedEvents: 0 });
    await store.close();
    const down = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(down.statusCode, 503);
    assert.deepEqual(down.json(), { status: 'unavailable', store: 'sqlite' });
  });

  test('/metrics is Prometheus text that counts ingested messages by outcome', async (t) => {
    const { app, a, ingest } = await setup(t);
    const scrape = async () => {
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain/);
      return res.body;
    };
    assert.doesNotMatch(await scrape(), /loopline_ingest_messages_total\{outcome="stored"\}/);
    const batch = [
      { type: 'track', userId: 'u1', messageId: 'p1', event: 'A' },
      { type: 'track', userId: 'u1', messageId: 'p2', event: 'B' },
      { type: 'track', userId: 'u1', messageId: 'p3' },
    ];
    await ingest(a, batch);
    await ingest(a, batch.slice(0, 1));
    const text = await scrape();
    assert.match(text, /# TYPE loopline_ingest_messages_total counter/);
    assert.match(text, /^loopline_ingest_messages_total\{outcome="stored"\} 2$/m);
    assert.match(text, /^loopline_ingest_messages_total\{outcome="duplicate"\} 1$/m);
    assert.match(text, /^loopline_ingest_messages_total\{outcome="rejected"\} 1$/m);
    assert.match(text, /^loopline_ingest_commit_events_count 2$/m);
    assert.match(
      text,
      /loopline_http_request_duration_seconds_count\{method="POST",route="\/v1\/batch",status="200"\} 2/,
    );
  });
});
