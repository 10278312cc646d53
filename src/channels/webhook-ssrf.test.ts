import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ManualClock } from '../core/index.ts';
import { startHttpServer } from './test-http-server.ts';
import { type TestNet, testNet } from './test-net.ts';
import { createWebhookChannel } from './webhook-channel.ts';

// The SSRF acceptance test of issue 14: webhooks to loopback, private, metadata addresses, to a name
// that resolves to one and through a redirect to one are refused by default, before any connection is
// opened. The connector of testNet fails the test if it is asked to connect anywhere it must not.

const clock = new ManualClock('2026-03-01T10:00:00Z');
const channel = (net: TestNet) => createWebhookChannel({ secret: 'whsec_test', net, clock });
const message = (url: string) => ({ url, body: { hello: 'world' }, id: 'dlv-1' });

const server = await startHttpServer((req, res) => {
  const to = new URL(req.url, 'http://x').searchParams.get('to');
  if (to) res.writeHead(307, { location: to }).end();
  else res.writeHead(204).end();
});
after(() => server.close());

const refusedByDefault: [string, RegExp][] = [
  ['http://127.0.0.1/hook', /127\.0\.0\.1 is a loopback address/],
  ['http://10.0.0.1/hook', /10\.0\.0\.1 is a private address/],
  ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a metadata address/],
  ['http://[::1]:8080/hook', /::1 is a loopback address/],
  ['http://[::ffff:127.0.0.1]/hook', /::ffff:7f00:1 is a loopback address/],
  ['http://loopback.test/hook', /loopback\.test resolves to 127\.0\.0\.1: 127\.0\.0\.1 is a loopback/],
  ['http://metadata.test/hook', /resolves to 169\.254\.169\.254/],
  ['http://mixed.test/hook', /mixed\.test resolves to 10\.0\.0\.1: 10\.0\.0\.1 is a private/],
  ['http://[fd00:ec2::254]/', /metadata/],
  ['http://0.0.0.0:1234/', /unspecified/],
];

test('refuses loopback, private, metadata and names resolving to them, before any connection', async () => {
  for (const [url, reason] of refusedByDefault) {
    const net = testNet({}, { refuseAll: true });
    const result = await channel(net).send(message(url));
    assert.equal(result.ok, false, url);
    assert.ok(!result.ok && result.permanent, `${url} is a permanent failure`);
    assert.match(!result.ok ? result.error : '', reason, url);
    assert.deepEqual(net.connects, [], `${url} opened no connection`);
  }
});

test('a redirect from an allowed loopback server to a refused address is refused, never connected', async () => {
  const net = testNet({ allow: ['127.0.0.1/32'] });
  for (const to of [
    'http://10.0.0.1/',
    'http://169.254.169.254/',
    'http://loopback6.test/',
    'http://[::1]/',
  ]) {
    const result = await channel(net).send(message(`${server.url}/r?to=${encodeURIComponent(to)}`));
    assert.ok(!result.ok && result.permanent, to);
    assert.match(!result.ok ? result.error : '', /refused/, to);
  }
  assert.equal(net.violations.length, 0);
  assert.ok(net.connects.every((c) => c.address === '127.0.0.1'));
  assert.equal(net.connects.length, 4, 'only the first hop of each was connected');
});

test('the allow-list lets a workspace reach its own loopback host, and a redirect among allowed ones is followed', async () => {
  const net = testNet({ allowPrivate: true });
  const to = `http://loopback.test:${server.port}/final`;
  const result = await channel(net).send(message(`${server.url}/r?to=${encodeURIComponent(to)}`));
  assert.deepEqual(result, { ok: true, providerId: null, detail: 'HTTP 204' });
  assert.equal(server.received.at(-1)?.url, '/final');
  assert.equal(server.received.at(-1)?.method, 'POST', 'a 307 repeats the POST');
  assert.equal(server.received.at(-1)?.headers.host, `loopback.test:${server.port}`);
  assert.equal(net.violations.length, 0);
});

test('allowing private networks does not allow the metadata address', async () => {
  const net = testNet({ allowPrivate: true }, { refuseAll: true });
  const result = await channel(net).send(message('http://169.254.169.254/'));
  assert.ok(!result.ok && result.permanent);
  assert.deepEqual(net.connects, []);
});

test('connects to the address that was checked, with a single lookup (no rebinding)', async () => {
  const net = testNet({ allow: ['127.0.0.0/8'] });
  const result = await channel(net).send(message(`http://loopback.test:${server.port}/once`));
  assert.ok(result.ok);
  assert.deepEqual(net.lookups, ['loopback.test']);
  assert.deepEqual(
    net.connects.map((c) => [c.address, c.hostname]),
    [['127.0.0.1', 'loopback.test']],
  );
});
