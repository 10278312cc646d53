import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { after, test } from 'node:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { ManualClock } from '../core/index.ts';
import { createSmtpEmailChannel } from './smtp-email-channel.ts';
import { selfSignedCertificate } from './test-certificate.ts';
import { testNet } from './test-net.ts';
import { startSmtpServer } from './test-smtp-server.ts';
import type { EmailMessage } from './types.ts';

const smtp = await startSmtpServer();
const authed = await startSmtpServer({ users: { mailer: 'p@ss:w/rd' } });
after(() => Promise.all([smtp.close(), authed.close()]));

const message = (over: Partial<EmailMessage> = {}): EmailMessage => ({
  from: 'Loopline Shop <hello@shop.example>',
  to: 'ada@example.com',
  subject: 'Welcome, Ada',
  html: '<p>Hi <b>Ada</b></p>',
  text: 'Hi Ada',
  headers: {
    'List-Unsubscribe': '<https://shop.example/u/abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'X-Loopline-Journey': 'welcome',
  },
  messageId: '<o-17.w-1@shop.example>',
  ...over,
});

const header = (raw: string, name: string) =>
  raw.match(new RegExp(`^${name}: ?(.*(?:\\r\\n[ \\t].*)*)`, 'im'))?.[1]?.replace(/\r\n[ \t]+/g, ' ');

test('a message arrives with its Message-ID and headers', async () => {
  const clock = new ManualClock('2026-03-01T10:00:00Z');
  const channel = createSmtpEmailChannel({ url: `smtp://127.0.0.1:${smtp.port}`, clock });
  const result = await channel.send(message());
  await channel.close();
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(header(smtp.received.at(-1)!.raw, 'Date'), 'Sun, 01 Mar 2026 10:00:00 +0000');
  assert.equal(result.providerId, `Q${smtp.received.length}`);
  const got = smtp.received.at(-1)!;
  assert.deepEqual([got.from, got.to], ['hello@shop.example', ['ada@example.com']]);
  assert.equal(header(got.raw, 'Message-ID'), '<o-17.w-1@shop.example>');
  assert.equal(header(got.raw, 'List-Unsubscribe'), '<https://shop.example/u/abc>');
  assert.equal(header(got.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  assert.equal(header(got.raw, 'X-Loopline-Journey'), 'welcome');
  assert.equal(header(got.raw, 'Subject'), 'Welcome, Ada');
  assert.match(got.raw, /multipart\/alternative/);
});

test('authenticates with the URL credentials; wrong ones are a permanent 535', async () => {
  const good = createSmtpEmailChannel({
    url: `smtp://mailer:${encodeURIComponent('p@ss:w/rd')}@127.0.0.1:${authed.port}`,
  });
  const ok = await good.send(message());
  await good.close();
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.equal(authed.received.at(-1)?.user, 'mailer');
  const bad = createSmtpEmailChannel({ url: `smtp://mailer:nope@127.0.0.1:${authed.port}` });
  const refused = await bad.send(message());
  await bad.close();
  assert.ok(!refused.ok && refused.permanent, JSON.stringify(refused));
  assert.match(refused.ok ? '' : refused.error, /535/);
});

test('a 550 rejection is permanent, a 451 transient, an unreachable server transient', async () => {
  const channel = createSmtpEmailChannel({ url: `smtp://127.0.0.1:${smtp.port}` });
  const rejected = await channel.send(message({ to: 'reject-550@example.com' }));
  const deferred = await channel.send(message({ to: 'defer-451@example.com' }));
  await channel.close();
  assert.ok(!rejected.ok && rejected.permanent, JSON.stringify(rejected));
  assert.match(rejected.ok ? '' : rejected.error, /550.*No such user/);
  assert.ok(!deferred.ok && !deferred.permanent, JSON.stringify(deferred));
  assert.match(deferred.ok ? '' : deferred.error, /451/);
  const gone = await startSmtpServer();
  await gone.close();
  const down = createSmtpEmailChannel({ url: `smtp://127.0.0.1:${gone.port}` });
  const unreachable = await down.send(message());
  await down.close();
  assert.ok(!unreachable.ok && !unreachable.permanent, JSON.stringify(unreachable));
});

test('the pool reuses its connections, bounded in number and in messages per connection', async () => {
  const before = smtp.sessions.length;
  const channel = createSmtpEmailChannel({
    url: `smtp://127.0.0.1:${smtp.port}`,
    maxConnections: 1,
    maxMessages: 4,
  });
  for (let i = 0; i < 6; i++)
    assert.ok((await channel.send(message({ messageId: `<p${i}@shop.example>` }))).ok);
  await channel.close();
  const sessions = smtp.received.slice(-6).map((m) => m.session);
  assert.equal(new Set(sessions).size, 2, 'six messages, four per connection: two connections');
  assert.equal(smtp.sessions.length - before, 2);
});

test('concurrent sends share at most maxConnections connections', async () => {
  const before = smtp.sessions.length;
  const channel = createSmtpEmailChannel({
    url: `smtp://127.0.0.1:${smtp.port}`,
    maxConnections: 2,
    maxMessages: 100,
  });
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => channel.send(message({ messageId: `<c${i}@shop.example>` }))),
  );
  await channel.close();
  assert.ok(results.every((r) => r.ok));
  assert.ok(smtp.sessions.length - before <= 2, `${smtp.sessions.length - before} connections`);
  const ids = smtp.received.slice(-10).map((m) => header(m.raw, 'Message-ID'));
  assert.deepEqual(new Set(ids), new Set(Array.from({ length: 10 }, (_, i) => `<c${i}@shop.example>`)));
});

