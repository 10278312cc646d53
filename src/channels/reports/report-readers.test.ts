import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { ChannelsConfigError } from '../check-channels-config.ts';
import { createChannels } from '../create-channels.ts';
import { SENDGRID_HEADERS } from './sendgrid-events.ts';
import { clock, notify, sesBounce, setup, TOPIC } from './test-sns.ts';

const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const publicKey = ec.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const settings = {
  reports: {
    ses: { topicArns: [TOPIC] },
    sendgrid: { publicKey },
    postmark: { username: 'pm', password: 'sixteen-chars-pw' },
  },
};
const channels = createChannels(settings, { clock, snsVerifier: setup().options.verifier });

test('reads each configured provider through the workspace settings', async () => {
  const ses = await channels.reports.read('ses', { body: notify(sesBounce('Permanent')), headers: {} });
  assert.deepEqual(ses.ok && ses.reports.map((r) => [r.kind, r.bounce, r.email]), [
    ['bounced', 'hard', 'ada@example.com'],
  ]);

  const events = JSON.stringify([
    { email: 'bob@example.com', event: 'spamreport', timestamp: clock.now() / 1000 },
  ]);
  const ts = String(Math.floor(clock.now() / 1000));
  const headers = {
    [SENDGRID_HEADERS.timestamp]: ts,
    [SENDGRID_HEADERS.signature]: sign('sha256', Buffer.from(ts + events), ec.privateKey).toString('base64'),
  };
  const sendgrid = await channels.reports.read('sendgrid', { body: events, headers });
  assert.deepEqual(sendgrid.ok && sendgrid.reports.map((r) => [r.kind, r.email]), [
    ['complained', 'bob@example.com'],
  ]);

  const authorization = [`Basic ${Buffer.from('pm:sixteen-chars-pw').toString('base64')}`];
  const body = JSON.stringify({ RecordType: 'Bounce', Type: 'SoftBounce', Email: 'cy@example.com' });
  const postmark = await channels.reports.read('postmark', { body, headers: { authorization } });
  assert.deepEqual(postmark.ok && postmark.reports.map((r) => [r.kind, r.bounce]), [['bounced', 'soft']]);
});

test('a provider the workspace did not configure is refused', async () => {
  const bare = createChannels({}, { clock });
  const r = await bare.reports.read('postmark', { body: '{}', headers: {} });
  assert.deepEqual(r, {
    ok: false,
    reason: 'no postmark delivery reports are configured for this workspace',
  });
});

test('report settings are validated: topic ARNs, the SendGrid key, the Postmark password', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
    type: 'spki',
    format: 'der',
  });
  const issuesOf = (reports: object) => {
    try {
      createChannels({ reports }, { clock });
      return [];
    } catch (error) {
      assert.ok(error instanceof ChannelsConfigError);
      return error.issues.map((i) => i.path);
    }
  };
  assert.deepEqual(issuesOf({ ses: { topicArns: ['my-topic'] } }), ['reports.ses.topicArns[0]']);
  assert.deepEqual(issuesOf({ ses: { topicArns: [] } }), ['reports.ses.topicArns']);
  assert.deepEqual(issuesOf({ sendgrid: { publicKey: 'bm90IGEga2V5' } }), ['reports.sendgrid.publicKey']);
  assert.deepEqual(issuesOf({ sendgrid: { publicKey: rsa.toString('base64') } }), [
    'reports.sendgrid.publicKey',
  ]);
  assert.deepEqual(issuesOf({ postmark: { username: 'pm', password: 'short' } }), [
    'reports.postmark.password',
  ]);
  assert.deepEqual(issuesOf(settings.reports), []);
});

test('an SMS sender is an E.164 number or an alphanumeric sender ID', () => {
  const sms = (from: string) => {
    try {
      createChannels({ sms: { provider: 'twilio', accountSid: 'AC1', authToken: 't', from } }, { clock });
      return true;
    } catch {
      return false;
    }
  };
  assert.deepEqual(['+14155550100', 'LOOPLINE', 'Shop 24', '0612345678', '+0123', 'TWELVE_CHARS'].map(sms), [
    true,
    true,
    true,
    false,
    false,
    false,
  ]);
});
