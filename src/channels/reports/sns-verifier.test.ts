import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../core/index.ts';
import { testNet } from '../test-net.ts';
import { readSesSnsRequest } from './ses-sns-reports.ts';
import { snsCertificateFetcher } from './sns-certificate-fetcher.ts';
import { SnsVerifier } from './sns-verifier.ts';
import { CERT_URL, cert, clock, notify, sesBounce, setup } from './test-sns.ts';

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
