import type { JsonObject } from '../core/index.ts';
import type {
  InboxItem,
  MessageEvent,
  MessageEventKind,
  MessageStatus,
  NewOutboxMessage,
  OutboxChannel,
  OutboxMessage,
  SkipReason,
  Suppression,
  SuppressionReason,
  Topic,
} from '../messaging/index.ts';

/** Messaging rows for both adapters: SQLite hands JSON back as text and booleans as 0/1, PostgreSQL parsed. */
export type Row = Record<string, unknown>;

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export const toMessage = (r: Row): OutboxMessage => ({
  id: Number(r.id),
  workspaceId: Number(r.workspace_id),
  customerId: Number(r.customer_id),
  channel: r.channel as OutboxChannel,
  template: String(r.template),
  idempotencyKey: String(r.idempotency_key),
  origin:
    r.journey_id === null || r.journey_id === undefined
      ? null
      : {
          journeyId: Number(r.journey_id),
          version: Number(r.journey_version),
          nodeId: String(r.node_id),
          entryId: Number(r.entry_id),
          variant: str(r.variant),
        },
  event: r.event === null || r.event === undefined ? null : json<JsonObject>(r.event),
  topic: str(r.topic),
  transactional: Boolean(r.transactional),
  notBefore: Number(r.not_before),
  quietHours: r.quiet_hours as NewOutboxMessage['quietHours'],
  onCap: r.on_cap as NewOutboxMessage['onCap'],
  sendTime: r.send_time as NewOutboxMessage['sendTime'],
  status: r.status as MessageStatus,
  skipReason: str(r.skip_reason) as SkipReason | null,
  attempts: Number(r.attempts),
  lastError: str(r.last_error),
  address: str(r.address),
  templateVersion: num(r.template_version),
  providerId: str(r.provider_id),
  messageId: str(r.message_id),
  sendAt: num(r.send_at),
  sentAt: num(r.sent_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** The insert's values, in the order of `MESSAGE_COLUMNS`. */
export const messageValues = (m: NewOutboxMessage, now: number): unknown[] => [
  m.workspaceId,
  m.customerId,
  m.channel,
  m.template,
  m.idempotencyKey,
  m.origin?.journeyId ?? null,
  m.origin?.version ?? null,
  m.origin?.nodeId ?? null,
  m.origin?.entryId ?? null,
  m.origin?.variant ?? null,
  m.event === null ? null : JSON.stringify(m.event),
  m.topic,
  m.transactional ? 1 : 0,
  m.notBefore,
  m.quietHours,
  m.onCap,
  m.sendTime,
  now,
  now,
];

export const MESSAGE_COLUMNS = `workspace_id, customer_id, channel, template, idempotency_key, journey_id,
  journey_version, node_id, entry_id, variant, event, topic, transactional, not_before, quiet_hours, on_cap,
  send_time, created_at, updated_at`;

export const toEvent = (r: Row): MessageEvent => ({
  id: Number(r.id),
  messageId: Number(r.message_id),
  customerId: Number(r.customer_id),
  kind: r.kind as MessageEventKind,
  at: Number(r.at),
  detail: str(r.detail),
});

export const toInbox = (r: Row): InboxItem => ({
  id: Number(r.id),
  workspaceId: Number(r.workspace_id),
  messageId: num(r.message_id),
  channel: r.channel as OutboxChannel,
  address: String(r.address),
  subject: str(r.subject),
  html: str(r.html),
  text: str(r.text),
  body: str(r.body),
  headers: json<Record<string, string>>(r.headers),
  createdAt: Number(r.created_at),
});

export const toSuppression = (r: Row): Suppression => ({
  channel: r.channel as OutboxChannel,
  address: String(r.address),
  reason: r.reason as SuppressionReason,
  detail: str(r.detail),
  createdAt: Number(r.created_at),
});

export const toTopic = (r: Row): Topic => ({
  key: String(r.key),
  name: String(r.name),
  description: str(r.description),
  defaultChoice: r.default_choice === 'out' ? 'out' : 'in',
  createdAt: Number(r.created_at),
});
