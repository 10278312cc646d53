import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSesSnsRequest } from './ses-sns-reports.ts';
import { CERT_URL, notify, sesBounce, setup, snsMessage, TOPIC } from './test-sns.ts';

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

test('an UnsubscribeConfirmation, once verified, carries no reports', async () => {
  const { options } = setup();
  const url = 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=x';
  const body = JSON.stringify(
    snsMessage({ Type: 'UnsubscribeConfirmation', Message: 'unsubscribed', SubscribeURL: url, Token: 'x' }),
  );
  assert.deepEqual(await readSesSnsRequest(body, options), { ok: true, reports: [] });
});
