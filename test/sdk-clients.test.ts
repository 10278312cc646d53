/**
 * The official, unmodified server-side SDKs talking to a real Loopline server over HTTP: every message
 * they send lands exactly once on the right profile, anonymous activity joins the identified profile,
 * and the merges are visible through the admin API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, type TestContext, test } from 'node:test';
import Rudder from '@rudderstack/rudder-sdk-node';
import { Analytics } from '@segment/analytics-node';
import type { SqliteStore } from '../src/storage/index.ts';
import { type LiveServer, startLiveServer } from './support/live-server.ts';

const WRITE_KEY = 'wk_sdk_test_0123456789';
const SECRET_KEY = 'sk_sdk_test_0123456789';

type Json = Record<string, unknown>;
type Customer = { id: number; userId: string | null; email: string | null; traits: Json };
type Identity = { kind: string; value: string };
type Merge = { fromCustomerId: number; intoCustomerId: number; reason: string; messageId: string };
type Event = {
  id: number;
  customerId: number;
  messageId: string;
  type: string;
  name: string | null;
  context?: Json;
};
type CustomerDetail = { customer: Customer; identities: Identity[]; merges: Merge[]; resolvedFrom?: number };

/** What the server saw of each /v1 request: who sent it, how it was encoded, what it answered. */
type Seen = { url: string; userAgent: string; encoding: string | undefined; status: number };

let live: LiveServer;
let store: SqliteStore;
let base: string;
let workspaceId: number;
const seen: Seen[] = [];

before(async () => {
  live = await startLiveServer({ writeKey: WRITE_KEY, secretKey: SECRET_KEY }, (server) => {
    server.app.addHook('onResponse', async (request, reply) => {
      if (!request.url.startsWith('/v1/')) return;
      seen.push({
        url: request.url,
        userAgent: String(request.headers['user-agent'] ?? ''),
        encoding: request.headers['content-encoding'],
        status: reply.statusCode,
      });
    });
  });
  ({ store, base, workspaceId } = live);
});

after(() => live?.close());

async function admin<T>(pathAndQuery: string): Promise<T> {
  const response = await fetch(base + pathAndQuery, { headers: { authorization: `Bearer ${SECRET_KEY}` } });
  const body = await response.json();
  assert.equal(response.status, 200, `GET ${pathAndQuery}: ${JSON.stringify(body)}`);
  return body as T;
}

/** Every page of an admin list endpoint. */
async function allPages<T>(pathAndQuery: string): Promise<T[]> {
  const items: T[] = [];
  const join = pathAndQuery.includes('?') ? '&' : '?';
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: { items: T[]; next: string | null } = await admin(`${pathAndQuery}${join}limit=7${suffix}`);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}

async function customerByUserId(userId: string): Promise<Customer> {
  const page = await admin<{ items: Customer[] }>(`/api/v1/customers?userId=${encodeURIComponent(userId)}`);
  assert.equal(page.items.length, 1, `exactly one customer has userId ${userId}`);
  return page.items[0];
}

/** The stored events carrying a probe, by probe: each message the test sends has its own probe. */
function byProbe(events: Event[]): Map<string, Event[]> {
  const map = new Map<string, Event[]>();
  for (const event of events) {
    const probe = event.context?.probe;
    if (typeof probe !== 'string') continue;
    map.set(probe, [...(map.get(probe) ?? []), event]);
  }
  return map;
}

/** Message fields as both SDKs' types accept them. */
type Props = Record<string, string | number | boolean>;

/** The five calls, made awaitable: each resolves once the SDK reports the message delivered. */
type Client = {
  identify(m: { userId: string; anonymousId?: string; traits: Props; context: Props }): Promise<void>;
  track(m: { anonymousId: string; event: string; properties: Props; context: Props }): Promise<void>;
  page(m: { anonymousId: string; name: string; properties: Props; context: Props }): Promise<void>;
  group(m: { userId: string; groupId: string; traits: Props; context: Props }): Promise<void>;
  alias(m: { userId: string; previousId: string; context: Props }): Promise<void>;
  close(): Promise<void>;
};

type Callback = (error?: unknown) => void;
const delivered = (send: (done: Callback) => void): Promise<void> =>
  new Promise((resolve, reject) => send((error) => (error ? reject(error) : resolve())));

function segmentClient(): Client {
  // flushAt 2 makes the five-odd messages of a phase go out in several batches.
  const analytics = new Analytics({ writeKey: WRITE_KEY, host: base, flushAt: 2, flushInterval: 20 });
  analytics.on('error', (error) => assert.fail(`Segment client error: ${JSON.stringify(error)}`));
  return {
    identify: (m) => delivered((cb) => analytics.identify(m, cb)),
    track: (m) => delivered((cb) => analytics.track(m, cb)),
    page: (m) => delivered((cb) => analytics.page(m, cb)),
    group: (m) => delivered((cb) => analytics.group(m, cb)),
    alias: (m) => delivered((cb) => analytics.alias(m, cb)),
    close: () => analytics.closeAndFlush({ timeout: 10_000 }),
  };
}

