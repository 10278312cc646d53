import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, test } from 'node:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { ManualClock } from '../core/index.ts';
import { createSmtpEmailChannel } from './smtp-email-channel.ts';
import { headerOf as header, sampleEmail as message, startSmtpServer } from './test-smtp-server.ts';

const smtp = await startSmtpServer();
const authed = await startSmtpServer({ users: { mailer: 'p@ss:w/rd' } });
after(() => Promise.all([smtp.close(), authed.close()]));

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

test('a closed channel sends nothing', async () => {
  const channel = createSmtpEmailChannel({ url: `smtp://127.0.0.1:${smtp.port}` });
  await channel.close();
  const result = await channel.send(message());
  assert.ok(!result.ok && !result.permanent);
});

test('line breaks in a subject or header value cannot add a header or a recipient', async () => {
  const channel = createSmtpEmailChannel({ url: `smtp://127.0.0.1:${smtp.port}` });
  const result = await channel.send(
    message({ subject: 'Hi\r\nBcc: evil@example.com', headers: { 'X-Note': 'v\r\nBcc: evil2@example.com' } }),
  );
  await channel.close();
  assert.ok(result.ok);
  const got = smtp.received.at(-1)!;
  assert.deepEqual(got.to, ['ada@example.com']);
  const head = got.raw.split('\r\n\r\n')[0]!;
  assert.doesNotMatch(head, /^Bcc:/im);
  assert.equal(header(got.raw, 'Subject'), 'Hi Bcc: evil@example.com');
});
