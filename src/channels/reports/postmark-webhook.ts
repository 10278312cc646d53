import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../core/index.ts';
import type { DeliveryReport } from '../types.ts';
import { isRecord, parseBody, type ReportsResult, refused, text, timeOf } from './report-fields.ts';

export type PostmarkOptions = {
  /** The user and password set in the webhook's URL at Postmark (it sends them as HTTP Basic auth). */
  username: string;
  password: string;
  clock: Clock;
};

// Postmark's bounce Type values: those that say the address cannot receive mail, and those that may
// pass later. The rest (AutoResponder, SpamNotification, Subscribe, OpenRelayTest, ...) say nothing
// about the address's deliverability and are skipped.
const HARD = new Set(['HardBounce', 'BadEmailAddress', 'ManuallyDeactivated']);
const SOFT = new Set([
  'SoftBounce',
  'Transient',
  'DnsError',
  'Blocked',
  'SMTPApiError',
  'DMARCPolicy',
  'Undeliverable',
]);

/**
 * Reads a Postmark webhook request (Bounce, SpamComplaint and Delivery records), authenticated with
 * the Basic credentials (RFC 7617) configured in its URL, compared in constant time.
 */
export function readPostmarkWebhook(
  body: Buffer | string,
  authorization: string | undefined,
  options: PostmarkOptions,
): ReportsResult {
  const expected = Buffer.from(
    `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`,
  );
  const given = Buffer.from(authorization ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return refused('the Postmark webhook credentials do not match');
  }
  const parsed = parseBody(body);
  if (!parsed.ok) return parsed;
  if (!isRecord(parsed.value)) return refused('the Postmark body is not a record');
  return { ok: true, reports: postmarkReports(parsed.value, options.clock.now()) };
}

function postmarkReports(r: Record<string, unknown>, now: number): DeliveryReport[] {
  const base = { messageId: null, providerId: text(r.MessageID) };
  const detail = text(r.Details) ?? text(r.Description);
  const email = text(r.Email) ?? text(r.Recipient);
  if (!email) return [];
  if (r.RecordType === 'Delivery') {
    return [{ ...base, kind: 'delivered', bounce: null, email, at: timeOf(r.DeliveredAt, now), detail }];
  }
  const type = text(r.Type) ?? '';
  const at = timeOf(r.BouncedAt, now);
  if (r.RecordType === 'SpamComplaint' || type === 'SpamComplaint') {
    return [{ ...base, kind: 'complained', bounce: null, email, at, detail }];
  }
  if (r.RecordType !== 'Bounce' || !(HARD.has(type) || SOFT.has(type))) return [];
  return [
    {
      ...base,
      kind: 'bounced',
      bounce: HARD.has(type) ? 'hard' : 'soft',
      email,
      at,
      detail: detail ? `${type}: ${detail}` : type,
    },
  ];
}
