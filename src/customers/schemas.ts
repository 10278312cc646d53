import { type Static, Type } from 'typebox';

/**
 * The admin API's customer and event shapes, defined once: Fastify validates with them, the OpenAPI
 * document is generated from them, and the TypeScript types below are derived from them.
 */
const Iso = Type.String({ format: 'date-time' });
const JsonObject = Type.Record(Type.String(), Type.Unknown());

export const CustomerSchema = Type.Object(
  {
    id: Type.Integer(),
    userId: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    traits: JsonObject,
    firstSeen: Iso,
    lastSeen: Iso,
    createdAt: Iso,
    updatedAt: Iso,
    stage: Type.Optional(
      Type.Union([
        Type.Object(
          { key: Type.String(), since: Iso },
          { description: 'Current lifecycle stage and since when' },
        ),
        Type.Null(),
      ]),
    ),
  },
  { $id: 'Customer' },
);

export const IdentitySchema = Type.Object({
  kind: Type.String({ description: 'user_id, anonymous_id or email' }),
  value: Type.String(),
  createdAt: Iso,
});

export const MergeSchema = Type.Object({
  fromCustomerId: Type.Integer(),
  intoCustomerId: Type.Integer(),
  reason: Type.String(),
  messageId: Type.String(),
  at: Iso,
});

export const CustomerDetailSchema = Type.Object({
  customer: CustomerSchema,
  identities: Type.Array(IdentitySchema),
  merges: Type.Array(MergeSchema, { description: 'Profiles merged into this one, oldest first' }),
  resolvedFrom: Type.Optional(Type.Integer({ description: 'The merged-away id that was asked for' })),
  predictions: Type.Record(Type.String(), Type.Number(), {
    description:
      'The latest prediction fit for this customer (p_alive, expected_purchases, expected_spend, clv, churn_risk, rfm_*); empty before any fit',
  }),
});

export const EventSchema = Type.Object({
  id: Type.Integer(),
  customerId: Type.Integer(),
  messageId: Type.String(),
  type: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  userId: Type.Union([Type.String(), Type.Null()]),
  anonymousId: Type.Union([Type.String(), Type.Null()]),
  timestamp: Iso,
  receivedAt: Iso,
  properties: Type.Optional(JsonObject),
  traits: Type.Optional(JsonObject),
  context: Type.Optional(JsonObject),
  payload: JsonObject,
  internal: Type.Boolean({ description: 'Written by Loopline itself (Stage Entered, Segment Exited, ...)' }),
  stage: Type.Union([Type.String(), Type.Null()], { description: 'Lifecycle stage when the event happened' }),
  channel: Type.Union([Type.String(), Type.Null()]),
  touchpoint: Type.Union([Type.String(), Type.Null()]),
  campaign: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.Number(), Type.Null()], {
    description: 'Monetary value: properties.revenue, else total, else value',
  }),
});

const page = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    next: Type.Union([Type.String(), Type.Null()], {
      description: 'Cursor of the next page, null at the end',
    }),
  });

export const CustomerPageSchema = page(CustomerSchema);
export const EventPageSchema = page(EventSchema);

const Limit = Type.Integer({ minimum: 1, maximum: 1000, default: 50 });
const Cursor = Type.String({ maxLength: 512 });

export const CustomerQuerySchema = Type.Object(
  {
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
    trait: Type.Optional(
      Type.String({ pattern: '^[^:]{1,128}:.*$', maxLength: 1024, description: 'key:value, e.g. plan:pro' }),
    ),
    stage: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description: 'Only customers in this lifecycle stage now',
      }),
    ),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export const EventQuerySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    type: Type.Optional(
      Type.Union(['identify', 'track', 'page', 'screen', 'group', 'alias'].map((t) => Type.Literal(t))),
    ),
    from: Type.Optional(Iso),
    to: Type.Optional(Iso),
    customerId: Type.Optional(Type.Integer({ minimum: 1 })),
    internal: Type.Optional(
      Type.Boolean({
        description: "true: only Loopline's own events (Stage Entered, ...); false: only received ones",
      }),
    ),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export const IdParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export type CustomerView = Static<typeof CustomerSchema>;
export type IdentityView = Static<typeof IdentitySchema>;
export type MergeView = Static<typeof MergeSchema>;
export type CustomerDetailView = Static<typeof CustomerDetailSchema>;
export type EventView = Static<typeof EventSchema>;
export type CustomerPageView = Static<typeof CustomerPageSchema>;
export type EventPageView = Static<typeof EventPageSchema>;
export type IdParams = Static<typeof IdParamsSchema>;
export type CustomerQueryInput = Static<typeof CustomerQuerySchema>;
export type EventQueryInput = Static<typeof EventQuerySchema>;
