import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdParamsSchema, resolveCustomer } from '../../customers/index.ts';
import { CustomerSegmentsSchema } from '../../segments/index.ts';
import type { Store } from '../../storage/index.ts';
import { errorResponses } from '../error-responses.ts';

/** The segments a customer is in now, for their profile: read from their engine state, never a scan. */
export async function customerSegmentRoutes(app: FastifyInstance, deps: { store: Store }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = deps;
  api.get(
    '/customers/:id/segments',
    {
      schema: {
        tags: ['segments'],
        summary: 'The segments a customer is in now',
        params: IdParamsSchema,
        response: { 200: CustomerSegmentsSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const { id } = await resolveCustomer(store.customers, ws, request.params.id);
      const [record, segments] = await Promise.all([
        store.engine.customerRecord(ws, id),
        store.segments.list(ws),
      ]);
      const keys = new Set(record?.state?.segments ?? []);
      return { items: segments.filter((s) => keys.has(s.key)).map((s) => ({ key: s.key, name: s.name })) };
    },
  );
}