test('the DKIM signature verifies and covers the List-Unsubscribe headers (RFC 6376, RFC 8058)', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dkim = {
    domain: 'shop.example',
    selector: 'll2026',
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  const channel = createSmtpEmailChannel({ url: `smtp://127.0.0.1:${smtp.port}`, dkim });
  assert.ok((await channel.send(message())).ok);
  await channel.close();
  const raw = smtp.received.at(-1)!.raw;
  const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
  const resolver = async (name: string, type: string) => {
    if (name === 'll2026._domainkey.shop.example' && type === 'TXT') return [[record]];
    throw Object.assign(new Error(`no ${type} for ${name}`), { code: 'ENOTFOUND' });
  };
  const verdict = await dkimVerify(raw, { resolver });
  const signature = verdict.results[0]!;
  assert.equal(signature.status.result, 'pass', JSON.stringify(signature.status));
  assert.equal(signature.signingDomain, 'shop.example');
  const signed = signature
    .signingHeaders!.keys.toLowerCase()
    .split(':')
    .map((k) => k.trim());
  for (const h of ['from', 'subject', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post']) {
    assert.ok(signed.includes(h), `${h} is signed (${signed})`);
  }
  // Changing a signed header breaks the signature: the check is real.
  const tampered = raw.replace('List-Unsubscribe=One-Click', 'List-Unsubscribe=Two-Click');
  const broken = await dkimVerify(tampered, { resolver });
  assert.notEqual(broken.results[0]!.status.result, 'pass');
});

test('through the address guard: a server on loopback is refused unless allowed', async () => {
  const refused = testNet({}, { refuseAll: true });
  const guarded = createSmtpEmailChannel({ url: `smtp://loopback.test:${smtp.port}`, net: refused });
  const result = await guarded.send(message());
  await guarded.close();
  assert.ok(!result.ok && result.permanent, JSON.stringify(result));
  assert.match(result.ok ? '' : result.error, /loopback\.test resolves to 127\.0\.0\.1/);
  assert.deepEqual(refused.connects, []);
  const allowed = testNet({ allow: ['127.0.0.1'] });
  const ok = createSmtpEmailChannel({ url: `smtp://loopback.test:${smtp.port}`, net: allowed });
  assert.ok((await ok.send(message())).ok);
  await ok.close();
  assert.deepEqual(
    allowed.connects.map((c) => c.address),
    ['127.0.0.1'],
  );
});

test('a closed channel sends nothing', async () => {
  const channel = createSmtpEmailChannel({ url: `smtp://127.0.0.1:${smtp.port}` });
  await channel.close();
  const result = await channel.send(message());
  assert.ok(!result.ok && !result.permanent);
});

test('smtps: implicit TLS over the guarded socket, verified against the host name', async () => {
  const { cert, key } = selfSignedCertificate('loopback.test', ['DNS:loopback.test']);
  const secure = await startSmtpServer({ implicitTls: { key, cert } });
  const net = testNet({ allow: ['127.0.0.1'] });
  const channel = createSmtpEmailChannel({ url: `smtps://loopback.test:${secure.port}`, net, ca: cert });
  const result = await channel.send(message());
  await channel.close();
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(header(secure.received.at(-1)!.raw, 'Message-ID'), '<o-17.w-1@shop.example>');
  const untrusted = createSmtpEmailChannel({ url: `smtps://loopback.test:${secure.port}`, net });
  const refused = await untrusted.send(message());
  await untrusted.close();
  assert.ok(!refused.ok && !refused.permanent, JSON.stringify(refused));
  assert.match(refused.ok ? '' : refused.error, /certificate/i);
  await secure.close();
});

test('a server that accepts but never greets is a transient failure after the greeting timeout', async () => {
  const mute = createServer((socket) => socket.resume());
  await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
  const port = (mute.address() as AddressInfo).port;
  const channel = createSmtpEmailChannel({ url: `smtp://127.0.0.1:${port}`, timeouts: { greetingMs: 200 } });
  const result = await channel.send(message());
  await channel.close();
  assert.ok(!result.ok && !result.permanent, JSON.stringify(result));
  assert.match(result.ok ? '' : result.error, /greeting/i);
  mute.close();
});
