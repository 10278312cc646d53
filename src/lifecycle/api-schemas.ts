import { type Static, Type } from 'typebox';

/** The lifecycle API's shapes, defined once for validation, OpenAPI and types. */
const Iso = Type.String({ format: 'date-time' });
const Unknown = Type.Unknown();

const FactSchema = Type.Object({
  path: Type.String(),
  text: Type.String(),
  passed: Type.Boolean(),
  actual: Unknown,
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

export const StageHistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      from: Type.Union([Type.String(), Type.Null()]),
      to: Type.String(),
      at: Iso,
      cause: Type.String({ description: 'event, time, model or merge' }),
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
