import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { test } from 'node:test';
import { ManualClock } from '../../core/index.ts';
import { selfSignedCertificate } from '../test-certificate.ts';
import { testNet } from '../test-net.ts';
import { readSesSnsRequest } from './ses-sns-reports.ts';
import { snsCertificateFetcher } from './sns-certificate-fetcher.ts';
import { SnsVerifier } from './sns-verifier.ts';

const { cert, key } = selfSignedCertificate('sns.amazonaws.com');
const CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:loopline-ses';
const clock = new ManualClock(Date.now());

function setup() {
  const fetched: string[] = [];
  const verifier = new SnsVerifier({
    clock,
    fetchCertificate: async (url) => {
      fetched.push(url);
      return cert;
    },
  });
  return { fetched, options: { verifier, clock, topicArns: [TOPIC] } };
}

// Amazon SNS signs these fields, those present, in byte order of their names.
const SIGNABLE = new Set([
  'Message',
  'MessageId',
  'Subject',
  'SubscribeURL',
  'Timestamp',
  'Token',
  'TopicArn',
  'Type',
]);

/** An SNS message signed the way Amazon SNS signs (its documented string to sign). */
function snsMessage(fields: Record<string, string>, version: '1' | '2' = '2') {
  const msg: Record<string, string> = {
    MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
    TopicArn: TOPIC,
    Timestamp: '2026-03-01T10:00:00.000Z',
    SignatureVersion: version,
    SigningCertURL: CERT_URL,
    ...fields,
  };
  const canonical = Object.keys(msg)
    .filter((f) => SIGNABLE.has(f))
    .sort()
    .map((f) => `${f}\n${msg[f]}\n`)
    .join('');
  msg.Signature = sign(version === '1' ? 'sha1' : 'sha256', Buffer.from(canonical), key).toString('base64');
  return msg;
}

const sesBounce = (bounceType: string) => ({
  notificationType: 'Bounce',
  bounce: {
    bounceType,
    bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
    bouncedRecipients: [{ emailAddress: 'ada@example.com', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
    timestamp: '2026-03-01T09:59:58.000Z',
  },
  mail: {
    messageId: '0100018c-ses-id',
    commonHeaders: { messageId: '<o-17.w-1@shop.example>' },
  },
});

const notify = (ses: object, version: '1' | '2' = '2') =>
  JSON.stringify(snsMessage({ Type: 'Notification', Message: JSON.stringify(ses) }, version));

test('a permanent SES bounce, signed with SignatureVersion 1 or 2, is a hard bounce', async () => {
  for (const version of ['1', '2'] as const) {
    const { options } = setup();
    const result = await readSesSnsRequest(notify(sesBounce('Permanent'), version), options);
    assert.deepEqual(result, {
      ok: true,
      reports: [
        {
          kind: 'bounced',
          bounce: 'hard',
          email: 'ada@example.com',
          messageId: 'o-17.w-1@shop.example',
          providerId: '0100018c-ses-id',
          at: Date.parse('2026-03-01T09:59:58.000Z'),
          detail: 'Permanent: General: smtp; 550 5.1.1 user unknown',
        },
      ],
    });
  }
});

test('transient and undetermined bounces are soft; complaints and deliveries are read', async () => {
  const { options } = setup();
  for (const type of ['Transient', 'Undetermined']) {
    const r = await readSesSnsRequest(notify(sesBounce(type)), options);
    assert.equal(r.ok && r.reports[0]?.bounce, 'soft', type);
  }
  const complaint = await readSesSnsRequest(
    notify({
      eventType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'bob@example.com' }],
        complaintFeedbackType: 'abuse',
        timestamp: '2026-03-01T11:00:00Z',
      },
      mail: { messageId: 'ses-2' },
    }),
    options,
  );
  assert.deepEqual(complaint.ok && complaint.reports.map((r) => [r.kind, r.email, r.detail, r.bounce]), [
    ['complained', 'bob@example.com', 'abuse', null],
  ]);
  const delivery = await readSesSnsRequest(
    notify({
      notificationType: 'Delivery',
      delivery: {
        recipients: ['a@example.com', 'b@example.com'],
        timestamp: '2026-03-01T10:00:01Z',
        smtpResponse: '250 ok',
      },
      mail: { messageId: 'ses-3' },
    }),
    options,
  );
  assert.deepEqual(delivery.ok && delivery.reports.map((r) => [r.kind, r.email, r.providerId]), [
    ['delivered', 'a@example.com', 'ses-3'],
    ['delivered', 'b@example.com', 'ses-3'],
  ]);
});

