import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/index.ts';
import { AppError, DAY } from '../../core/index.ts';
import {
  dayText,
  GrowthQuerySchema,
  GrowthSchema,
  growthView,
  KeyParamsSchema,
  MemberPageSchema,
  MembersChangedSchema,
  MembersQuerySchema,
  MembersUploadBodySchema,
  memberView,
  readUpload,
  segmentOf,
} from '../../segments/index.ts';
import type { Store } from '../../storage/index.ts';
import { errorResponses } from '../error-responses.ts';

/** The longest growth range one request may ask for: two years of days. */
const MAX_GROWTH_DAYS = 731;
/** Uploads of 10,000 identifiers of up to 512 characters, as JSON or CSV. */
const UPLOAD_BODY_LIMIT = 8 * 1024 * 1024;

/** The growth range a request asks for, as UTC midnights; the last 30 days by default. */
function growthRange(q: { from?: string; to?: string }, now: number): { from: number; to: number } {
  const to = q.to === undefined ? Math.floor(now / DAY) * DAY : Date.parse(`${q.to}T00:00:00Z`);
  const from = q.from === undefined ? to - 29 * DAY : Date.parse(`${q.from}T00:00:00Z`);
  if (from > to) throw new AppError('bad_request', `from (${dayText(from)}) is after to (${dayText(to)})`);
  const days = (to - from) / DAY + 1;
  if (days > MAX_GROWTH_DAYS) {
    throw new AppError('bad_request', `the range covers ${days} days; ask for at most ${MAX_GROWTH_DAYS}`);
  }
  return { from, to };
}

/** Member previews, growth over time, and uploads to static segments. */
export async function memberRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, clock } = deps;
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_r, body, done) => done(null, body));

  api.get(
    '/segments/:key/members',
    {
      schema: {
        tags: ['segments'],
        summary: "A page of the segment's members in customer id order",
        params: KeyParamsSchema,
        querystring: MembersQuerySchema,
        response: { 200: MemberPageSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const segment = await segmentOf(store.segments, ws, request.params.key);
      const page = await store.segments.members(ws, segment.id, request.query);
      return { items: page.items.map(memberView), next: page.next };
    },
  );

  api.get(
    '/segments/:key/growth',
    {
      schema: {
        tags: ['segments'],
        summary: 'Entries, exits and size per UTC day (the last 30 days unless from/to say otherwise)',
        params: KeyParamsSchema,
        querystring: GrowthQuerySchema,
        response: { 200: GrowthSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const segment = await segmentOf(store.segments, ws, request.params.key);
      const { from, to } = growthRange(request.query, clock.now());
      const days = await store.segments.growth(ws, segment.id, from, to);
      return { key: segment.key, from: dayText(from), to: dayText(to), days: days.map(growthView) };
    },
  );

  for (const method of ['POST', 'DELETE'] as const) {
    const add = method === 'POST';
    api.route({
      method,
      url: '/segments/:key/members',
      bodyLimit: UPLOAD_BODY_LIMIT,
      schema: {
        tags: ['segments'],
        summary: `${add ? 'Add customers to' : 'Remove customers from'} a static segment, by userId, email or customer id (JSON or text/csv)`,
        params: KeyParamsSchema,
        body: MembersUploadBodySchema,
        response: { 200: MembersChangedSchema, ...errorResponses(404, 409) },
      },
      handler: async (request) => {
        const ws = request.workspace.id;
        const { key } = request.params;
        const segment = await segmentOf(store.segments, ws, key);
        if (segment.kind !== 'static') {
          throw new AppError(
            'conflict',
            `segment "${key}" is kept by its rule; members can only be uploaded to a static segment (kind "static")`,
          );
        }
        const resolution = await store.segments.resolve(ws, readUpload(request.body));
        const ids = resolution.customerIds;
        const now = clock.now();
        const changed =
          ids.length === 0
            ? []
            : add
              ? await store.segments.addMembers(ws, segment.id, ids, now)
              : await store.segments.removeMembers(ws, segment.id, ids, now);
        return {
          matched: ids.length,
          ...(add ? { added: changed.length } : { removed: changed.length }),
          unmatched: resolution.unmatched,
          size: await store.segments.size(ws, segment.id),
        };
      },
    });
  }
}
