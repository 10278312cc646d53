import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { ManualClock } from '../../core/index.ts';
import { readPostmarkWebhook } from './postmark-webhook.ts';
import { readSendgridEvents, SENDGRID_HEADERS } from './sendgrid-events.ts';

const clock = new ManualClock('2026-03-01T10:00:00Z');
const seconds = clock.now() / 1000;

// SendGrid's verification key is an ECDSA P-256 public key, shown base64 DER; it signs timestamp + body.
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const sendgridKey = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const signed = (body: string, timestamp = String(seconds)) => ({
  [SENDGRID_HEADERS.timestamp]: timestamp,
  [SENDGRID_HEADERS.signature]: sign('sha256', Buffer.from(timestamp + body), privateKey).toString('base64'),
});

const events = JSON.stringify([
  {
    email: 'ada@example.com',
    timestamp: seconds - 5,
    event: 'delivered',
    'smtp-id': '<o-1@shop.example>',
    sg_message_id: 'abc123.filter0001.1',
    response: '250 OK',
  },
  {
    email: 'bob@example.com',
    timestamp: seconds - 4,
    event: 'bounce',
    type: 'bounce',
    reason: '550 5.1.1 unknown user',
    sg_message_id: 'def.x',
  },
  {
    email: 'cy@example.com',
    timestamp: seconds - 3,
    event: 'bounce',
    type: 'blocked',
    reason: '421 try later',
  },
  { email: 'di@example.com', timestamp: seconds - 2, event: 'spamreport', sg_message_id: 'ghi.y' },
  { email: 'ed@example.com', timestamp: seconds - 1, event: 'open' },
  { email: 'ed@example.com', timestamp: seconds - 1, event: 'deferred' },
]);

test('SendGrid: verified events become deliveries, hard and soft bounces and complaints', () => {
  const result = readSendgridEvents(events, signed(events), { publicKey: sendgridKey, clock });
  assert.ok(result.ok, result.ok ? '' : result.reason);
  assert.deepEqual(
    result.reports.map((r) => [r.kind, r.bounce, r.email, r.messageId, r.providerId, r.at, r.detail]),
    [
      ['delivered', null, 'ada@example.com', 'o-1@shop.example', 'abc123', clock.now() - 5000, '250 OK'],
      ['bounced', 'hard', 'bob@example.com', null, 'def', clock.now() - 4000, '550 5.1.1 unknown user'],
      ['bounced', 'soft', 'cy@example.com', null, null, clock.now() - 3000, '421 try later'],
      ['complained', null, 'di@example.com', null, 'ghi', clock.now() - 2000, null],
    ],
  );
});

test('SendGrid: a changed body, another key, an old timestamp or no signature is refused', () => {
  const headers = signed(events);
  const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
  const cases: [string, Record<string, string>, string, RegExp][] = [
    [events.replace('bob@', 'eve@'), headers, sendgridKey, /does not verify/],
    [events, headers, other.export({ type: 'spki', format: 'der' }).toString('base64'), /does not verify/],
    [events, signed(events, String(seconds - 3600)), sendgridKey, /too far from now/],
    [events, {}, sendgridKey, /missing/],
    [events, headers, 'not a key', /does not verify/],
  ];
  for (const [body, h, key, reason] of cases) {
    const r = readSendgridEvents(body, h, { publicKey: key, clock });
    assert.ok(!r.ok);
    assert.match(r.reason, reason);
  }
});

const basic = `Basic ${Buffer.from('postmark:hook-secret').toString('base64')}`;
const postmark = (record: object) =>
  readPostmarkWebhook(JSON.stringify(record), basic, {
    username: 'postmark',
    password: 'hook-secret',
    clock,
  });

test('Postmark: bounce types map to hard or soft; complaints and deliveries are read', () => {
  const bounce = (Type: string) => ({
    RecordType: 'Bounce',
    Type,
    MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
    Email: 'ada@example.com',
    BouncedAt: '2026-03-01T09:00:00Z',
    Details: 'smtp;550 5.1.1 no such user',
  });
  const kinds = [
    'HardBounce',
    'BadEmailAddress',
    'SoftBounce',
    'Transient',
    'DnsError',
    'AutoResponder',
    'SpamNotification',
  ].map((type) => {
    const r = postmark(bounce(type));
    return r.ok ? r.reports.map((x) => x.bounce) : r.reason;
  });
  assert.deepEqual(kinds, [['hard'], ['hard'], ['soft'], ['soft'], ['soft'], [], []]);
  const hard = postmark(bounce('HardBounce'));
  assert.deepEqual(hard.ok && hard.reports[0], {
    kind: 'bounced',
    bounce: 'hard',
    email: 'ada@example.com',
    messageId: null,
    providerId: '883953f4-6105-42a2-a16a-77a8eac79483',
    at: Date.parse('2026-03-01T09:00:00Z'),
    detail: 'HardBounce: smtp;550 5.1.1 no such user',
  });
  const spam = postmark({
    RecordType: 'SpamComplaint',
    Type: 'SpamComplaint',
    Email: 'bob@example.com',
    MessageID: 'm2',
  });
  assert.deepEqual(spam.ok && spam.reports.map((r) => [r.kind, r.email, r.at]), [
    ['complained', 'bob@example.com', clock.now()],
  ]);
  const delivered = postmark({
    RecordType: 'Delivery',
    Recipient: 'cy@example.com',
    MessageID: 'm3',
    DeliveredAt: '2026-03-01T09:30:00Z',
    Details: 'ok',
  });
  assert.deepEqual(delivered.ok && delivered.reports.map((r) => [r.kind, r.email, r.at]), [
    ['delivered', 'cy@example.com', Date.parse('2026-03-01T09:30:00Z')],
  ]);
});

test('Postmark: wrong or missing credentials are refused', () => {
  const body = JSON.stringify({ RecordType: 'Bounce', Type: 'HardBounce', Email: 'a@example.com' });
  const opts = { username: 'postmark', password: 'hook-secret', clock };
  for (const auth of [
    undefined,
    '',
    `Basic ${Buffer.from('postmark:wrong').toString('base64')}`,
    basic.toLowerCase(),
  ]) {
    const r = readPostmarkWebhook(body, auth, opts);
    assert.ok(!r.ok && /credentials do not match/.test(r.reason), String(auth));
  }
  assert.ok(!readPostmarkWebhook('{', basic, opts).ok);
});
