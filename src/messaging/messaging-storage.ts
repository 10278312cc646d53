import type { Page } from '../core/index.ts';
import type { OutboxChannel, OutboxWritesInUnit } from './outbox-types.ts';
import type {
  InboxItem,
  MessageEvent,
  MessageQuery,
  MessageStats,
  MessagingSettings,
  NewInboxItem,
  NewMessageEvent,
  OutboxMessage,
  Suppression,
  SuppressionReason,
  Topic,
} from './types.ts';

/** What a send decided about its row: the fields it changes. */
export type MessagePatch = Partial<
  Pick<
    OutboxMessage,
    | 'status'
    | 'skipReason'
    | 'attempts'
    | 'lastError'
    | 'address'
    | 'templateVersion'
    | 'providerId'
    | 'messageId'
    | 'sendAt'
    | 'sentAt'
  >
>;

/**
 * Messaging's writes in a write unit (`unit.outbox`): the journeys' enqueue, and what the sender,
 * the public routes and the admin API change, so a status, its events and the customer's track event
 * commit together.
 */
export interface MessagingWritesInUnit extends OutboxWritesInUnit {
  update(workspaceId: number, id: number, patch: MessagePatch, now: number): Promise<void>;
  /** Adds delivery facts, each with its message's origin copied. */
  addEvents(events: readonly NewMessageEvent[]): Promise<void>;
  capture(item: NewInboxItem): Promise<number>;
  /** Suppresses an address (the first reason stays); true when it was not suppressed before. */
  suppress(
    workspaceId: number,
    s: { channel: OutboxChannel; address: string; reason: SuppressionReason; detail: string | null },
    now: number,
  ): Promise<boolean>;
  unsuppress(workspaceId: number, channel: OutboxChannel, address: string): Promise<boolean>;
  subscribe(
    workspaceId: number,
    customerId: number,
    topic: string,
    subscribed: boolean,
    now: number,
  ): Promise<void>;
  putTopic(workspaceId: number, topic: Omit<Topic, 'createdAt'>, now: number): Promise<Topic>;
  deleteTopic(workspaceId: number, key: string): Promise<boolean>;
  putSettings(workspaceId: number, settings: MessagingSettings, now: number): Promise<void>;
  /** A dead message back to queued with its send job; false when it is not dead. */
  requeue(workspaceId: number, id: number, now: number): Promise<boolean>;
}

/** Messaging's storage (`store.messaging`): the reads, and `write` for a unit of its writes alone. */
export interface MessagingStorage {
  write<T>(fn: (w: MessagingWritesInUnit) => Promise<T>): Promise<T>;
  message(workspaceId: number, id: number): Promise<OutboxMessage | null>;
  messages(workspaceId: number, query: MessageQuery): Promise<Page<OutboxMessage>>;
  /** The message an RFC 5322 Message-ID (without angle brackets) was given to. */
  byMessageId(workspaceId: number, messageId: string): Promise<OutboxMessage | null>;
  /** The message a provider's own id was given to. */
  byProviderId(workspaceId: number, providerId: string): Promise<OutboxMessage | null>;
  events(workspaceId: number, messageId: number): Promise<MessageEvent[]>;
  /** When the customer's marketing messages on the channel went out, since `since`, oldest first. */
  marketingSentSince(
    workspaceId: number,
    customerId: number,
    channel: OutboxChannel,
    since: number,
  ): Promise<number[]>;
  /** When the customer (or, with null, anyone in the workspace) last opened or clicked, newest first. */
  engagementTimes(workspaceId: number, customerId: number | null, limit: number): Promise<number[]>;
  suppression(workspaceId: number, channel: OutboxChannel, address: string): Promise<Suppression | null>;
  suppressions(
    workspaceId: number,
    query: { search?: string; cursor?: string; limit: number },
  ): Promise<Page<Suppression>>;
  /** The customer's choices by topic key (`ALL_MARKETING` for the all-marketing switch). */
  subscriptions(workspaceId: number, customerId: number): Promise<Map<string, boolean>>;
  topic(workspaceId: number, key: string): Promise<Topic | null>;
  topics(workspaceId: number): Promise<Topic[]>;
  settings(workspaceId: number): Promise<MessagingSettings>;
  inbox(workspaceId: number, query: { cursor?: string; limit: number }): Promise<Page<InboxItem>>;
  inboxItem(workspaceId: number, id: number): Promise<InboxItem | null>;
  /** A journey's delivery counts per version, node and variant. */
  stats(workspaceId: number, journeyId: number): Promise<MessageStats[]>;
}
