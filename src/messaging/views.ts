import { iso } from '../core/index.ts';
import type {
  InboxItem,
  MessageEvent,
  MessagingSettings,
  OutboxMessage,
  Suppression,
  Topic,
} from './types.ts';

/** The API's views of messaging's records: times as ISO 8601, secrets left out. */
const maybeIso = (ms: number | null) => (ms === null ? null : iso(ms));

export const messageView = (m: OutboxMessage) => ({
  id: m.id,
  customerId: m.customerId,
  channel: m.channel,
  template: m.template,
  idempotencyKey: m.idempotencyKey,
  origin: m.origin,
  topic: m.topic,
  transactional: m.transactional,
  status: m.status,
  skipReason: m.skipReason,
  attempts: m.attempts,
  lastError: m.lastError,
  address: m.address,
  templateVersion: m.templateVersion,
  providerId: m.providerId,
  messageId: m.messageId,
  notBefore: iso(m.notBefore),
  sendAt: maybeIso(m.sendAt),
  sentAt: maybeIso(m.sentAt),
  createdAt: iso(m.createdAt),
  updatedAt: iso(m.updatedAt),
});

export const eventView = (e: MessageEvent) => ({ kind: e.kind, at: iso(e.at), detail: e.detail });

export const inboxView = (i: InboxItem) => ({
  id: i.id,
  messageId: i.messageId,
  channel: i.channel,
  address: i.address,
  subject: i.subject,
  html: i.html,
  text: i.text,
  body: i.body,
  headers: i.headers,
  createdAt: iso(i.createdAt),
});

export const topicView = (t: Topic) => ({ ...t, createdAt: iso(t.createdAt) });

export const suppressionView = (s: Suppression) => ({ ...s, createdAt: iso(s.createdAt) });

export const settingsView = (s: MessagingSettings) => ({
  from: s.from,
  replyTo: s.replyTo,
  sendingDomain: s.sendingDomain,
  timeZone: s.timeZone,
  quietHours: s.quietHours,
  caps: s.caps,
  reports: Object.keys(s.reports ?? {}).sort(),
  providers: (['email', 'sms', 'webhook'] as const).filter((c) => s.providers?.[c]),
});
