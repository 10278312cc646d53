import type { Channel, EmailMessage, SmsMessage, WebhookMessage } from '../../channels/types.ts';
import type { Clock, JsonObject, Message } from '../../core/index.ts';
import type { MessagingStorage, MessagingWritesInUnit } from '../messaging-storage.ts';
import type {
  CompiledTemplate,
  PublishedTemplates,
  RenderedMessage,
  RenderInput,
} from '../template-types.ts';
import type { OutboxMessage } from '../types.ts';

/** The person a message goes to, as the customers' port gives them (the survivor, after a merge). */
export type Recipient = {
  id: number;
  userId: string | null;
  anonymousId: string | null;
  email: string | null;
  phone: string | null;
  traits: JsonObject;
  stage: string | null;
  /** Stored predictions (p_alive, clv, churn_risk, ...). */
  predictions: Readonly<Record<string, number>>;
};

/** The channels of one workspace; a null one means no provider: the message goes to the capture inbox. */
export type SendChannels = {
  email: Channel<EmailMessage> | null;
  sms: Channel<SmsMessage> | null;
  webhook: Channel<WebhookMessage> | null;
};

/** The templates capability's renderer, as the sender uses it (a throw is a permanent failure). */
export type MessageRenderer = {
  render(compiled: CompiledTemplate, cacheKey: string, input: RenderInput): Promise<RenderedMessage>;
};

/** Signed per-message links (see src/messaging/links): the recipient's and the tracking ones. */
export type SenderLinks = {
  /** One-click unsubscribe (RFC 8058) and the hosted preferences page of this message's recipient. */
  recipient(m: OutboxMessage): { unsubscribe: string; preferences: string };
  /** The RFC 8058 one-click pair for a marketing email. */
  unsubscribeHeaders(m: OutboxMessage): Record<string, string>;
  /** The HTML with its links sent through click tracking and an open pixel added. */
  tracked(m: OutboxMessage, html: string): string;
};

/** A unit of work with messaging's facet (the store's `WriteUnit`). */
export type SenderUnit = { readonly outbox: MessagingWritesInUnit };

/** What the sender needs; the wiring (src/app) makes it from the store, config and channels. */
export type SenderDeps<U extends SenderUnit> = {
  clock: Clock;
  messaging: MessagingStorage;
  write: <T>(fn: (unit: U) => Promise<T>) => Promise<T>;
  /** Writes the customer's track events (`Email Sent`, ...) through ingest, in the unit. */
  track: (unit: U, workspaceId: number, events: Message[], now: number) => Promise<unknown>;
  recipient: (workspaceId: number, customerId: number) => Promise<Recipient | null>;
  workspaceName: (workspaceId: number) => Promise<string>;
  templates: PublishedTemplates;
  renderer: MessageRenderer;
  channels: (workspaceId: number) => Promise<SendChannels>;
  /** The signed links of a workspace's messages. */
  links: (workspaceId: number) => Promise<SenderLinks>;
};