test('fetches each signing certificate once', async () => {
  const { options, fetched } = setup();
  await readSesSnsRequest(notify(sesBounce('Permanent')), options);
  await readSesSnsRequest(notify(sesBounce('Transient')), options);
  assert.deepEqual(fetched, [CERT_URL]);
});

test('a SubscriptionConfirmation hands back its SubscribeURL without fetching it', async () => {
  const { options, fetched } = setup();
  const url = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=abc`;
  const body = JSON.stringify(
    snsMessage({ Type: 'SubscriptionConfirmation', Message: 'confirm', SubscribeURL: url, Token: 'abc' }),
  );
  assert.deepEqual(await readSesSnsRequest(body, options), {
    ok: true,
    reports: [],
    subscribeUrl: url,
    topicArn: TOPIC,
  });
  assert.deepEqual(fetched, [CERT_URL], 'only the certificate was fetched');
  const evil = JSON.stringify(
    snsMessage({
      Type: 'SubscriptionConfirmation',
      Message: 'x',
      SubscribeURL: 'http://169.254.169.254/',
      Token: 'a',
    }),
  );
  const r = await readSesSnsRequest(evil, options);
  assert.ok(!r.ok && /SubscribeURL is not Amazon SNS's/.test(r.reason));
});

test('refuses tampered messages, foreign certificate URLs, unknown topics and expired certificates', async () => {
  const { options, fetched } = setup();
  const good = JSON.parse(notify(sesBounce('Permanent')));
  const tampered = { ...good, Message: good.Message.replace('ada@', 'eve@') };
  const cases: [object, RegExp][] = [
    [tampered, /signature does not verify/],
    [
      { ...good, SigningCertURL: 'https://sns.eu-west-1.amazonaws.com.evil.example/x.pem' },
      /not Amazon SNS's/,
    ],
    [{ ...good, SigningCertURL: 'http://sns.eu-west-1.amazonaws.com/x.pem' }, /not Amazon SNS's/],
    [{ ...good, SigningCertURL: 'https://sns.eu-west-1.amazonaws.com:8443/x.pem' }, /not Amazon SNS's/],
    [{ ...good, TopicArn: 'arn:aws:sns:eu-west-1:999999999999:theirs' }, /topic .* is not configured/],
    [{ ...good, SignatureVersion: '3' }, /unsupported SNS SignatureVersion/],
    [{ ...good, Type: 'Other' }, /unknown SNS message type/],
  ];
  for (const [msg, reason] of cases) {
    const r = await readSesSnsRequest(JSON.stringify(msg), options);
    assert.ok(!r.ok, String(reason));
    assert.match(r.reason, reason);
  }
  assert.ok(
    fetched.every((u) => u === CERT_URL),
    'no other URL was fetched',
  );
  assert.equal((await readSesSnsRequest('not json', options)).ok, false);
  const later = new ManualClock(clock.now() + 5 * 86_400_000);
  const expired = await readSesSnsRequest(notify(sesBounce('Permanent')), {
    ...options,
    verifier: new SnsVerifier({ clock: later, fetchCertificate: async () => cert }),
  });
  assert.ok(!expired.ok && /not valid now/.test(expired.reason));
});

test('the production fetcher refuses URLs that are not Amazon SNS certificates, without connecting', async () => {
  const net = testNet({}, { refuseAll: true });
  const fetch = snsCertificateFetcher(net);
  for (const url of [
    'https://evil.example/cert.pem',
    'http://sns.eu-west-1.amazonaws.com/c.pem',
    'https://sns.eu-west-1.amazonaws.com/c.txt',
  ]) {
    await assert.rejects(fetch(url), /is not an Amazon SNS certificate URL/, url);
  }
  assert.deepEqual(net.connects, []);
  assert.deepEqual(net.lookups, []);
});
