import type { Clock } from '../../core/index.ts';
import type { DeliveryReport } from '../types.ts';
import {
  bareMessageId,
  isRecord,
  type JsonRecord,
  parseBody,
  type ReportsResult,
  refused,
  text,
  timeOf,
} from './report-fields.ts';
import { isSnsUrl, type SnsVerifier } from './sns-verifier.ts';

/** An SES-over-SNS request: reports, a subscription to confirm (by fetching the URL), or a refusal. */
export type SesSnsResult = ReportsResult | { ok: true; reports: []; subscribeUrl: string; topicArn: string };

export type SesSnsOptions = {
  verifier: SnsVerifier;
  clock: Clock;
  /** The topics this workspace subscribed: any AWS account can sign a valid SNS message for its own topic. */
  topicArns: readonly string[];
};

/**
 * Reads an Amazon SNS HTTP(S) delivery carrying Amazon SES notifications (bounce, complaint and
 * delivery; both the identity notifications' `notificationType` and the configuration sets'
 * `eventType`). The SNS signature is verified first and the topic must be one of the workspace's. A
 * `SubscriptionConfirmation` is not fetched here: its SubscribeURL (checked to be Amazon SNS's) is
 * handed back for the caller to visit.
 */
export async function readSesSnsRequest(
  body: string | Buffer,
  options: SesSnsOptions,
): Promise<SesSnsResult> {
  const parsed = parseBody(body);
  if (!parsed.ok) return parsed;
  const sns = parsed.value;
  if (!isRecord(sns)) return refused('the body is not an SNS message');
  const topicArn = text(sns.TopicArn) ?? '';
  if (!options.topicArns.includes(topicArn))
    return refused(`the SNS topic ${topicArn || '(none)'} is not configured`);
  const problem = await options.verifier.check(sns);
  if (problem) return refused(problem);
  if (sns.Type === 'SubscriptionConfirmation') {
    const subscribeUrl = text(sns.SubscribeURL) ?? '';
    if (!isSnsUrl(subscribeUrl)) return refused(`the SubscribeURL is not Amazon SNS's: ${subscribeUrl}`);
    return { ok: true, reports: [], subscribeUrl, topicArn };
  }
  if (sns.Type !== 'Notification') return { ok: true, reports: [] };
  const ses = parseBody(String(sns.Message));
  if (!ses.ok || !isRecord(ses.value)) return refused('the SNS message does not carry an SES notification');
  return { ok: true, reports: sesReports(ses.value, options.clock.now()).filter((r) => r.email !== '') };
}

// SES bounce types: Permanent means the address will not accept mail; Transient (mailbox full, message
// too large, ...) and Undetermined may pass later.
const HARD_BOUNCE = 'Permanent';

/** The delivery reports in one SES notification (one per recipient). */
export function sesReports(n: JsonRecord, now: number): DeliveryReport[] {
  const type = text(n.notificationType) ?? text(n.eventType);
  const mail = isRecord(n.mail) ? n.mail : {};
  const common = isRecord(mail.commonHeaders) ? mail.commonHeaders : {};
  const base = { messageId: bareMessageId(common.messageId), providerId: text(mail.messageId) };
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  if (type === 'Bounce' && isRecord(n.bounce)) {
    const b = n.bounce;
    const hard = b.bounceType === HARD_BOUNCE;
    return list(b.bouncedRecipients)
      .filter(isRecord)
      .map((r) => ({
        ...base,
        kind: 'bounced',
        bounce: hard ? 'hard' : 'soft',
        email: text(r.emailAddress) ?? '',
        at: timeOf(b.timestamp, now),
        detail:
          [b.bounceType, b.bounceSubType, r.diagnosticCode].filter((x) => typeof x === 'string').join(': ') ||
          null,
      }));
  }
  if (type === 'Complaint' && isRecord(n.complaint)) {
    const c = n.complaint;
    return list(c.complainedRecipients)
      .filter(isRecord)
      .map((r) => ({
        ...base,
        kind: 'complained',
        bounce: null,
        email: text(r.emailAddress) ?? '',
        at: timeOf(c.timestamp, now),
        detail: text(c.complaintFeedbackType),
      }));
  }
  if (type === 'Delivery' && isRecord(n.delivery)) {
    const d = n.delivery;
    return list(d.recipients)
      .filter((r): r is string => typeof r === 'string')
      .map((email) => ({
        ...base,
        kind: 'delivered',
        bounce: null,
        email,
        at: timeOf(d.timestamp, now),
        detail: text(d.smtpResponse),
      }));
  }
  return [];
}
