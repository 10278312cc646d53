import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { startHttpServer, type TestNet, testNet } from '../channels/testing.ts';
import { HOUR } from '../core/index.ts';
import { checkTemplate, type TemplateContent } from '../messaging/index.ts';
import { adminApi } from '../testing/index.ts';

// Issue 14's SSRF test, end to end: a journey's webhook send node, through the outbox and the send job,
// with the workspace's own webhook channel. The server is built with testNet's connector and resolver
// installed before anything runs, so a broken guard fails the test instead of reaching another machine.

const T = Date.parse('2027-03-01T09:00:00Z');

// The URL comes from the triggering event, so one journey covers every target.
const HOOK: TemplateContent = {
  channel: 'webhook',
  url: '{{ event.target }}',
  body: '{"user": "{{ customer.user_id }}"}',
};

const JOURNEY = {
  key: 'ping',
  name: 'Ping a receiver',
  trigger: { kind: 'event', event: 'Ping' },
  start: 'hook',
  nodes: [{ id: 'hook', kind: 'send', channel: 'webhook', template: 'hook', next: null }],
};

type Message = {
  channel: string;
  status: string;
  attempts: number;
  lastError: string | null;
  address: string;
};

/** A server whose workspace "shop" has a webhook secret, `outbound` as its policy, and the journey live. */
async function shopWith(t: TestContext, net: TestNet, outbound: Record<string, unknown> | null) {
  const api = await adminApi(t, T, { runJobs: false, outboundNet: net });
  const { call, store, ws } = api;
  const check = await checkTemplate(HOOK);
  assert.ok(check.ok, JSON.stringify(check));
  await store.templates.create(ws.id, { key: 'hook', name: 'Hook', topic: null, content: HOOK }, T);
  await store.templates.publish(ws.id, 'hook', { content: HOOK, compiled: check.compiled }, T);
  const settings = await call('PUT', '/api/v1/settings/messaging', {
    from: 'Shop <hello@shop.example>',
    providers: { webhook: { secret: 'a-webhook-signing-secret' }, ...(outbound ? { outbound } : {}) },
  });
  assert.equal(settings.statusCode, 200, settings.body);
  const created = (await call('POST', '/api/v1/journeys', { document: JOURNEY })).json();
  const published = await call('POST', `/api/v1/journeys/${created.id}/publish`);
  assert.equal(published.statusCode, 200, published.body);

  /** Each target pinged by its own customer through the journey; the messages, by address. */
  const ping = async (targets: readonly string[]) => {
    for (const [i, target] of targets.entries())
      await api.send('track', { userId: `c${i}`, event: 'Ping', properties: { target } });
    await api.engine.runUntilIdle();
    await api.runDueJobs();
    const items: Message[] = (await call('GET', '/api/v1/messages?limit=100')).json().items;
    return new Map(items.map((m) => [m.address, m]));
  };
  return { ...api, ping };
}

/** Every message failed once, for good: recorded with `reason`, and nothing is due to retry it later. */
async function assertRefused(
  messages: Map<string, Message>,
  cases: readonly (readonly [string, RegExp])[],
  later: () => Promise<number>,
) {
  assert.equal(messages.size, cases.length, [...messages.keys()].join());
  for (const [url, reason] of cases) {
    const m = messages.get(url);
    assert.ok(m, `a message to ${url}`);
    assert.equal(m.channel, 'webhook');
    assert.equal(m.status, 'failed', url);
    assert.equal(m.attempts, 1, url);
    assert.match(m.lastError ?? '', reason, url);
  }
  assert.equal(await later(), 0, 'no retry is scheduled for a permanent failure');
}

test('a journey webhook to loopback, private, metadata or a name resolving to loopback is refused, never connected', async (t) => {
  // refuseAll: even a loopback connection counts as a violation here.
  const net = testNet({}, { refuseAll: true });
  const { ping, clock, runDueJobs } = await shopWith(t, net, null);
  const cases = [
    ['http://127.0.0.1/hook', /127\.0\.0\.1 is a loopback address/],
    ['http://10.0.0.1/hook', /10\.0\.0\.1 is a private address/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a metadata address/],
    ['http://[::1]:8080/hook', /::1 is a loopback address/],
    ['http://loopback.test/hook', /loopback\.test resolves to 127\.0\.0\.1: 127\.0\.0\.1 is a loopback/],
  ] as const;
  const messages = await ping(cases.map(([url]) => url));
  await assertRefused(messages, cases, async () => {
    clock.advance(24 * HOUR);
    return runDueJobs();
  });
  assert.deepEqual(net.connects, [], 'no connection was attempted');
  assert.deepEqual(net.lookups, ['loopback.test'], 'only the name was resolved, by the injected resolver');
});

test('a redirect from a loopback receiver the workspace allows to a refused address is refused, never followed', async (t) => {
  const receiver = await startHttpServer((req, res) => {
    const to = new URL(req.url, 'http://x').searchParams.get('to');
    res.writeHead(307, { location: to ?? '/' }).end();
  });
  t.after(receiver.close);
  const net = testNet();
  // The workspace setting lets its channels reach 127.0.0.1 (the receiver) and nothing else private.
  const { ping, clock, runDueJobs } = await shopWith(t, net, { allow: ['127.0.0.1/32'] });
  const via = (to: string) => `${receiver.url}/r?to=${encodeURIComponent(to)}`;
  const cases = [
    [via('http://10.0.0.1/'), /10\.0\.0\.1 is a private address/],
    [via('http://169.254.169.254/'), /169\.254\.169\.254 is a metadata address/],
    [via('http://[::1]/'), /::1 is a loopback address/],
    [via('http://loopback6.test/'), /loopback6\.test resolves to ::1/],
  ] as const;
  const messages = await ping(cases.map(([url]) => url));
  await assertRefused(messages, cases, async () => {
    clock.advance(24 * HOUR);
    return runDueJobs();
  });
  assert.equal(receiver.received.length, cases.length, 'each first hop reached the allowed receiver once');
  assert.ok(receiver.received.every((r) => r.method === 'POST'));
  assert.deepEqual(
    net.connects.map((c) => c.address),
    cases.map(() => '127.0.0.1'),
    'only the allowed first hops were connected',
  );
  assert.deepEqual(net.violations, []);
});
