import { type Static, Type } from 'typebox';

/** The templates API's shapes, defined once for validation, OpenAPI, types and the dashboard. */
const Iso = Type.String({ format: 'date-time' });
const Key = Type.String({
  pattern: '^[a-z][a-z0-9_-]{0,63}$',
  description: 'Lower-case letters, digits, - and _',
});
const Text = (description: string) => Type.String({ maxLength: 200_000, description });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Channel = Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('webhook')]);

/** A template's content fields, the same for every channel; which apply to a channel is checked after. */
const contentFields = {
  channel: Channel,
  subject: Type.Optional(Text('email: the subject (Liquid)')),
  preheader: Type.Optional(Nullable(Text('email: the preview line, hidden in the body (Liquid)'))),
  format: Type.Optional(Type.Union([Type.Literal('mjml'), Type.Literal('html')], { description: 'email' })),
  body: Text('email: MJML or HTML; sms: the text; webhook: JSON once rendered (Liquid)'),
  text: Type.Optional(Nullable(Text('email: the text part; made from the HTML when left out'))),
  url: Type.Optional(Type.String({ maxLength: 2048, description: 'webhook: where it goes (Liquid)' })),
};

/** A template as its document (see docs/templates.md): what POST takes and PUT replaces the draft with. */
export const TemplateInputSchema = Type.Object({
  key: Key,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  topic: Type.Optional(Nullable(Type.String({ description: 'A subscription topic; null: transactional' }))),
  ...contentFields,
});

export const SaveTemplateSchema = Type.Object({
  ...TemplateInputSchema.properties,
  key: Type.Optional(Key),
});

export const TemplateParamsSchema = Type.Object({ key: Key });

export const TemplateListQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});

const ContentSchema = Type.Record(Type.String(), Type.Unknown(), {
  description: 'The content: channel and its fields',
});

export const TemplateSchema = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  name: Type.String(),
  channel: Channel,
  topic: Type.Union([Type.String(), Type.Null()]),
  publishedVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'The version the sender uses' }),
  draft: ContentSchema,
  yaml: Type.String({ description: 'The draft as its YAML document' }),
  createdAt: Iso,
  updatedAt: Iso,
});

export const TemplateListSchema = Type.Object({
  items: Type.Array(Type.Omit(TemplateSchema, ['draft', 'yaml'])),
  next: Type.Union([Type.String(), Type.Null()]),
});

export const PublishedTemplateSchema = Type.Object({ key: Type.String(), version: Type.Integer() });

export const TemplateVersionsSchema = Type.Object({
  items: Type.Array(Type.Object({ version: Type.Integer(), publishedAt: Iso, content: ContentSchema })),
});

export const PreviewTemplateSchema = Type.Object({
  customerId: Type.Optional(Type.Integer({ minimum: 1 })),
  userId: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  event: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), { description: "The triggering event's properties" }),
  ),
  content: Type.Optional(
    Type.Object(contentFields, { description: 'Content to preview instead of the draft' }),
  ),
});

export const TemplatePreviewSchema = Type.Object({
  channel: Channel,
  subject: Type.Optional(Type.String()),
  preheader: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  html: Type.Optional(Type.String()),
  text: Type.Optional(Type.String()),
  body: Type.Optional(Type.Unknown({ description: 'sms: the text; webhook: the JSON' })),
  url: Type.Optional(Type.String()),
  segments: Type.Optional(
    Type.Object({
      encoding: Type.Union([Type.Literal('GSM-7'), Type.Literal('UCS-2')]),
      units: Type.Integer(),
      segments: Type.Integer(),
    }),
  ),
});

export type TemplateInput = Static<typeof TemplateInputSchema>;
export type SaveTemplateInput = Static<typeof SaveTemplateSchema>;
export type PreviewTemplateInput = Static<typeof PreviewTemplateSchema>;
