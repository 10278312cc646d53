export type { MessagePatch, MessagingStorage, MessagingWritesInUnit } from './messaging-storage.ts';
export type { MessageOrigin, NewOutboxMessage, OutboxChannel, OutboxWritesInUnit } from './outbox-types.ts';
export { SEND_KIND, sendJobKey } from './send-job.ts';
export * from './sender/index.ts';
export type {
  CompiledTemplate,
  PublishedTemplate,
  PublishedTemplates,
  RenderedMessage,
  RenderInput,
  TemplateCheck,
  TemplateContent,
  TemplateFault,
} from './template-types.ts';
export {
  ALL_MARKETING,
  DEFAULT_MESSAGING_SETTINGS,
  type InboxItem,
  type MessageEvent,
  type MessageEventKind,
  type MessageQuery,
  type MessageStats,
  type MessageStatus,
  type MessagingSettings,
  type NewInboxItem,
  type NewMessageEvent,
  type OutboxMessage,
  type SkipReason,
  type Suppression,
  type SuppressionReason,
  type Topic,
} from './types.ts';