function rudderClient(): Client {
  // gzip is on by default in this SDK and stays on: the server must take compressed batches.
  const rudder = new Rudder(WRITE_KEY, {
    dataPlaneUrl: base,
    flushAt: 2,
    flushInterval: 20,
    logLevel: 'error',
    retryCount: 0,
  });
  // The SDK calls back with the delivery error, though its types say the callback takes no argument.
  const cb = (done: Callback) => done as () => void;
  return {
    identify: (m) => delivered((done) => rudder.identify(m, cb(done))),
    track: (m) => delivered((done) => rudder.track(m, cb(done))),
    page: (m) => delivered((done) => rudder.page(m, cb(done))),
    group: (m) => delivered((done) => rudder.group(m, cb(done))),
    alias: (m) => delivered((done) => rudder.alias(m, cb(done))),
    close: () => rudder.flush(),
  };
}

/**
 * One visitor's life, told through an SDK (ids prefixed so that the two SDKs' customers never meet):
 *  1. browses anonymously (anon-1): track + page;
 *  2. signs up: identify(user, anon-1), so the anonymous profile becomes the user's;
 *  3. uses a second device (anon-2) and a third (anon-3) anonymously: each is a separate profile;
 *  4. logs in on device 2: identify(user, anon-2) merges that profile into the user's;
 *  5. device 3 is linked by alias(previousId anon-3): an explicit merge; then group.
 * Every phase waits for the SDK to report delivery before the next, so the server sees them in order.
 */
async function visitorJourney(client: Client, prefix: string) {
  const user = `${prefix}-user-1`;
  const anon = [1, 2, 3].map((n) => `${prefix}-anon-${n}`);
  const probe = (name: string) => ({ probe: `${prefix}:${name}` });

  await Promise.all([
    client.track({
      anonymousId: anon[0],
      event: 'Viewed Pricing',
      properties: { plan: 'pro' },
      context: probe('track-1'),
    }),
    client.page({
      anonymousId: anon[0],
      name: 'Pricing',
      properties: { path: '/pricing' },
      context: probe('page-1'),
    }),
  ]);
  await client.identify({
    userId: user,
    anonymousId: anon[0],
    traits: { email: `${prefix}@example.com`, plan: 'pro' },
    context: probe('identify-1'),
  });
  await Promise.all([
    client.track({
      anonymousId: anon[1],
      event: 'Opened App',
      properties: { device: 'phone' },
      context: probe('track-2'),
    }),
    client.page({ anonymousId: anon[1], name: 'Home', properties: {}, context: probe('page-2') }),
    client.track({
      anonymousId: anon[2],
      event: 'Opened App',
      properties: { device: 'tablet' },
      context: probe('track-3'),
    }),
  ]);
  const beforeMerge = byProbe(await allPages<Event>('/api/v1/events'));
  const anon2Profile = beforeMerge.get(`${prefix}:track-2`)?.[0].customerId;
  const anon3Profile = beforeMerge.get(`${prefix}:track-3`)?.[0].customerId;

  await client.identify({
    userId: user,
    anonymousId: anon[1],
    traits: { device: 'phone' },
    context: probe('identify-2'),
  });
  await client.alias({ userId: user, previousId: anon[2], context: probe('alias-1') });
  await client.group({
    userId: user,
    groupId: `${prefix}-acme`,
    traits: { name: 'Acme' },
    context: probe('group-1'),
  });
  await client.close();

  return {
    user,
    anon,
    anon2Profile,
    anon3Profile,
    probes: [
      'track-1',
      'page-1',
      'identify-1',
      'track-2',
      'page-2',
      'track-3',
      'identify-2',
      'alias-1',
      'group-1',
    ].map((p) => `${prefix}:${p}`),
  };
}

