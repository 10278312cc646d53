import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  AttributionQuerySchema,
  AttributionSchema,
  attributionCsv,
  attributionReport,
  CohortQuerySchema,
  CohortTableSchema,
  cohortCsv,
  cohortReport,
  FormatQuerySchema,
  FunnelBodySchema,
  FunnelCustomersBodySchema,
  FunnelCustomersSchema,
  type FunnelInput,
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
  ReportQuerySchema,
  rangeOf,
  StageFlowSchema,
  stageFlowCsv,
  stageFlowReport,
} from '../../analytics/index.ts';
import type { Clock } from '../../core/index.ts';
import { AppError, DAY, HOUR } from '../../core/index.ts';
import { type EventSpec, parseRule, ruleFromJson } from '../../rules/index.ts';
import type { Store } from '../../storage/index.ts';
import { errorResponses } from '../error-responses.ts';
import { sendCsv } from './send-csv.ts';

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

function funnelQuery(body: FunnelInput, now: number): FunnelQuery {
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

/**
 * Funnels, cohorts, attribution, the lifecycle chart, stage flow and the journey map under
 * /api/v1/analytics. Each computes its metric once, in the functions the CLI uses too.
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
        body: FunnelBodySchema,
        querystring: FormatQuerySchema,
        response: { 200: jsonOrCsv(FunnelSchema) },
      },
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
        body: FunnelCustomersBodySchema,
        response: { 200: FunnelCustomersSchema, 201: FunnelCustomersSchema, ...errorResponses(409) },
      },
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
        querystring: CohortQuerySchema,
        response: { 200: jsonOrCsv(CohortTableSchema) },
      },
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
        querystring: AttributionQuerySchema,
        response: { 200: jsonOrCsv(AttributionSchema) },
      },
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
        querystring: ReportQuerySchema,
        response: { 200: jsonOrCsv(LifecycleChartSchema) },
      },
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
        querystring: ReportQuerySchema,
        response: { 200: jsonOrCsv(StageFlowSchema) },
      },
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
        querystring: ReportQuerySchema,
        response: { 200: jsonOrCsv(JourneyMapSchema) },
      },
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
