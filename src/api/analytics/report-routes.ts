import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import {
  AttributionSchema,
  attributionCsv,
  attributionReport,
  CohortTableSchema,
  cohortCsv,
  cohortReport,
  type FunnelQuery,
  FunnelSchema,
  funnelCsv,
  funnelReport,
  funnelReportCustomers,
  JourneyMapSchema,
  journeyMapCsv,
  journeyMapReport,
  jsonOrCsv,
  LifecycleChartSchema,
  lifecycleChartCsv,
  lifecycleChartReport,
  rangeOf,
  StageFlowSchema,
  stageFlowCsv,
  stageFlowReport,
} from '../../analytics/index.ts';
import type { Clock } from '../../core/index.ts';
import { AppError, DAY, HOUR } from '../../core/index.ts';
import { type EventSpec, parseRule, ruleFromJson } from '../../rules/index.ts';
import type { Store } from '../../storage/index.ts';
import { knownBodyOnly, knownQueryOnly } from '../http.ts';
import { RangeQuery, sendCsv } from './http-query.ts';

const Step = Type.Union([
  Type.String({
    description: 'An event as the rule language writes it: "Order Completed" [revenue >= 50], $page',
  }),
  Type.Object({ event: Type.String(), where: Type.Optional(Type.Array(Type.Any())) }),
]);

const FunnelBody = Type.Object({
  steps: Type.Array(Step, { minItems: 2, maxItems: 10 }),
  order: Type.Optional(Type.Union([Type.Literal('ordered'), Type.Literal('strict'), Type.Literal('any')])),
  windowHours: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, maximum: 24 * 366, description: 'Default 7 days' }),
  ),
  from: RangeQuery.from,
  to: RangeQuery.to,
  breakdown: Type.Optional(
    Type.Union([
      Type.Object({ by: Type.Literal('property'), property: Type.String({ minLength: 1, maxLength: 200 }) }),
      Type.Object({
        by: Type.Union([Type.Literal('stage'), Type.Literal('channel'), Type.Literal('segment')]),
      }),
    ]),
  ),
});

const FunnelCustomersBody = Type.Object({
  ...FunnelBody.properties,
  reached: Type.Integer({ minimum: 1, maximum: 10 }),
  notReached: Type.Optional(Type.Integer({ minimum: 2, maximum: 10 })),
  saveAs: Type.Optional(
    Type.Object({
      key: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' }),
      name: Type.String({ minLength: 1, maxLength: 200 }),
    }),
  ),
});

/** One funnel step from its text form or its JSON node, checked as the rule language checks events. */
function readStep(step: unknown, index: number): EventSpec {
  const result =
    typeof step === 'string'
      ? parseRule(`performed ${step}`)
      : ruleFromJson({ kind: 'performed', event: step, count: { op: 'atLeast', n: 1 }, window: null });
  if (!result.ok) throw new AppError('bad_request', `step ${index + 1}: ${result.error.message}`);
  const rule = result.rule;
  if (rule.kind !== 'performed' || rule.window !== null) {
    throw new AppError('bad_request', `step ${index + 1}: give an event and its filters only`);
  }
  return rule.event;
}

function funnelQuery(body: Static<typeof FunnelBody>, now: number): FunnelQuery {
  const range = rangeOf(body, now);
  return {
    steps: body.steps.map(readStep),
    order: body.order ?? 'ordered',
    windowMs: (body.windowHours ?? 7 * 24) * HOUR,
    from: range.from,
    to: range.to,
    breakdown: body.breakdown,
  };
}

const CohortQuery = Type.Object({
  ...RangeQuery,
  cohort: Type.Optional(Type.Union([Type.Literal('first_seen'), Type.Literal('first_event')])),
  cohortEvent: Type.Optional(Type.String({ minLength: 1, description: 'The event of first_event cohorts' })),
  returnEvent: Type.Optional(
    Type.String({ minLength: 1, description: 'What counts as coming back; default any event' }),
  ),
  periods: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: 'Default 12' })),
});

const AttributionQuery = Type.Object({
  from: RangeQuery.from,
  to: RangeQuery.to,
  format: RangeQuery.format,
  event: Type.Optional(Type.String({ minLength: 1, description: 'The conversion; default Order Completed' })),
  lookbackDays: Type.Optional(Type.Number({ minimum: 0, maximum: 365, description: 'Default 30' })),
});

const PeriodQuery = Type.Object({
  from: RangeQuery.from,
  to: RangeQuery.to,
  unit: RangeQuery.unit,
  format: RangeQuery.format,
});

/**
 * Funnels, cohorts, attribution, the lifecycle chart, stage flow and the journey map under
 * /api/v1/analytics. Each computes its metric once, in the functions the dashboard and CLI use too.
 */
