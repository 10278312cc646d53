import { type Static, Type } from 'typebox';

/** The segments API's shapes, defined once for validation, OpenAPI and types. */
const Iso = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date', description: 'A UTC day, YYYY-MM-DD' });

/** Segment keys are what rules name (`in segment "vip"`), so they stay short and plain. */
export const SEGMENT_KEY_PATTERN = '^[a-z][a-z0-9_-]{0,63}$';
export const SegmentKeySchema = Type.String({
  pattern: SEGMENT_KEY_PATTERN,
  description: 'Lower-case key rules refer to',
});
export const SegmentNameSchema = Type.String({ minLength: 1, maxLength: 200 });
const Key = SegmentKeySchema;
const Name = SegmentNameSchema;
const Description = Type.String({ maxLength: 2000 });
const RuleInput = Type.Union(
  [Type.String({ minLength: 1 }), Type.Object({}, { additionalProperties: true })],
  {
    description: 'The rule as text (`performed "Order Completed" in last 30 days`) or as its JSON node tree',
  },
);

/** Most identifiers one upload may carry, all kinds together. */
export const MAX_UPLOAD_IDENTIFIERS = 10_000;

export const SegmentSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Union([Type.Literal('rule'), Type.Literal('static')]),
  rule: Type.Union([Type.String(), Type.Null()], { description: 'The rule in text form; null for a list' }),
  ruleJson: Type.Unknown({ description: 'The rule as its canonical node tree; null for a list' }),
  size: Type.Integer({ description: 'Customers in the segment now' }),
  createdAt: Iso,
  updatedAt: Iso,
});

export const SegmentListSchema = Type.Object({ items: Type.Array(SegmentSchema) });

export const CreateSegmentSchema = Type.Object({
  key: Key,
  name: Name,
  description: Type.Optional(Description),
  kind: Type.Optional(Type.Union([Type.Literal('rule'), Type.Literal('static')], { default: 'rule' })),
  rule: Type.Optional(RuleInput),
});

export const UpdateSegmentSchema = Type.Object({
  name: Type.Optional(Name),
  // Null first: Fastify's Ajv coerces types, and would turn null into "" for a string listed first.
  description: Type.Optional(Type.Union([Type.Null(), Description], { description: 'null clears it' })),
  rule: Type.Optional(RuleInput),
});

export const KeyParamsSchema = Type.Object({ key: Key });

export const MembersQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});

export const MemberPageSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      customerId: Type.Integer(),
      userId: Type.Union([Type.String(), Type.Null()]),
      email: Type.Union([Type.String(), Type.Null()]),
      since: Iso,
    }),
  ),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page, null at the end' }),
});

export const GrowthQuerySchema = Type.Object({
  from: Type.Optional(Type.String({ format: 'date', description: 'First day (default: 29 days before to)' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last day (default: today, UTC)' })),
});

export const GrowthSchema = Type.Object({
  key: Type.String(),
  from: Day,
  to: Day,
  days: Type.Array(
    Type.Object({
      date: Day,
      entered: Type.Integer(),
      exited: Type.Integer(),
      size: Type.Integer({ description: 'Members at the end of the day' }),
    }),
  ),
});

const Identifiers = {
  userIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 512 }))),
  emails: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 512 }))),
  customerIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }))),
};

export const MembersUploadSchema = Type.Object(Identifiers, {
  description: `Customers by userId, email or id, at most ${MAX_UPLOAD_IDENTIFIERS} in all; or a text/csv body with one column headed userId, email or customerId`,
});

/** An upload's body: the identifiers as JSON, or a CSV file of one column. */
export const MembersUploadBodySchema = Type.Union([
  MembersUploadSchema,
  Type.String({ description: 'text/csv: one column headed userId, email or customerId' }),
]);

const Unmatched = Type.Object(
  {
    userIds: Type.Array(Type.String()),
    emails: Type.Array(Type.String()),
    customerIds: Type.Array(Type.Integer()),
  },
  { description: 'Identifiers that named no customer of this workspace' },
);

export const MembersChangedSchema = Type.Object({
  matched: Type.Integer({ description: 'Customers the identifiers named' }),
  added: Type.Optional(Type.Integer({ description: 'Of those, customers that were not members yet' })),
  removed: Type.Optional(Type.Integer({ description: 'Of those, customers that were members' })),
  unmatched: Unmatched,
  size: Type.Integer({ description: 'Members after the change' }),
});

export type SegmentView = Static<typeof SegmentSchema>;
export type SegmentListView = Static<typeof SegmentListSchema>;
export type KeyParams = Static<typeof KeyParamsSchema>;
export type MembersQueryInput = Static<typeof MembersQuerySchema>;
export type MemberPageView = Static<typeof MemberPageSchema>;
export type GrowthQueryInput = Static<typeof GrowthQuerySchema>;
export type GrowthView = Static<typeof GrowthSchema>;
export type MembersUploadBodyInput = Static<typeof MembersUploadBodySchema>;
export type MembersChangedView = Static<typeof MembersChangedSchema>;
export type CreateSegmentInput = Static<typeof CreateSegmentSchema>;
export type UpdateSegmentInput = Static<typeof UpdateSegmentSchema>;
export type MembersUploadInput = Static<typeof MembersUploadSchema>;

/** The segments one customer is in now. */
export const CustomerSegmentsSchema = Type.Object({
  items: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
});
export type CustomerSegmentsView = Static<typeof CustomerSegmentsSchema>;
