import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { FormatQuerySchema } from '../../analytics/index.ts';
import { AppError, type Clock, iso, isTimeZone } from '../../core/index.ts';
import { IdParamsSchema, resolveCustomer } from '../../customers/index.ts';
import { contextNow } from '../../engine/index.ts';
import {
  CreateJourneySchema,
  CustomerJourneysSchema,
  compileJourney,
  DryRunJourneySchema,
  describeTrigger,
  dryRunView,
  entryView,
  JourneyDryRunSchema,
  JourneyListSchema,
  JourneyParamsSchema,
  type JourneyRecord,
  JourneySchema,
  JourneyStatsSchema,
  JourneyTemplatesSchema,
  JourneyVersionsSchema,
  journeyFromInput,
  journeyStats,
  journeySummary,
  journeyView,
  loadTemplate,
  PublishedJourneySchema,
  PublishJourneySchema,
  publishJourney,
  SaveJourneySchema,
  sendsOf,
  simulateJourney,
  statsCsv,
  TEMPLATE_KEYS,
  toPlain,
} from '../../journeys/index.ts';
import { installStarters } from '../../messaging/index.ts';
import type { Store } from '../../storage/index.ts';
import { sendCsv } from '../analytics/send-csv.ts';
import { errorResponses } from '../error-responses.ts';

async function journeyOf(store: Store, workspaceId: number, id: number): Promise<JourneyRecord> {
  const j = await store.journeys.get(workspaceId, id);
  if (!j) throw new AppError('not_found', `no journey ${id} in this workspace`);
  return j;
}

/**
 * The journeys admin API (journeys as code): drafts from a document or a ready-made template, publish
 * (a new version; customers inside older ones finish on theirs), pause, resume, archive, versions,
 * results, and every journey a customer is or was in with the path they took.
 */
