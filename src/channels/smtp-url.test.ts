import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queueIdOf, smtpFailure } from './smtp-result.ts';
import { parseSmtpUrl } from './smtp-url.ts';

test('reads smtp and smtps URLs with their defaults', () => {
  assert.deepEqual(parseSmtpUrl('smtp://mail.example.com'), {
    host: 'mail.example.com',
    port: 587,
    secure: false,
    requireTLS: false,
    auth: null,
  });
  assert.deepEqual(parseSmtpUrl('smtps://apikey:s%40cret%2F@smtp.example.com:2465'), {
    host: 'smtp.example.com',
    port: 2465,
    secure: true,
    requireTLS: false,
    auth: { user: 'apikey', pass: 's@cret/' },
  });
  assert.equal(parseSmtpUrl('smtp://[::1]:25?requireTLS=true').host, '::1');
  assert.equal(parseSmtpUrl('smtp://h?requireTLS=true').requireTLS, true);
});

test('refuses unusable URLs in words, never echoing the password', () => {
  const bad: [string, RegExp][] = [
    ['mail.example.com', /is not a URL/],
    ['http://mail.example.com', /must start with smtp:\/\/ or smtps:\/\/, not http:/],
    ['smtp://', /is not a URL|has no host/],
    ['smtp://h/path', /must have no path/],
    ['smtp://h?pool=true', /unknown parameter "pool"/],
    ['smtp://h?requireTLS=yes', /requireTLS must be true or false/],
    ['smtp://:secret@h', /a password but no user/],
    ['smtp://u:%E0%A4%A@h', /not correctly percent-encoded/],
  ];
  for (const [url, message] of bad) {
    assert.throws(
      () => parseSmtpUrl(url, 'LOOPLINE_SMTP_URL'),
      (e: Error) =>
        message.test(e.message) && e.message.startsWith('LOOPLINE_SMTP_URL') && !e.message.includes('secret'),
      url,
    );
  }
});

test('maps SMTP failures by reply class (RFC 5321 4.2.1)', () => {
  const err = (props: object) => Object.assign(new Error('x'), props);
  assert.deepEqual(smtpFailure(err({ responseCode: 552, response: '552 too big' })), {
    ok: false,
    permanent: true,
    error: 'SMTP 552: 552 too big',
  });
  assert.equal(smtpFailure(err({ responseCode: 421, response: '421 busy' })).ok, false);
  assert.ok(
    !smtpFailure(err({ responseCode: 421 })).ok &&
      !(smtpFailure(err({ responseCode: 421 })) as { permanent: boolean }).permanent,
  );
  const conn = smtpFailure(err({ code: 'ECONNECTION' }));
  assert.ok(!conn.ok && !conn.permanent);
  const env = smtpFailure(err({ code: 'EENVELOPE' }));
  assert.ok(!env.ok && env.permanent);
});

test('finds the provider id in a 250 reply', () => {
  assert.equal(queueIdOf('250 2.0.0 Ok: queued as 4XyZ1'), '4XyZ1');
  assert.equal(
    queueIdOf('250 Ok 0100018c1a2b3c4d-5e6f-7a8b-9c0d-e1f2a3b4c5d6-000000'),
    '0100018c1a2b3c4d-5e6f-7a8b-9c0d-e1f2a3b4c5d6-000000',
  );
  assert.equal(queueIdOf('250 Accepted'), null);
});
