import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, test } from 'node:test';
import { ManualClock } from '../core/index.ts';
import { ChannelsConfigError } from './check-channels-config.ts';
import { createChannels } from './create-channels.ts';
import { startHttpServer } from './test-http-server.ts';
import { testNet } from './test-net.ts';
import { startSmtpServer } from './test-smtp-server.ts';

const clock = new ManualClock('2026-03-01T10:00:00Z');
const smtp = await startSmtpServer({ users: { u: 'good' } });
const http = await startHttpServer((req, res) => {
  if (req.url.startsWith('/2010-04-01/Accounts/AC1.json')) {
    const ok = req.headers.authorization === `Basic ${Buffer.from('AC1:tok').toString('base64')}`;
    return void res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
  }
  res.writeHead(req.url === '/fail' ? 410 : 200).end();
});
after(() => Promise.all([smtp.close(), http.close()]));

const dkimKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
});
const deps = (net = testNet()) => ({ clock, lookup: net.lookup, connector: net.connector });
const loopbackOnly = { allow: ['127.0.0.1'] };

test('builds the configured channels; the others are null', async () => {
  const channels = createChannels({ webhook: { secret: 'a-secret-of-16-chars' } }, deps());
  assert.equal(channels.email, null);
  assert.equal(channels.sms, null);
  assert.ok(channels.webhook);
  assert.deepEqual(await channels.test('email'), { ok: false, error: 'no email provider is configured' });
  assert.deepEqual(await channels.test('sms'), { ok: false, error: 'no SMS provider is configured' });
  await channels.close();
});

test('tests each channel and says what failed in words', async () => {
  const settings = (pass: string, token: string) => ({
    email: {
      smtpUrl: `smtp://u:${pass}@loopback.test:${smtp.port}`,
      dkim: { domain: 'shop.example', selector: 's1', privateKey: dkimKey },
    },
    sms: { provider: 'twilio', baseUrl: http.url, accountSid: 'AC1', authToken: token, from: '+15005550006' },
    webhook: { secret: 'a-secret-of-16-chars' },
    outbound: loopbackOnly,
  });
  const net = testNet();
  const good = createChannels(settings('good', 'tok'), deps(net));
  assert.deepEqual(await good.test('email'), {
    ok: true,
    detail: `connected to loopback.test:${smtp.port}, logged in as u`,
  });
  assert.deepEqual(await good.test('sms'), { ok: true, detail: 'the account AC1 answers' });
  assert.deepEqual(await good.testWebhook(`${http.url}/hook`), {
    ok: true,
    detail: 'the receiver answered HTTP 200',
  });
  const delivered = JSON.parse(http.received.at(-1)!.body.toString());
  assert.deepEqual(delivered, { type: 'loopline.test', at: '2026-03-01T10:00:00.000Z' });
  const failed = await good.testWebhook(`${http.url}/fail`);
  assert.deepEqual(failed, { ok: false, error: 'webhook answered HTTP 410' });
  const refused = await good.testWebhook('http://169.254.169.254/');
  assert.match(refused.ok ? '' : refused.error, /169\.254\.169\.254 is a metadata address/);
  await good.close();

  const bad = createChannels(settings('wrong', 'nope'), deps(net));
  const email = await bad.test('email');
  assert.match(email.ok ? '' : email.error, /^SMTP 535: .*Authentication credentials invalid/);
  assert.deepEqual(await bad.test('sms'), {
    ok: false,
    error: 'the SMS provider refused the account SID and auth token',
  });
  await bad.close();
  assert.equal(net.violations.length, 0);
});

test('the default policy keeps the workspace SMTP server off loopback; the operator server may skip the guard', async () => {
  const net = testNet({}, { refuseAll: true });
  const guarded = createChannels({ email: { smtpUrl: `smtp://u:good@127.0.0.1:${smtp.port}` } }, deps(net));
  const check = await guarded.test('email');
  assert.match(check.ok ? '' : check.error, /127\.0\.0\.1 is a loopback address/);
  assert.deepEqual(net.connects, []);
  await guarded.close();
  const operator = createChannels(
    { email: { smtpUrl: `smtp://u:good@127.0.0.1:${smtp.port}`, guarded: false } },
    deps(net),
  );
  assert.equal((await operator.test('email')).ok, true);
  await operator.close();
});

test('refuses invalid settings with every problem named by its path', () => {
  const issues = (settings: unknown) => {
    try {
      createChannels(settings, deps());
    } catch (error) {
      assert.ok(error instanceof ChannelsConfigError);
      return error.issues.map((i) => `${i.path}: ${i.message}`);
    }
    assert.fail('expected a ChannelsConfigError');
  };
  assert.deepEqual(
    issues({ email: { smtpUrl: 'http://mail.example.com' }, webhook: { secret: 'short' }, fax: {} }),
    ['fax: is not a known setting', 'webhook.secret: must not have fewer than 16 characters'],
  );
  assert.deepEqual(
    issues({
      email: { smtpUrl: 'http://x', dkim: { domain: 'shop.example', selector: 's1', privateKey: 'nope' } },
      sms: { provider: 'twilio', accountSid: 'AC1', authToken: 't', baseUrl: 'ftp://x' },
      outbound: { allow: ['10.0.0.0/8', 'intranet'] },
    }),
    [
      'email.smtpUrl: the SMTP URL must start with smtp:// or smtps://, not http://',
      'email.dkim.privateKey: is not a PEM private key',
      'sms: needs exactly one of from (an E.164 number) or messagingServiceSid',
      'sms.baseUrl: must be an http(s) URL',
      'outbound.allow[1]: "intranet" is not an address or a network in CIDR form (e.g. 10.0.0.0/8 or fd00::/8)',
    ],
  );
  const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const small = generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });
  const dkim = (privateKey: string) =>
    issues({ email: { smtpUrl: 'smtp://h', dkim: { domain: 'shop.example', selector: 's1', privateKey } } });
  assert.deepEqual(dkim(ed), ['email.dkim.privateKey: must be an RSA key (got ed25519)']);
  assert.deepEqual(dkim(small.toString()), [
    'email.dkim.privateKey: must have at least 1024 bits, 2048 recommended (got 512)',
  ]);
  const from = issues({ sms: { provider: 'twilio', accountSid: 'A', authToken: 't', from: '0612345678' } });
  assert.equal(from.length, 1);
  assert.match(from[0]!, /^sms\.from: /);
  const message = (() => {
    try {
      createChannels({ webhook: { secret: 1 } }, deps());
    } catch (error) {
      return (error as Error).message;
    }
  })();
  assert.match(message ?? '', /^Invalid channel settings:\n {2}webhook\.secret: /);
});