async function assertJourney(t: TestContext, journey: Awaited<ReturnType<typeof visitorJourney>>) {
  const { user, anon, anon2Profile, anon3Profile, probes } = journey;
  const customer = await customerByUserId(user);

  await t.test('every message is stored exactly once, on the identified profile', async () => {
    const timeline = byProbe(await allPages<Event>(`/api/v1/customers/${customer.id}/events`));
    const everywhere = byProbe(await allPages<Event>('/api/v1/events'));
    for (const probe of probes) {
      assert.equal(everywhere.get(probe)?.length, 1, `${probe} stored once in the workspace`);
      assert.equal(timeline.get(probe)?.length, 1, `${probe} is on ${user}'s timeline`);
      assert.equal(timeline.get(probe)![0].customerId, customer.id);
    }
    // The engine adds its own events (Stage Entered, ...) to the timeline; these are the received ones.
    const all = await allPages<Event>(`/api/v1/customers/${customer.id}/events?internal=false`);
    assert.equal(all.length, probes.length, 'the timeline holds these messages and nothing else');
    const ids = all.map((e) => e.messageId);
    assert.equal(new Set(ids).size, ids.length, 'no messageId appears twice');
  });

  await t.test('anonymous track and page before identify are on the identified profile', async () => {
    const timeline = byProbe(await allPages<Event>(`/api/v1/customers/${customer.id}/events`));
    const track = timeline.get(probes[0])![0];
    const page = timeline.get(probes[1])![0];
    assert.deepEqual([track.type, track.name], ['track', 'Viewed Pricing']);
    assert.deepEqual([page.type, page.name], ['page', 'Pricing']);
  });

  await t.test(
    'the customer lists every identity and the merges of the separate anonymous profiles',
    async () => {
      const detail = await admin<CustomerDetail>(`/api/v1/customers/${customer.id}`);
      assert.equal(detail.customer.userId, user);
      assert.equal(detail.customer.traits.plan, 'pro');
      const identities = detail.identities.map((i) => `${i.kind}:${i.value}`).sort();
      assert.deepEqual(identities, [...anon.map((a) => `anonymous_id:${a}`), `user_id:${user}`].sort());

      assert.ok(
        anon2Profile && anon2Profile !== customer.id,
        'device 2 had a profile of its own before login',
      );
      assert.ok(
        anon3Profile && anon3Profile !== customer.id,
        'device 3 had a profile of its own before alias',
      );
      const merged = detail.merges.map((m) => [m.fromCustomerId, m.intoCustomerId]);
      assert.deepEqual(merged, [
        [anon2Profile, customer.id],
        [anon3Profile, customer.id],
      ]);
      assert.match(detail.merges[0].reason, /identify/);
      assert.match(detail.merges[1].reason, /alias/);

      const resolved = await admin<CustomerDetail>(`/api/v1/customers/${anon2Profile}`);
      assert.equal(resolved.customer.id, customer.id, 'a merged-away id resolves to the survivor');
      assert.equal(resolved.resolvedFrom, anon2Profile);
    },
  );
}

describe('@segment/analytics-node', () => {
  test('sends identify, track, page, group and alias through /v1/batch', async (t) => {
    const journey = await visitorJourney(segmentClient(), 'seg');
    const requests = seen.filter((s) => s.userAgent.startsWith('analytics-node-next'));
    assert.ok(requests.length >= 5, 'flushAt 2 made several batch requests');
    assert.ok(requests.every((r) => r.url === '/v1/batch' && r.status === 200));
    await assertJourney(t, journey);
  });
});

describe('@rudderstack/rudder-sdk-node', () => {
  test('sends gzipped identify, track, page, group and alias through /v1/batch', async (t) => {
    const journey = await visitorJourney(rudderClient(), 'rud');
    const requests = seen.filter((s) => /^analytics-node\/\d/.test(s.userAgent));
    assert.ok(requests.length >= 5, 'flushAt 2 made several batch requests');
    assert.ok(requests.every((r) => r.url === '/v1/batch' && r.status === 200 && r.encoding === 'gzip'));
    await assertJourney(t, journey);
  });
});

describe('raw batch retried with the same messageIds', () => {
  test('is stored once', async () => {
    const batch = Array.from({ length: 5 }, (_, i) => ({
      type: 'track',
      messageId: `retry-${i}`,
      userId: 'retry-user',
      event: 'Retried',
      properties: { i },
    }));
    const send = async () => {
      const response = await fetch(`${base}/v1/batch`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
      });
      assert.equal(response.status, 200);
      return (await response.json()) as { stored: number; duplicates: number };
    };
    const eventsBefore = await store.customers.countEvents(workspaceId);
    assert.deepEqual(await send(), { success: true, stored: 5, duplicates: 0, rejected: [] });
    assert.deepEqual(await send(), { success: true, stored: 0, duplicates: 5, rejected: [] });
    assert.equal(await store.customers.countEvents(workspaceId), eventsBefore + 5);

    const customer = await customerByUserId('retry-user');
    const events = await allPages<Event>(`/api/v1/customers/${customer.id}/events?internal=false`);
    assert.deepEqual(events.map((e) => e.messageId).sort(), batch.map((m) => m.messageId).sort());
  });
});
