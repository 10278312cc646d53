import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ManualClock } from '../core/index.ts';
import { httpExchange } from './http-exchange.ts';
import { startHttpServer } from './test-http-server.ts';
import { testNet } from './test-net.ts';
import { createWebhookChannel } from './webhook-channel.ts';

const clock = new ManualClock('2026-03-01T10:00:00Z');
const net = testNet({ allow: ['127.0.0.1'] });
const channel = createWebhookChannel({
  secret: 'whsec_test',
  net,
  clock,
  limits: { maxResponseBytes: 1024, maxRedirects: 2 },
});

const server = await startHttpServer((req, res) => {
  const path = new URL(req.url, 'http://x');
  const status = Number(path.searchParams.get('status') ?? 200);
  if (path.pathname === '/silent') return; // never answers
  if (path.pathname === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
  if (path.pathname === '/big') return void res.writeHead(200).end('x'.repeat(1_000_000));
  res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'thanks' : 'nope');
});
after(() => server.close());

// The verifying snippet of docs/webhooks.md, run as it is printed there.
const docs = readFileSync(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');
const snippet = docs.match(/```js\n([\s\S]*?)```/)?.[1] ?? '';
const file = join(await mkdtemp(join(tmpdir(), 'loopline-webhook-')), 'verify.mjs');
writeFileSync(file, snippet);
const { verifyLooplineWebhook } = (await import(pathToFileURL(file).href)) as {
  verifyLooplineWebhook(secret: string, body: Buffer, headers: object, now?: number): boolean;
};

test('posts the JSON body with its signature, and the documented snippet verifies it', async () => {
  const body = { event: 'Order Completed', total: 12.5, name: 'Zoë' };
  const result = await channel.send({
    url: `${server.url}/hook`,
    body,
    id: 'dlv-42',
    headers: { 'X-Extra': 'yes', 'loopline-signature': 'forged' },
  });
  assert.deepEqual(result, { ok: true, providerId: null, detail: 'HTTP 200' });
  const got = server.received.at(-1)!;
  assert.equal(got.method, 'POST');
  assert.equal(got.headers['content-type'], 'application/json');
  assert.equal(got.headers['loopline-delivery-id'], 'dlv-42');
  assert.equal(got.headers['loopline-timestamp'], String(clock.now() / 1000));
  assert.equal(got.headers['x-extra'], 'yes');
  assert.deepEqual(JSON.parse(got.body.toString()), body);
  const now = clock.now() / 1000;
  assert.equal(verifyLooplineWebhook('whsec_test', got.body, got.headers, now), true);
  assert.equal(verifyLooplineWebhook('other-secret', got.body, got.headers, now), false);
  const tampered = Buffer.from(got.body.toString().replace('12.5', '125'));
  assert.equal(verifyLooplineWebhook('whsec_test', tampered, got.headers, now), false);
  assert.equal(
    verifyLooplineWebhook('whsec_test', got.body, got.headers, now + 301),
    false,
    'replayed too late',
  );
  const rotated = { ...got.headers, 'loopline-signature': `v1=00, ${got.headers['loopline-signature']}` };
  assert.equal(verifyLooplineWebhook('whsec_test', got.body, rotated, now), true);
});

test('maps answers: 2xx ok; 408, 429, 5xx transient; other 4xx permanent', async () => {
  const expected: [number, boolean | 'ok'][] = [
    [200, 'ok'],
    [202, 'ok'],
    [408, false],
    [429, false],
    [500, false],
    [503, false],
    [400, true],
    [401, true],
    [404, true],
    [410, true],
  ];
  for (const [status, permanent] of expected) {
    const result = await channel.send({
      url: `${server.url}/s?status=${status}`,
      body: {},
      id: `s${status}`,
    });
    if (permanent === 'ok') assert.equal(result.ok, true, String(status));
    else {
      assert.ok(!result.ok, String(status));
      assert.equal(result.permanent, permanent, String(status));
      assert.match(result.error, new RegExp(`HTTP ${status}: nope`));
    }
  }
});

test('a server that never answers times out (transient); a closed port is a transient connection failure', async () => {
  const quick = createWebhookChannel({ secret: 's', net, clock, limits: { totalTimeoutMs: 300 } });
  const silent = await quick.send({ url: `${server.url}/silent`, body: {}, id: 't' });
  assert.ok(!silent.ok && !silent.permanent);
  assert.match(silent.ok ? '' : silent.error, /within 300 ms/);
  const closed = await startHttpServer(() => {});
  const port = closed.port;
  await closed.close();
  const refused = await channel.send({ url: `http://127.0.0.1:${port}/`, body: {}, id: 'c' });
  assert.ok(!refused.ok && !refused.permanent);
  assert.match(refused.ok ? '' : refused.error, /could not connect to 127\.0\.0\.1/);
});

test('a name that does not resolve is transient (DNS may come back), with nothing connected', async () => {
  const before = net.connects.length;
  const result = await channel.send({ url: 'http://unknown.test/hook', body: {}, id: 'd' });
  assert.ok(!result.ok && !result.permanent);
  assert.match(result.ok ? '' : result.error, /unknown\.test did not resolve: getaddrinfo ENOTFOUND/);
  assert.equal(net.connects.length, before);
});

test('redirect loops and URLs that are not http(s) are permanent failures', async () => {
  const loop = await channel.send({ url: `${server.url}/loop`, body: {}, id: 'l' });
  assert.ok(!loop.ok && loop.permanent);
  assert.match(loop.ok ? '' : loop.error, /more than 2 redirects/);
  const bad = await channel.send({ url: 'ftp://127.0.0.1/', body: {}, id: 'f' });
  assert.ok(!bad.ok && bad.permanent);
  assert.match(bad.ok ? '' : bad.error, /only http and https/);
});

test('reads no more of an answer than the cap', async () => {
  const big = await channel.send({ url: `${server.url}/big`, body: {}, id: 'b' });
  assert.ok(big.ok, 'the status is what counts');
  const limits = {
    connectTimeoutMs: 10_000,
    totalTimeoutMs: 20_000,
    maxResponseBytes: 1000,
    maxRedirects: 0,
  };
  const res = await httpExchange({ url: `${server.url}/big`, method: 'GET', headers: {} }, net, limits);
  assert.equal(res.body.length, 1000);
  assert.equal(res.truncated, true);
  assert.equal(net.violations.length, 0);
});

test('a body that is not JSON is a permanent failure, not an exception', async () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  for (const body of [{ n: 1n }, cyclic]) {
    const result = await channel.send({ url: `${server.url}/hook`, body, id: 'j' });
    assert.ok(!result.ok && result.permanent);
    assert.match(result.ok ? '' : result.error, /cannot be sent as JSON/);
  }
});

test('a closed channel sends nothing', async () => {
  const ch = createWebhookChannel({ secret: 's', net, clock });
  await ch.close();
  const before = server.received.length;
  const result = await ch.send({ url: `${server.url}/hook`, body: {}, id: 'z' });
  assert.ok(!result.ok && !result.permanent);
  assert.equal(server.received.length, before);
});