export async function journeyRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, clock } = deps;
  const tags = ['journeys'];

  api.get(
    '/journeys',
    { schema: { tags, summary: "The workspace's journeys", response: { 200: JourneyListSchema } } },
    async (request) => ({
      items: (await store.journeys.list(request.workspace.id)).map(journeySummary),
    }),
  );

  api.get(
    '/journeys/templates',
    {
      schema: {
        tags,
        summary: 'The ready-made journeys to start from',
        response: { 200: JourneyTemplatesSchema },
      },
    },
    async () => ({
      items: TEMPLATE_KEYS.map((key) => {
        const j = loadTemplate(key);
        return {
          key,
          name: j.name,
          description: j.description,
          trigger: describeTrigger(j),
          nodes: j.nodes.length,
        };
      }),
    }),
  );

  api.post(
    '/journeys',
    {
      schema: {
        tags,
        summary:
          'Create a draft from a document ({document}: YAML text or JSON) or a ready-made one ({template})',
        body: CreateJourneySchema,
        response: { 201: JourneySchema, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      const draft = journeyFromInput(request.body);
      const created = await store.journeys.create(request.workspace.id, draft, clock.now());
      if (!created)
        throw new AppError('conflict', `a journey with key "${draft.key}" already exists in this workspace`);
      // A ready-made journey comes with its messages: the starter templates the workspace lacks.
      if (request.body.template !== undefined)
        await installStarters(store, request.workspace.id, sendsOf(draft), clock.now());
      return reply
        .status(201)
        .header('location', `/api/v1/journeys/${created.id}`)
        .send(journeyView(created));
    },
  );

  api.get(
    '/journeys/:id',
    {
      schema: {
        tags,
        summary: 'One journey: its draft as JSON and YAML, status and live version',
        params: JourneyParamsSchema,
        response: { 200: JourneySchema, ...errorResponses(404) },
      },
    },
    async (request) => journeyView(await journeyOf(store, request.workspace.id, request.params.id)),
  );

  api.put(
    '/journeys/:id',
    {
      schema: {
        tags,
        summary: "Replace a journey's draft (its key stays); publish to make it run",
        params: JourneyParamsSchema,
        body: SaveJourneySchema,
        response: { 200: JourneySchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const current = await journeyOf(store, ws, request.params.id);
      const draft = journeyFromInput(request.body);
      if (draft.key !== current.key)
        throw new AppError(
          'bad_request',
          `the key of journey ${current.id} is "${current.key}"; create a new journey for "${draft.key}"`,
        );
      if (current.status === 'archived')
        throw new AppError('conflict', `journey "${current.key}" is archived`);
      const saved = await store.journeys.saveDraft(ws, current.id, draft, clock.now());
      return journeyView(saved!);
    },
  );

  api.post(
    '/journeys/:id/publish',
    {
      schema: {
        tags,
        summary:
          'Publish the draft as the next version: new entrants run it, customers inside older versions finish on theirs',
        params: JourneyParamsSchema,
        body: PublishJourneySchema,
        response: { 200: PublishedJourneySchema, ...errorResponses(404, 409) },
      },
      // A publish without a mapping needs no body: an empty one reads as `{}`.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const j = await journeyOf(store, ws, request.params.id);
      const moves = request.body.moves ?? {};
      return { id: j.id, version: await publishJourney(store, ws, j, clock.now(), moves) };
    },
  );

  for (const [action, status] of [
    ['pause', 'paused'],
    ['resume', 'live'],
    ['archive', 'archived'],
  ] as const) {
    api.post(
      `/journeys/:id/${action}`,
      {
        schema: {
          tags,
          summary:
            action === 'pause'
              ? 'Pause: nobody enters, customers inside wait where they are'
              : action === 'resume'
                ? 'Resume a paused journey'
                : 'Archive: every customer inside leaves, nothing more is sent',
          params: JourneyParamsSchema,
          response: { 200: JourneySchema, ...errorResponses(404, 409) },
        },
      },
      async (request) => {
        const ws = request.workspace.id;
        const j = await journeyOf(store, ws, request.params.id);
        if (j.liveVersion === null) throw new AppError('conflict', `journey "${j.key}" was never published`);
        const changed = await store.journeys.setStatus(ws, j.id, status, clock.now());
        if (!changed) throw new AppError('conflict', `journey "${j.key}" is archived`);
        return journeyView(changed);
      },
    );
  }

  api.get(
    '/journeys/:id/versions',
    {
      schema: {
        tags,
        summary: 'Every published version, newest first',
        params: JourneyParamsSchema,
        response: { 200: JourneyVersionsSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const j = await journeyOf(store, ws, request.params.id);
      const versions = await store.journeys.versions(ws, j.id);
      return {
        items: versions.map((v) => ({
          version: v.version,
          publishedAt: iso(v.publishedAt),
          document: toPlain(v.definition),
        })),
      };
    },
  );

  api.post(
    '/journeys/:id/dry-run',
    {
      schema: {
        tags,
        summary: 'What would happen to this customer: their path through the draft if they entered now',
        params: JourneyParamsSchema,
        body: DryRunJourneySchema,
        response: { 200: JourneyDryRunSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const j = await journeyOf(store, ws, request.params.id);
      const { id } = await resolveCustomer(store.customers, ws, request.body.customerId);
      const now = clock.now();
      const found = await contextNow(store.engine, ws, id, now);
      if (!found) throw new AppError('not_found', `no customer ${id} in this workspace`);
      const tz = found.record.traits.timezone;
      const timeZone = typeof tz === 'string' && isTimeZone(tz) ? tz : 'UTC';
      const simulation = simulateJourney(compileJourney(j.id, 0, j.draft), found.context, timeZone, id);
      return dryRunView(id, 'draft', simulation);
    },
  );

  api.get(
    '/journeys/:id/stats',
    {
      schema: {
        tags,
        summary:
          'Entries, where customers wait, conversions, exits by reason, A/B variants and each send node’s messages (format=csv: per version and node)',
        params: JourneyParamsSchema,
        querystring: FormatQuerySchema,
        response: { 200: JourneyStatsSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const ws = request.workspace.id;
      const j = await journeyOf(store, ws, request.params.id);
      const [counts, messages] = await Promise.all([
        store.journeys.nodeCounts(ws, j.id),
        store.messaging.stats(ws, j.id),
      ]);
      if (request.query.format === 'csv') return sendCsv(reply, statsCsv(counts, messages));
      return journeyStats(j.id, counts, messages);
    },
  );

  api.get(
    '/customers/:id/journeys',
    {
      schema: {
        tags: ['journeys', 'customers'],
        summary:
          'Every journey the customer is or was in (latest 100 entries), the path taken and why each branch went its way',
        params: IdParamsSchema,
        response: { 200: CustomerJourneysSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const { id } = await resolveCustomer(store.customers, ws, request.params.id);
      return { items: (await store.journeys.customerEntries(ws, id)).map(entryView) };
    },
  );
}
