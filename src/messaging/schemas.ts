import { Type } from 'typebox';
import { ChannelsConfigSchema } from '../channels/channels-config.ts';

/** The messaging API's shapes, defined once for validation, OpenAPI, types and the dashboard. */
const Iso = Type.String({ format: 'date-time' });
const NullableIso = Type.Union([Iso, Type.Null()]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Channel = Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('webhook')]);
const Status = Type.Union(
  [
    Type.Literal('queued'),
    Type.Literal('sent'),
    Type.Literal('skipped'),
    Type.Literal('failed'),
    Type.Literal('dead'),
  ],
  {
    description:
      'queued, then sent, skipped (skipReason says why), failed (permanent) or dead (retries spent)',
  },
);
const Cursor = Type.Optional(Type.String({ maxLength: 200, description: 'The `next` of a previous page' }));
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 }));
const TopicKey = Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$' });
const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const MessageQuerySchema = Type.Object({
  customerId: Type.Optional(Type.Integer({ minimum: 1 })),
  journeyId: Type.Optional(Type.Integer({ minimum: 1 })),
  template: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(Status),
  cursor: Cursor,
  limit: Limit,
});

export const MessageSchema = Type.Object({
  id: Type.Integer(),
  customerId: Type.Integer(),
  channel: Channel,
  template: Type.String(),
  idempotencyKey: Type.String(),
  origin: Nullable(
    Type.Object({
      journeyId: Type.Integer(),
      version: Type.Integer(),
      nodeId: Type.String(),
      entryId: Type.Integer(),
      variant: Nullable(Type.String()),
    }),
  ),
  topic: Nullable(Type.String()),
  transactional: Type.Boolean(),
  status: Status,
  skipReason: Nullable(Type.String()),
  attempts: Type.Integer(),
  lastError: Nullable(
    Type.String({ description: 'Why it was skipped or failed, or the last transient error' }),
  ),
  address: Nullable(Type.String()),
  templateVersion: Nullable(Type.Integer()),
  providerId: Nullable(Type.String()),
  messageId: Nullable(Type.String({ description: 'The Message-ID header (email)' })),
  notBefore: Iso,
  sendAt: NullableIso,
  sentAt: NullableIso,
  createdAt: Iso,
  updatedAt: Iso,
});

export const MessagePageSchema = Type.Object({
  items: Type.Array(MessageSchema),
  next: Nullable(Type.String()),
});

export const MessageDetailSchema = Type.Object({
  message: MessageSchema,
  events: Type.Array(Type.Object({ kind: Type.String(), at: Iso, detail: Nullable(Type.String()) })),
});

export const InboxItemSchema = Type.Object({
  id: Type.Integer(),
  messageId: Nullable(Type.Integer()),
  channel: Channel,
  address: Type.String(),
  subject: Nullable(Type.String()),
  html: Nullable(Type.String()),
  text: Nullable(Type.String()),
  body: Nullable(Type.String()),
  headers: Type.Record(Type.String(), Type.String()),
  createdAt: Iso,
});

export const InboxPageSchema = Type.Object({
  items: Type.Array(InboxItemSchema),
  next: Nullable(Type.String()),
});
export const PageQuerySchema = Type.Object({ cursor: Cursor, limit: Limit });

export const TopicParams = Type.Object({ key: TopicKey });
export const TopicInputSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  defaultChoice: Type.Optional(
    Type.Union([Type.Literal('in'), Type.Literal('out')], {
      description: 'in: everyone receives it until they opt out (default); out: only those who opt in',
    }),
  ),
});
export const TopicSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  defaultChoice: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  createdAt: Iso,
});
export const TopicListSchema = Type.Object({ items: Type.Array(TopicSchema) });

