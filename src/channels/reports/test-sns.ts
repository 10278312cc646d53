import { sign } from 'node:crypto';
import { ManualClock } from '../../core/index.ts';
import { selfSignedCertificate } from '../test-certificate.ts';
import { SnsVerifier } from './sns-verifier.ts';

// Test support for the SNS tests: a self-signed certificate standing in for Amazon SNS's, and messages
// signed with its key as Amazon SNS documents.

export const { cert, key } = selfSignedCertificate('sns.amazonaws.com');
export const CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem';
export const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:loopline-ses';
export const clock = new ManualClock(Date.now());

export function setup() {
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
export function snsMessage(fields: Record<string, string>, version: '1' | '2' = '2') {
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

export const sesBounce = (bounceType: string) => ({
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

export const notify = (ses: object, version: '1' | '2' = '2') =>
  JSON.stringify(snsMessage({ Type: 'Notification', Message: JSON.stringify(ses) }, version));
