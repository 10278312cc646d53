import { createPublicKey, verify } from 'node:crypto';
import type { Clock } from '../../core/index.ts';
import type { DeliveryReport } from '../types.ts';
import {
  bareMessageId,
  isRecord,
  parseBody,
  type ReportsResult,
  refused,
  text,
  timeOf,
} from './report-fields.ts';

/** The headers SendGrid's signed Event Webhook adds. */
export const SENDGRID_HEADERS = {
  signature: 'x-twilio-email-event-webhook-signature',
  timestamp: 'x-twilio-email-event-webhook-timestamp',
} as const;

export type SendgridOptions = {
  /** The verification key SendGrid shows for the webhook: an ECDSA P-256 public key, base64 DER (SPKI). */
  publicKey: string;
  clock: Clock;
  /** How far the signed timestamp may be from now, against replays (default 10 minutes). */
  toleranceMs?: number;
};

/**
 * Reads a SendGrid Event Webhook request: the ECDSA (P-256, SHA-256) signature over the timestamp
 * header followed by the raw body is verified first, then `delivered`, `bounce` (type `bounce` is a
 * hard bounce, `blocked` a soft one) and `spamreport` events become reports; the others (processed,
 * deferred, dropped, open, click, ...) are not provider reports about the address and are skipped.
 */
export function readSendgridEvents(
  body: Buffer | string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  options: SendgridOptions,
): ReportsResult {
  const signature = String(headers[SENDGRID_HEADERS.signature] ?? '');
  const timestamp = String(headers[SENDGRID_HEADERS.timestamp] ?? '');
  if (!signature || !/^\d+$/.test(timestamp)) return refused('the SendGrid signature headers are missing');
  const now = options.clock.now();
  if (Math.abs(now - Number(timestamp) * 1000) > (options.toleranceMs ?? 600_000)) {
    return refused('the SendGrid signature timestamp is too far from now');
  }
  let holds = false;
  try {
    const key = createPublicKey({
      key: Buffer.from(options.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    const signed = Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]);
    holds = verify('sha256', signed, key, Buffer.from(signature, 'base64'));
  } catch {
    holds = false;
  }
  if (!holds) return refused('the SendGrid signature does not verify');
  const parsed = parseBody(body);
  if (!parsed.ok) return parsed;
  if (!Array.isArray(parsed.value)) return refused('the SendGrid body is not a list of events');
  return { ok: true, reports: parsed.value.filter(isRecord).flatMap((e) => eventReport(e, now)) };
}

function eventReport(e: Record<string, unknown>, now: number): DeliveryReport[] {
  const email = text(e.email);
  if (!email) return [];
  const base = {
    email,
    // sg_message_id is the X-Message-Id SendGrid answered the send with, a filter suffix after a dot.
    providerId: text(e.sg_message_id)?.split('.')[0] ?? null,
    messageId: bareMessageId(e['smtp-id']),
    at: timeOf(e.timestamp, now),
  };
  const detail = text(e.reason) ?? text(e.response) ?? null;
  if (e.event === 'delivered') return [{ ...base, kind: 'delivered', bounce: null, detail }];
  if (e.event === 'spamreport') return [{ ...base, kind: 'complained', bounce: null, detail }];
  if (e.event === 'bounce') {
    return [{ ...base, kind: 'bounced', bounce: e.type === 'blocked' ? 'soft' : 'hard', detail }];
  }
  return [];
}
