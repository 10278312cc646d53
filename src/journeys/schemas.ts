import { type Static, Type } from 'typebox';
import { NodeMessageStatsSchema } from '../messaging/index.ts';

/** The journeys API's shapes, defined once for validation, OpenAPI, types and the dashboard. */
const Iso = Type.String({ format: 'date-time' });
const NullableIso = Type.Union([Iso, Type.Null()]);

const DocumentInput = Type.Union(
  [Type.String({ minLength: 1, maxLength: 200_000 }), Type.Object({}, { additionalProperties: true })],
  { description: 'The journey as YAML text or as its JSON document (see the README: journeys as code)' },
);

export const CreateJourneySchema = Type.Object({
  document: Type.Optional(DocumentInput),
  template: Type.Optional(
    Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$', description: 'A ready-made journey to start from' }),
  ),
});

export const SaveJourneySchema = Type.Object({ document: DocumentInput });

export const JourneyParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const JourneyStatusSchema = Type.Union([
  Type.Literal('draft'),
  Type.Literal('live'),
  Type.Literal('paused'),
  Type.Literal('archived'),
]);

export const JourneySchema = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  name: Type.String(),
  status: JourneyStatusSchema,
  liveVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'The version new entrants run' }),
  document: Type.Record(Type.String(), Type.Unknown(), { description: 'The draft as its JSON document' }),
  yaml: Type.String({ description: 'The draft as YAML, rules as text' }),
  createdAt: Iso,
  updatedAt: Iso,
});

export const JourneyListSchema = Type.Object({
  items: Type.Array(Type.Omit(JourneySchema, ['document', 'yaml'])),
});

const NodeIdSchema = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' });

export const PublishJourneySchema = Type.Object({
  moves: Type.Optional(
    Type.Record(NodeIdSchema, NodeIdSchema, {
      description:
        'Node mapping: customers waiting at each key (a wait of the live version) move onto the node it names in the new version; the time they waited counts towards a wait there. Customers elsewhere finish on their version.',
      maxProperties: 200,
    }),
  ),
});

export const PublishedJourneySchema = Type.Object({ id: Type.Integer(), version: Type.Integer() });

export const JourneyVersionsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      version: Type.Integer(),
      publishedAt: Iso,
      document: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
});

export const JourneyTemplatesSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      description: Type.String(),
      trigger: Type.String({ description: 'What enrols a customer, in words' }),
      nodes: Type.Integer(),
    }),
  ),
});

const PathStepSchema = Type.Object({
  at: Iso,
  node: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String({ description: 'entered, waiting, sent, yes, no, variant a, goal, ended, ...' }),
  detail: Type.String(),
  facts: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
});

export const CustomerJourneysSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      entryId: Type.Integer(),
      journeyId: Type.Integer(),
      version: Type.Integer(),
      status: Type.Union([Type.Literal('active'), Type.Literal('holdout'), Type.Literal('ended')]),
      node: Type.Union([Type.String(), Type.Null()]),
      endReason: Type.Union([
        Type.Literal('completed'),
        Type.Literal('exit-node'),
        Type.Literal('exit-rule'),
        Type.Literal('goal'),
        Type.Literal('holdout-window'),
        Type.Literal('archived'),
        Type.Null(),
      ]),
      variant: Type.Union([Type.String(), Type.Null()]),
      enteredAt: Iso,
      wakeAt: NullableIso,
      convertedAt: NullableIso,
      endedAt: NullableIso,
      path: Type.Array(PathStepSchema),
    }),
  ),
});

const ComparisonSchema = Type.Object(
  {
    rate: Type.Number(),
    baselineRate: Type.Number(),
    difference: Type.Number(),
    low: Type.Number({ description: "95% interval of the difference (Newcombe's hybrid score)" }),
    high: Type.Number(),
    chiSquare: Type.Number(),
    pValue: Type.Number({ description: "Pearson's χ², fixed horizon" }),
    alwaysValidPValue: Type.Number({
      description: 'mSPRT: valid however often one looks; the verdict uses it',
    }),
    incremental: Type.Number({ description: 'Conversions beyond what the baseline rate would have given' }),
    verdict: Type.Union([
      Type.Literal('not-enough-data'),
      Type.Literal('better'),
      Type.Literal('worse'),
      Type.Literal('no-difference'),
    ]),
    summary: Type.String(),
  },
  { description: 'One arm against another' },
);

export const DryRunJourneySchema = Type.Object({
  customerId: Type.Integer({ minimum: 1, description: 'The customer whose path to show' }),
});

export const JourneyDryRunSchema = Type.Object({
  customerId: Type.Integer(),
  version: Type.Union([Type.Literal('draft'), Type.Integer()]),
  assumptions: Type.String(),
  path: Type.Array(PathStepSchema),
  actions: Type.Array(
    Type.Object({
      at: Iso,
      node: Type.String(),
      kind: Type.Union([Type.Literal('send'), Type.Literal('set-trait')]),
      what: Type.String({ description: 'The template sent, or the trait set' }),
    }),
  ),
  endReason: Type.Union([Type.String(), Type.Null()], {
    description: 'Null when they would still wait at the end',
  }),
  endedAt: NullableIso,
});

/** One send node's messages (per version and variant), from the messaging capability's delivery facts. */
export const MessageCountsSchema = NodeMessageStatsSchema;

export type MessageCounts = Static<typeof MessageCountsSchema>;

export const JourneyStatsSchema = Type.Object({
  id: Type.Integer(),
  entered: Type.Integer({ description: 'Entries, holdout included' }),
  holdout: Type.Integer(),
  active: Type.Integer({ description: 'Inside the journey now (waiting at a node)' }),
  converted: Type.Integer(),
  ended: Type.Record(Type.String(), Type.Integer(), { description: 'Ended entries by reason' }),
  nodes: Type.Array(Type.Object({ version: Type.Integer(), node: Type.String(), waiting: Type.Integer() }), {
    description: 'Customers waiting at each node now',
  }),
  variants: Type.Array(
    Type.Object({
      variant: Type.String(),
      entries: Type.Integer(),
      converted: Type.Integer(),
      againstFirst: Type.Union([ComparisonSchema, Type.Null()], {
        description: 'This variant against the first',
      }),
    }),
  ),
  lift: Type.Union([ComparisonSchema, Type.Null()], {
    description: "The journey's entrants against its holdout; null without a holdout",
  }),
  messages: Type.Array(MessageCountsSchema, {
    description: 'What each send node sent and what became of it, per version, node and A/B variant',
  }),
});

export type JourneyView = Static<typeof JourneySchema>;