export async function reportRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, clock } = deps;
  const tags = ['analytics'];

  api.post(
    '/analytics/funnels',
    {
      schema: {
        tags,
        summary:
          'A funnel: customers per ordered step within a conversion window, with an optional breakdown',
        body: FunnelBody,
        querystring: Type.Object({ format: RangeQuery.format }),
        response: { 200: jsonOrCsv(FunnelSchema) },
      },
      preValidation: [knownBodyOnly(FunnelBody), knownQueryOnly(Type.Object({ format: RangeQuery.format }))],
    },
    async (request, reply) => {
      const result = await funnelReport(store, request.workspace.id, funnelQuery(request.body, clock.now()));
      if (request.query.format === 'csv') return sendCsv(reply, funnelCsv(result));
      return result;
    },
  );

  api.post(
    '/analytics/funnels/customers',
    {
      schema: {
        tags,
        summary:
          'The customers who reached a funnel step (and dropped before `notReached`), optionally saved as a static segment',
        body: FunnelCustomersBody,
      },
      preValidation: [knownBodyOnly(FunnelCustomersBody), knownQueryOnly({ properties: {} })],
    },
    async (request, reply) => {
      const ws = request.workspace.id;
      const body = request.body;
      const q = funnelQuery(body, clock.now());
      if (
        body.reached > q.steps.length ||
        (body.notReached !== undefined &&
          (body.notReached <= body.reached || body.notReached > q.steps.length))
      ) {
        throw new AppError(
          'bad_request',
          `reached and notReached must be steps 1 to ${q.steps.length}, notReached after reached`,
        );
      }
      const ids = await funnelReportCustomers(store, ws, q, {
        reached: body.reached,
        notReached: body.notReached,
      });
      let segment: string | null = null;
      if (body.saveAs) {
        const now = clock.now();
        const created = await store.segments.create(
          ws,
          {
            key: body.saveAs.key,
            name: body.saveAs.name,
            description: 'Saved from a funnel',
            kind: 'static',
            rule: null,
          },
          now,
          ids,
        );
        if (!created)
          throw new AppError('conflict', `a segment with key "${body.saveAs.key}" already exists`);
        segment = created.key;
        reply.status(201);
      }
      return { count: ids.length, customers: ids.slice(0, 10_000), segment };
    },
  );

  api.get(
    '/analytics/cohorts',
    {
      schema: {
        tags,
        summary: 'Retention and revenue cohorts by first seen or first event, per week or month',
        querystring: CohortQuery,
        response: { 200: jsonOrCsv(CohortTableSchema) },
      },
      preValidation: knownQueryOnly(CohortQuery),
    },
    async (request, reply) => {
      const q = request.query;
      const now = clock.now();
      const range = { ...rangeOf({ ...q, unit: q.unit ?? 'month', from: q.from }, now), now };
      if (q.cohort === 'first_event' && !q.cohortEvent)
        throw new AppError('bad_request', 'first_event cohorts need cohortEvent');
      const table = await cohortReport(store, request.workspace.id, range, {
        cohort:
          q.cohort === 'first_event' ? { by: 'first_event', event: q.cohortEvent! } : { by: 'first_seen' },
        returnEvent: q.returnEvent ?? null,
        periods: q.periods ?? 12,
      });
      if (q.format === 'csv') return sendCsv(reply, cohortCsv(table));
      return table;
    },
  );

  api.get(
    '/analytics/attribution',
    {
      schema: {
        tags,
        summary:
          'Conversions and revenue credited to channels and campaigns: first touch, last touch, linear',
        querystring: AttributionQuery,
        response: { 200: jsonOrCsv(AttributionSchema) },
      },
      preValidation: knownQueryOnly(AttributionQuery),
    },
    async (request, reply) => {
      const q = request.query;
      const range = rangeOf(q, clock.now());
      const result = await attributionReport(store, request.workspace.id, range, {
        event: q.event ?? 'Order Completed',
        lookbackMs: q.lookbackDays === undefined ? undefined : q.lookbackDays * DAY,
      });
      return q.format === 'csv' ? sendCsv(reply, attributionCsv(result)) : result;
    },
  );

  api.get(
    '/analytics/lifecycle',
    {
      schema: {
        tags,
        summary: 'New, returning, resurrecting and dormant customers per period',
        querystring: PeriodQuery,
        response: { 200: jsonOrCsv(LifecycleChartSchema) },
      },
      preValidation: knownQueryOnly(PeriodQuery),
    },
    async (request, reply) => {
      const now = clock.now();
      const range = { ...rangeOf(request.query, now), now };
      const periods = await lifecycleChartReport(store, request.workspace.id, range);
      return request.query.format === 'csv' ? sendCsv(reply, lifecycleChartCsv(periods)) : { periods };
    },
  );

  api.get(
    '/analytics/stage-flow',
    {
      schema: {
        tags,
        summary: 'Stage moves per period, conversion between stages, time in stage and time to each stage',
        querystring: PeriodQuery,
        response: { 200: jsonOrCsv(StageFlowSchema) },
      },
      preValidation: knownQueryOnly(PeriodQuery),
    },
    async (request, reply) => {
      const now = clock.now();
      const flow = await stageFlowReport(store, request.workspace.id, {
        ...rangeOf(request.query, now),
        now,
      });
      return request.query.format === 'csv' ? sendCsv(reply, stageFlowCsv(flow)) : flow;
    },
  );

  api.get(
    '/analytics/journey-map',
    {
      schema: {
        tags,
        summary: 'Touchpoints per stage with the share that reached the next stage, and drop-off points',
        querystring: PeriodQuery,
        response: { 200: jsonOrCsv(JourneyMapSchema) },
      },
      preValidation: knownQueryOnly(PeriodQuery),
    },
    async (request, reply) => {
      const now = clock.now();
      const map = await journeyMapReport(store, request.workspace.id, {
        ...rangeOf(request.query, now),
        now,
      });
      return request.query.format === 'csv' ? sendCsv(reply, journeyMapCsv(map)) : map;
    },
  );
}
