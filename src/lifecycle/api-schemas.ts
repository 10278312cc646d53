import { type Static, Type } from 'typebox';

/** The lifecycle API's shapes, defined once for validation, OpenAPI and types. */
const Iso = Type.String({ format: 'date-time' });

/** One condition of a rule and how the customer measured against it. */
export const FactSchema = Type.Object({
  path: Type.String(),
  text: Type.String(),
  passed: Type.Boolean(),
  actual: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()], {
    description: 'What was measured (a count, a sum, an elapsed amount, a trait value), or null',
  }),
  detail: Type.String(),
  shortBy: Type.Optional(Type.Number()),
});

export const StageViewSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('lifecycle'), Type.Literal('lapse'), Type.Literal('reactivation')]),
  description: Type.Optional(Type.String()),
  rule: Type.String({ description: 'The entry rule in text form' }),
  ruleJson: Type.Unknown({ description: 'The entry rule as its canonical node tree' }),
});

export const RecomputeSchema = Type.Union([
  Type.Object({
    version: Type.Integer(),
    done: Type.Integer(),
    total: Type.Integer(),
    startedAt: Iso,
    finishedAt: Type.Union([Iso, Type.Null()]),
  }),
  Type.Null(),
]);

export const LifecycleViewSchema = Type.Object({
  version: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Active version; null before any model',
  }),
  createdAt: Type.Union([Iso, Type.Null()]),
  model: Type.Union([
    Type.Object({
      name: Type.String(),
      description: Type.Optional(Type.String()),
      stages: Type.Array(StageViewSchema),
    }),
    Type.Null(),
  ]),
  document: Type.Union([
    Type.String({ description: 'The model as YAML, ready to edit and PUT back' }),
    Type.Null(),
  ]),
  recompute: RecomputeSchema,
  versions: Type.Array(Type.Object({ version: Type.Integer(), createdAt: Iso, active: Type.Boolean() })),
  presets: Type.Array(Type.String()),
});

/**
 * A model to publish: a YAML document (Content-Type application/yaml), the same as JSON, or
 * `{"preset": name}`. Open on purpose: the model validator reads it and names the line and field of
 * each fault, where a schema could only say that something somewhere did not match.
 */
export const ModelDocumentSchema = Type.Union([
  Type.String({ description: 'The model as YAML' }),
  Type.Object({}, { additionalProperties: true, description: 'The model as JSON, or {"preset": name}' }),
]);

export const PutQuerySchema = Type.Object({
  dryRun: Type.Optional(
    Type.Boolean({ description: 'Only report how many customers would move from where to where' }),
  ),
});

export const DryRunSchema = Type.Object({
  dryRun: Type.Literal(true),
  customers: Type.Integer(),
  unchanged: Type.Integer(),
  moves: Type.Array(
    Type.Object({
      from: Type.Union([Type.String(), Type.Null()]),
      to: Type.String(),
      customers: Type.Integer(),
    }),
  ),
  stages: Type.Record(Type.String(), Type.Integer()),
});

export const PublishedSchema = Type.Object({ version: Type.Integer(), recompute: RecomputeSchema });

/** What a PUT of a model answers: the dry run's report, or the published version. */
export const PutLifecycleSchema = Type.Union([DryRunSchema, PublishedSchema]);

export const StageHistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      from: Type.Union([Type.String(), Type.Null()]),
      to: Type.String(),
      at: Iso,
      cause: Type.Union(
        [Type.Literal('event'), Type.Literal('time'), Type.Literal('model'), Type.Literal('merge')],
        { description: 'What moved the customer: an event, time passing, a new model or a merge' },
      ),
      eventId: Type.Union([Type.Integer(), Type.Null()]),
      modelVersion: Type.Union([Type.Integer(), Type.Null()]),
      rule: Type.String(),
      facts: Type.Array(FactSchema),
    }),
  ),
  next: Type.Union([Type.String(), Type.Null()]),
});

export const HistoryQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
});

export const ExplanationSchema = Type.Object({
  customerId: Type.Integer(),
  stage: Type.Union([
    Type.Object({ key: Type.String(), name: Type.String(), since: Type.Union([Iso, Type.Null()]) }),
    Type.Null(),
  ]),
  modelVersion: Type.Union([Type.Integer(), Type.Null()]),
  evaluatedAt: Iso,
  why: Type.Array(FactSchema),
  above: Type.Array(
    Type.Object({ stage: Type.String(), name: Type.String(), failed: Type.Array(FactSchema) }),
  ),
  nextCheck: Type.Union([Iso, Type.Null()], {
    description: 'When time alone may change a rule outcome next',
  }),
});

export type LifecycleView = Static<typeof LifecycleViewSchema>;
export type StageView = Static<typeof StageViewSchema>;
export type RecomputeView = Static<typeof RecomputeSchema>;
export type FactView = Static<typeof FactSchema>;
export type ModelDocumentInput = Static<typeof ModelDocumentSchema>;
export type PutLifecycleQueryInput = Static<typeof PutQuerySchema>;
export type PutLifecycleView = Static<typeof PutLifecycleSchema>;
export type DryRunView = Static<typeof DryRunSchema>;
export type PublishedView = Static<typeof PublishedSchema>;
export type StageHistoryView = Static<typeof StageHistorySchema>;
export type HistoryQueryInput = Static<typeof HistoryQuerySchema>;
export type ExplanationView = Static<typeof ExplanationSchema>;
