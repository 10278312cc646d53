export type { MessageOrigin, NewOutboxMessage, OutboxChannel, OutboxWritesInUnit } from './outbox-types.ts';
