import type { JsonObject, Message } from '../../core/index.ts';
import type { OutboxChannel } from '../outbox-types.ts';
import type { MessageEventKind, OutboxMessage } from '../types.ts';
import type { Recipient } from './sender-deps.ts';

const CHANNEL_NAMES: Record<OutboxChannel, string> = { email: 'Email', sms: 'SMS', webhook: 'Webhook' };

/** The Segment-style event name of a delivery fact: `Email Opened`, `SMS Sent`, ... (null: not one). */
export function trackName(channel: OutboxChannel, kind: MessageEventKind): string | null {
  const verb: Partial<Record<MessageEventKind, string>> = {
    sent: 'Sent',
    delivered: 'Delivered',
    opened: 'Opened',
    clicked: 'Link Clicked',
    bounced: 'Bounced',
    complained: 'Marked as Spam',
    unsubscribed: 'Unsubscribed',
    failed: 'Failed',
  };
  const v = verb[kind];
  return v ? `${CHANNEL_NAMES[channel]} ${v}` : null;
}

/**
 * The customer's track event of a delivery fact. Its messageId is derived from the message and the
 * fact (`loopline:msg:<id>:<kind>`, with `part` for facts that may happen more than once, such as a
 * click per link), so a replayed report or a second open adds nothing to the log.
 */
export function deliveryEvent(
  m: OutboxMessage,
  who: Pick<Recipient, 'userId' | 'anonymousId'>,
  kind: MessageEventKind,
  at: number,
  now: number,
  extra: JsonObject = {},
  part?: string,
): Message | null {
  const name = trackName(m.channel, kind);
  if (!name || (who.userId === null && who.anonymousId === null)) return null;
  const properties: JsonObject = {
    messageId: m.id,
    template: m.template,
    channel: m.channel,
    topic: m.topic,
    ...(m.origin
      ? {
          journeyId: m.origin.journeyId,
          journeyVersion: m.origin.version,
          nodeId: m.origin.nodeId,
          variant: m.origin.variant,
        }
      : {}),
    ...extra,
  };
  return {
    messageId: `loopline:msg:${m.id}:${kind}${part ? `:${part}` : ''}`,
    type: 'track',
    userId: who.userId,
    anonymousId: who.userId ? null : who.anonymousId,
    name,
    timestamp: at,
    receivedAt: now,
    payload: { properties, context: { library: { name: 'loopline', version: '1' } } },
  };
}