export const SuppressionQuerySchema = Type.Object({
  search: Type.Optional(Type.String({ maxLength: 320 })),
  cursor: Cursor,
  limit: Limit,
});
export const SuppressionInputSchema = Type.Object({
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms')]),
  address: Type.String({ minLength: 3, maxLength: 320 }),
  detail: Type.Optional(Type.String({ maxLength: 500 })),
});
export const SuppressionSchema = Type.Object({
  channel: Channel,
  address: Type.String(),
  reason: Type.String({ description: 'hard-bounce, complaint, manual or unsubscribed' }),
  detail: Nullable(Type.String()),
  createdAt: Iso,
});
export const SuppressionPageSchema = Type.Object({
  items: Type.Array(SuppressionSchema),
  next: Nullable(Type.String()),
});
export const SuppressionParams = Type.Object({
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms')]),
  address: Type.String({ minLength: 1, maxLength: 320 }),
});

const Caps = Type.Object({
  perDay: Nullable(Type.Integer({ minimum: 1, maximum: 1000 })),
  perWeek: Nullable(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
const Quiet = Nullable(Type.Object({ start: HHMM, end: HHMM }));

export const MessagingSettingsInputSchema = Type.Object({
  from: Type.String({ minLength: 3, maxLength: 320, description: 'e.g. "Shop <hello@shop.example>"' }),
  replyTo: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
  sendingDomain: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z0-9.-]{1,253}$' }))),
  timeZone: Type.Optional(
    Type.String({ maxLength: 64, description: 'IANA zone for customers without a timezone trait' }),
  ),
  quietHours: Type.Optional(Quiet),
  caps: Type.Optional(Caps),
  reports: Type.Optional(Nullable(ChannelsConfigSchema.properties.reports)),
  providers: Type.Optional(
    Nullable(
      Type.Object(
        {
          email: ChannelsConfigSchema.properties.email,
          sms: ChannelsConfigSchema.properties.sms,
          webhook: ChannelsConfigSchema.properties.webhook,
          outbound: ChannelsConfigSchema.properties.outbound,
        },
        { description: 'SMS, webhook signing, an own SMTP server (secrets: never shown again)' },
      ),
    ),
  ),
});
export const MessagingSettingsSchema = Type.Object({
  from: Type.String(),
  replyTo: Nullable(Type.String()),
  sendingDomain: Nullable(Type.String()),
  timeZone: Type.String(),
  quietHours: Quiet,
  caps: Caps,
  reportHooks: Type.Record(Type.String(), Type.String(), {
    description: 'The URL each configured provider posts its delivery reports to',
  }),
  providers: Type.Array(Type.String(), { description: 'The channels with a provider of their own' }),
  reports: Type.Array(Type.String(), {
    description: 'The providers whose delivery reports are configured (secrets never shown)',
  }),
});

/** One send node's messages per version and A/B variant, by what became of them. */
export const NodeMessageStatsSchema = Type.Object({
  version: Type.Integer(),
  nodeId: Type.String(),
  variant: Nullable(Type.String()),
  sent: Type.Integer(),
  delivered: Type.Integer(),
  opened: Type.Integer(),
  clicked: Type.Integer(),
  bounced: Type.Integer(),
  complained: Type.Integer(),
  unsubscribed: Type.Integer(),
  failed: Type.Integer(),
  skipped: Type.Integer(),
});

export const MessageStatsSchema = Type.Object({ items: Type.Array(NodeMessageStatsSchema) });
export const TestSendInputSchema = Type.Object({
  template: Type.String({ minLength: 1, maxLength: 200, description: 'A published template key' }),
  to: Type.Optional(
    Type.String({ minLength: 3, maxLength: 320, description: 'Default: the customer’s own address' }),
  ),
  customerId: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Whose data the template renders with' }),
  ),
  inbox: Type.Optional(Type.Boolean({ description: 'Keep it in the capture inbox instead of sending it' })),
});
export const TestSendSchema = Type.Object({
  outcome: Type.Union([Type.Literal('sent'), Type.Literal('inbox'), Type.Literal('failed')]),
  to: Nullable(Type.String()),
  providerId: Nullable(Type.String()),
  inboxId: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
});
