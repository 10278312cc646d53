import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../../core/index.ts';
import { AppError } from '../../core/index.ts';
import type { Rule } from '../../rules/index.ts';
import {
  CreateSegmentSchema,
  checkSegmentReferences,
  KeyParamsSchema,
  readSegmentRule,
  SegmentListSchema,
  SegmentSchema,
  segmentOf,
  segmentView,
  UpdateSegmentSchema,
  usesOfSegment,
} from '../../segments/index.ts';
import type { Store } from '../../storage/index.ts';
import { errorResponses } from '../error-responses.ts';
import { customerSegmentRoutes } from './customer-segments.ts';
import { memberRoutes } from './member-routes.ts';

/**
 * A rule for segment `key`, checked against the workspace's other segments (no unknown keys, no
 * cycles).
 */
async function ruleFor(store: Store, workspaceId: number, key: string, input: unknown): Promise<Rule> {
  const rule = readSegmentRule(input);
  checkSegmentReferences(key, rule, await store.segments.list(workspaceId));
  return rule;
}

/**
 * The segments admin API: definitions in the rule language, live sizes, growth, member previews and
 * uploaded static lists. Every query is scoped to `request.workspace`.
 */
export async function segmentRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, clock } = deps;

  api.get(
    '/segments',
    {
      schema: {
        tags: ['segments'],
        summary: "The workspace's segments with their current sizes",
        response: { 200: SegmentListSchema },
      },
    },
    async (request) => {
      const segments = await store.segments.list(request.workspace.id);
      return { items: segments.map((s) => segmentView(s, s.size)) };
    },
  );

  api.post(
    '/segments',
    {
      schema: {
        tags: ['segments'],
        summary:
          'Create a rule segment ({key, name, rule}: rule text or JSON node tree) or a static list ({key, name, kind: "static"})',
        body: CreateSegmentSchema,
        response: { 201: SegmentSchema, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      const ws = request.workspace.id;
      const body = request.body;
      const kind = body.kind ?? 'rule';
      let rule: Rule | null = null;
      if (kind === 'static') {
        if (body.rule !== undefined) {
          throw new AppError(
            'bad_request',
            'a static segment has no rule: leave "rule" out and upload its members',
          );
        }
      } else {
        if (body.rule === undefined) {
          throw new AppError(
            'bad_request',
            'a rule segment needs a "rule" (text or JSON node tree); for an uploaded list send "kind": "static"',
          );
        }
        rule = await ruleFor(store, ws, body.key, body.rule);
      }
      const segment = { key: body.key, name: body.name, description: body.description ?? null, kind, rule };
      const created = await store.segments.create(ws, segment, clock.now());
      if (!created) throw new AppError('conflict', `segment "${body.key}" already exists in this workspace`);
      return reply
        .status(201)
        .header('location', `/api/v1/segments/${created.key}`)
        .send(segmentView(created, 0));
    },
  );

  api.get(
    '/segments/:key',
    {
      schema: {
        tags: ['segments'],
        summary: 'One segment: its definition (rule as text and JSON), kind and size',
        params: KeyParamsSchema,
        response: { 200: SegmentSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const segment = await segmentOf(store.segments, ws, request.params.key);
      return segmentView(segment, await store.segments.size(ws, segment.id));
    },
  );

  api.patch(
    '/segments/:key',
    {
      schema: {
        tags: ['segments'],
        summary: "Change a segment's name, description or rule (membership follows the new rule)",
        params: KeyParamsSchema,
        body: UpdateSegmentSchema,
        response: { 200: SegmentSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const { key } = request.params;
      const body = request.body;
      if (body.name === undefined && body.description === undefined && body.rule === undefined) {
        throw new AppError('bad_request', 'nothing to change: send name, description or rule');
      }
      const segment = await segmentOf(store.segments, ws, key);
      if (body.rule !== undefined && segment.kind === 'static') {
        throw new AppError('bad_request', `segment "${key}" is a static list and has no rule`);
      }
      const rule = body.rule === undefined ? undefined : await ruleFor(store, ws, key, body.rule);
      const patch = { name: body.name, description: body.description, rule };
      const updated = await store.segments.update(ws, key, patch, clock.now());
      if (!updated) throw new AppError('not_found', `no segment "${key}" in this workspace`);
      return segmentView(updated, await store.segments.size(ws, updated.id));
    },
  );

  api.delete(
    '/segments/:key',
    {
      schema: {
        tags: ['segments'],
        summary: 'Delete a segment with its members and history',
        params: KeyParamsSchema,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const ws = request.workspace.id;
      const { key } = request.params;
      await segmentOf(store.segments, ws, key);
      const model = (await store.engine.getModel(ws))?.model ?? null;
      const uses = usesOfSegment(key, await store.segments.list(ws), model);
      if (uses.length > 0) {
        throw new AppError(
          'conflict',
          `segment "${key}" is used by ${uses.join(', ')}; change those rules first`,
        );
      }
      if (!(await store.segments.delete(ws, key, clock.now()))) {
        throw new AppError('not_found', `no segment "${key}" in this workspace`);
      }
      return reply.status(204).send(null);
    },
  );

  await memberRoutes(app, deps);
  await customerSegmentRoutes(app, deps);
}
