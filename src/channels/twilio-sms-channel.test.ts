import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startHttpServer } from './test-http-server.ts';
import { testNet } from './test-net.ts';
import { createTwilioSmsChannel } from './twilio-sms-channel.ts';

// A provider that answers the way Twilio's REST API documents: 201 with the message resource, or an
// error object with its code.
const provider = await startHttpServer((req, res) => {
  const form = new URLSearchParams(req.body.toString());
  const to = form.get('To') ?? '';
  const json = (status: number, body: object) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (to === '+15005550001')
    return json(400, { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 });
  if (to === '+15005550009')
    return json(400, { code: 21614, message: "'To' number is not a valid mobile number", status: 400 });
  if (to === '+15005550429') return json(429, { code: 20429, message: 'Too Many Requests', status: 429 });
  if (to === '+15005550500') return void res.writeHead(503).end('unavailable');
  if (to === '+15005550401') return json(401, { code: 20003, message: 'Authenticate', status: 401 });
  json(201, { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued', to, body: form.get('Body') });
});
after(() => provider.close());

const net = testNet({ allow: ['127.0.0.1'] });
const channel = (over: object = {}) =>
  createTwilioSmsChannel({
    baseUrl: `${provider.url}/`,
    accountSid: 'AC00000000000000000000000000000001',
    authToken: 'token-xyz',
    from: '+15005550006',
    statusCallback: 'https://loopline.example/sms/status',
    net,
    ...over,
  });

test("sends Twilio's documented form with basic auth and returns the message sid", async () => {
  const result = await channel().send({ to: '+14155550100', body: 'Your code: 1234 — thanks!' });
  assert.deepEqual(result, { ok: true, providerId: 'SM0123456789abcdef0123456789abcdef', detail: 'queued' });
  const got = provider.received.at(-1)!;
  assert.equal(got.method, 'POST');
  assert.equal(got.url, '/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json');
  assert.equal(got.headers['content-type'], 'application/x-www-form-urlencoded');
  const auth = Buffer.from(String(got.headers.authorization).replace(/^Basic /, ''), 'base64').toString();
  assert.equal(auth, 'AC00000000000000000000000000000001:token-xyz');
  assert.deepEqual(Object.fromEntries(new URLSearchParams(got.body.toString())), {
    To: '+14155550100',
    Body: 'Your code: 1234 — thanks!',
    From: '+15005550006',
    StatusCallback: 'https://loopline.example/sms/status',
  });
});

test('a messaging service replaces From; an API key authenticates in place of the account', async () => {
  const ch = channel({
    from: undefined,
    messagingServiceSid: 'MG123',
    apiKeySid: 'SK999',
    statusCallback: undefined,
  });
  assert.ok((await ch.send({ to: '+14155550100', body: 'hi' })).ok);
  const got = provider.received.at(-1)!;
  const form = Object.fromEntries(new URLSearchParams(got.body.toString()));
  assert.deepEqual(form, { To: '+14155550100', Body: 'hi', MessagingServiceSid: 'MG123' });
  assert.match(Buffer.from(String(got.headers.authorization).slice(6), 'base64').toString(), /^SK999:/);
  assert.throws(() => channel({ messagingServiceSid: 'MG1' }), /exactly one of/);
  assert.throws(() => channel({ from: undefined }), /exactly one of/);
});

test('maps provider errors: invalid numbers permanent, 429 and 5xx transient', async () => {
  const cases: [string, boolean, RegExp][] = [
    ['+15005550001', true, /HTTP 400 \(error 21211: The 'To' number is not a valid phone number/],
    ['+15005550009', true, /21614/],
    ['+15005550401', true, /HTTP 401 \(error 20003/],
    ['+15005550429', false, /HTTP 429 \(error 20429/],
    ['+15005550500', false, /HTTP 503$/],
  ];
  for (const [to, permanent, error] of cases) {
    const result = await channel().send({ to, body: 'x' });
    assert.ok(!result.ok, to);
    assert.equal(result.permanent, permanent, to);
    assert.match(result.error, error);
  }
});

test('goes through the address guard: the default policy never connects to a loopback provider', async () => {
  const refusing = testNet({}, { refuseAll: true });
  const result = await channel({ net: refusing }).send({ to: '+14155550100', body: 'x' });
  assert.ok(!result.ok && result.permanent);
  assert.match(result.ok ? '' : result.error, /127\.0\.0\.1 is a loopback address/);
  assert.deepEqual(refusing.connects, []);
});
