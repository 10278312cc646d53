import type { ChannelsConfig } from '../channels/channels-config.ts';
import type { NewOutboxMessage, OutboxChannel } from './outbox-types.ts';

/**
 * Where a message stands. `queued` until its job decides; then `sent`, `skipped` (a policy said no:
 * `skipReason` says which), `failed` (a permanent failure or a template that would not render) or
 * `dead` (transient failures used up every attempt; the retry route queues it again).
 */
export type MessageStatus = 'queued' | 'sent' | 'skipped' | 'failed' | 'dead';

export type SkipReason =
  | 'customer_gone'
  | 'no_address'
  | 'suppressed'
  | 'unsubscribed'
  | 'cap'
  | 'quiet_hours'
  | 'no_template';

/** A row of the outbox: what was asked for, and what became of it. */
export type OutboxMessage = NewOutboxMessage & {
  id: number;
  status: MessageStatus;
  skipReason: SkipReason | null;
  /** Delivery attempts that reached a channel. */
  attempts: number;
  lastError: string | null;
  address: string | null;
  templateVersion: number | null;
  providerId: string | null;
  /** The RFC 5322 Message-ID (email), the same on every attempt. */
  messageId: string | null;
  /** When `optimal` decided to send it (decided once). */
  sendAt: number | null;
  sentAt: number | null;
  createdAt: number;
  updatedAt: number;
};

/** What a message went through, one row per fact; each copies the message's origin for counting. */
export const MESSAGE_EVENT_KINDS = [
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'complained',
  'unsubscribed',
  'failed',
  'skipped',
] as const;

export type MessageEventKind = (typeof MESSAGE_EVENT_KINDS)[number];

export type MessageEvent = {
  id: number;
  messageId: number;
  customerId: number;
  kind: MessageEventKind;
  at: number;
  detail: string | null;
};

export type NewMessageEvent = {
  workspaceId: number;
  messageId: number;
  kind: MessageEventKind;
  at: number;
  detail: string | null;
};

/** A rendered message kept instead of sent: no provider is configured, or a test send to the inbox. */
export type InboxItem = {
  id: number;
  workspaceId: number;
  messageId: number | null;
  channel: OutboxChannel;
  address: string;
  subject: string | null;
  html: string | null;
  text: string | null;
  body: string | null;
  headers: Record<string, string>;
  createdAt: number;
};

export type NewInboxItem = Omit<InboxItem, 'id'>;

export type SuppressionReason = 'hard-bounce' | 'complaint' | 'manual' | 'unsubscribed';

export type Suppression = {
  channel: OutboxChannel;
  address: string;
  reason: SuppressionReason;
  detail: string | null;
  createdAt: number;
};

/** A subscription topic: marketing messages name one; `in` topics reach everyone who did not opt out. */
export type Topic = {
  key: string;
  name: string;
  description: string | null;
  defaultChoice: 'in' | 'out';
  createdAt: number;
};

/** The key of the all-marketing switch among a customer's subscriptions. */
export const ALL_MARKETING = '*';

/** A workspace's sending settings. */
export type MessagingSettings = {
  /** The From address of email, e.g. `Shop <hello@shop.example>`. */
  from: string;
  replyTo: string | null;
  /** The domain of Message-IDs (default: the From address's). */
  sendingDomain: string | null;
  /** The customers' time zone when their `timezone` trait names none. */
  timeZone: string;
  /** Local times `HH:MM`; `start` after `end` spans midnight (21:00–08:00). */
  quietHours: { start: string; end: string } | null;
  /** Most marketing messages per channel per customer; null: no cap. */
  caps: { perDay: number | null; perWeek: number | null };
  /** The providers' delivery-report webhooks this workspace receives and how each is verified (secrets). */
  reports: ChannelsConfig['reports'] | null;
  /**
   * The workspace's own providers (secrets): SMS, webhook signing, an SMTP server of its own instead of
   * LOOPLINE_SMTP_URL, and which private networks they may reach. A channel with none goes to the inbox.
   */
  providers: Pick<ChannelsConfig, 'email' | 'sms' | 'webhook' | 'outbound'> | null;
};

export const DEFAULT_MESSAGING_SETTINGS: MessagingSettings = {
  from: 'Loopline <noreply@loopline.invalid>',
  replyTo: null,
  sendingDomain: null,
  timeZone: 'UTC',
  quietHours: null,
  caps: { perDay: null, perWeek: null },
  reports: null,
  providers: null,
};

/** Delivery counts of one journey node (and variant): distinct messages with each fact. */
export type MessageStats = {
  version: number;
  nodeId: string;
  variant: string | null;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  complained: number;
  unsubscribed: number;
  failed: number;
  skipped: number;
};

export type MessageQuery = {
  customerId?: number;
  journeyId?: number;
  template?: string;
  status?: MessageStatus;
  cursor?: string;
  limit: number;
};
