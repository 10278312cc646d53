import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/index.ts';
import {
  CustomerDetailSchema,
  CustomerPageSchema,
  CustomerQuerySchema,
  customerView,
  EventPageSchema,
  type EventQueryInput,
  EventQuerySchema,
  eventView,
  IdParamsSchema,
  identityView,
  mergeView,
  resolveCustomer,
} from '../../customers/index.ts';
import type { Store } from '../../storage/index.ts';
import { errorResponses } from '../error-responses.ts';

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

/** The admin API's read side for customers and events. Every query is scoped to `request.workspace`. */
export async function customerRoutes(app: FastifyInstance, deps: { store: Store }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = deps;

  api.get(
    '/customers',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Search customers by userId, email, a trait or their stage now (newest first, cursor-paginated)',
        querystring: CustomerQuerySchema,
        response: { 200: CustomerPageSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const colon = q.trait?.indexOf(':') ?? -1;
      const page = await store.customers.list(request.workspace.id, {
        userId: q.userId,
        email: q.email,
        trait: q.trait ? { key: q.trait.slice(0, colon), value: q.trait.slice(colon + 1) } : undefined,
        stage: q.stage,
        cursor: q.cursor,
        limit: q.limit,
      });
      const stages = await store.engine.currentStages(
        request.workspace.id,
        page.items.map((c) => c.id),
      );
      return {
        items: page.items.map((c) => customerView(c, stages ? (stages.get(c.id) ?? null) : undefined)),
        next: page.next,
      };
    },
  );

  api.get(
    '/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'One customer with identities and merge history; a merged-away id resolves to its survivor',
        params: IdParamsSchema,
        response: { 200: CustomerDetailSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const { id, customer } = await resolveCustomer(store.customers, ws, request.params.id);
      const [identities, merges, stages, record] = await Promise.all([
        store.customers.identities(ws, id),
        store.customers.merges(ws, id),
        store.engine.currentStages(ws, [id]),
        store.engine.customerRecord(ws, id),
      ]);
      return {
        customer: customerView(customer, stages ? (stages.get(id) ?? null) : undefined),
        identities: identities.map(identityView),
        merges: merges.map(mergeView),
        ...(id !== request.params.id ? { resolvedFrom: request.params.id } : {}),
        predictions: (record?.state?.predictions ?? {}) as Record<string, number>,
      };
    },
  );

  api.get(
    '/customers/:id/events',
    {
      schema: {
        tags: ['customers'],
        summary: "A customer's event timeline, newest first",
        params: IdParamsSchema,
        querystring: EventQuerySchema,
        response: { 200: EventPageSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { id } = await resolveCustomer(store.customers, request.workspace.id, request.params.id);
      return listEvents(store, request.workspace.id, { ...request.query, customerId: id });
    },
  );

  api.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Events filtered by name, type, customer and time, newest first',
        querystring: EventQuerySchema,
        response: { 200: EventPageSchema },
      },
    },
    async (request) => listEvents(store, request.workspace.id, request.query),
  );
}

async function listEvents(store: Store, workspaceId: number, q: EventQueryInput) {
  const from = ms(q.from);
  const to = ms(q.to);
  if (from !== undefined && to !== undefined && from >= to) {
    throw new AppError('bad_request', 'from must be earlier than to');
  }
  const page = await store.customers.events(workspaceId, { ...q, from, to });
  return { items: page.items.map(eventView), next: page.next };
}
