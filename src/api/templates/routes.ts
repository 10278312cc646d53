import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError, type Clock, iso } from '../../core/index.ts';
import {
  PreviewTemplateSchema,
  PublishedTemplateSchema,
  publishTemplate,
  readTemplate,
  SaveTemplateSchema,
  saveTemplate,
  TemplateInputSchema,
  TemplateListQuerySchema,
  TemplateListSchema,
  TemplateParamsSchema,
  TemplatePreviewSchema,
  type TemplateRecord,
  TemplateSchema,
  TemplateVersionsSchema,
  templateSummary,
  templateView,
} from '../../messaging/index.ts';
import type { Store } from '../../storage/index.ts';
import { errorResponses } from '../error-responses.ts';
import { previewTemplate } from './preview.ts';

async function templateOf(store: Store, workspaceId: number, key: string): Promise<TemplateRecord> {
  const t = await store.templates.get(workspaceId, key);
  if (!t) throw new AppError('not_found', `no template "${key}" in this workspace`);
  return t;
}

/**
 * The message templates admin API: drafts checked as they are saved (Liquid faults at their field,
 * line and column, as 422), publish (a new version, compiled for the sender), versions, delete, and a
 * preview of the draft for a real customer.
 */
export async function templateRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, clock } = deps;
  const tags = ['templates'];

  api.get(
    '/templates',
    {
      schema: {
        tags,
        summary: "The workspace's message templates in key order (cursor-paginated)",
        querystring: TemplateListQuerySchema,
        response: { 200: TemplateListSchema },
      },
    },
    async (request) => {
      const page = await store.templates.list(request.workspace.id, request.query);
      return { items: page.items.map(templateSummary), next: page.next };
    },
  );

  api.post(
    '/templates',
    {
      schema: {
        tags,
        summary: 'Create a template from its document; its Liquid is checked first',
        body: TemplateInputSchema,
        response: { 201: TemplateSchema, ...errorResponses(409, 422) },
      },
    },
    async (request, reply) => {
      const t = readTemplate(request.body);
      const { record } = await saveTemplate(store.templates, request.workspace.id, t, clock.now(), 'create');
      return reply
        .status(201)
        .header('location', `/api/v1/templates/${record.key}`)
        .send(templateView(record));
    },
  );

  api.get(
    '/templates/:key',
    {
      schema: {
        tags,
        summary: 'One template: its draft as content and as YAML, and the published version',
        params: TemplateParamsSchema,
        response: { 200: TemplateSchema, ...errorResponses(404) },
      },
    },
    async (request) => templateView(await templateOf(store, request.workspace.id, request.params.key)),
  );

  api.put(
    '/templates/:key',
    {
      schema: {
        tags,
        summary: "Replace a template's draft (key and channel stay); publish to send it",
        params: TemplateParamsSchema,
        body: SaveTemplateSchema,
        response: { 200: TemplateSchema, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const { key } = request.params;
      if (request.body.key !== undefined && request.body.key !== key)
        throw new AppError(
          'bad_request',
          `the key of this template is "${key}"; create a new one for "${request.body.key}"`,
        );
      const t = readTemplate({ ...request.body, key });
      const { record } = await saveTemplate(store.templates, request.workspace.id, t, clock.now(), 'replace');
      return templateView(record);
    },
  );

  api.delete(
    '/templates/:key',
    {
      schema: {
        tags,
        summary: 'Delete a template and its versions; messages waiting to be sent with it then fail',
        params: TemplateParamsSchema,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      if (!(await store.templates.delete(request.workspace.id, key)))
        throw new AppError('not_found', `no template "${key}" in this workspace`);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/templates/:key/publish',
    {
      schema: {
        tags,
        summary: 'Publish the draft as the next version: the sender renders it from now on',
        params: TemplateParamsSchema,
        response: { 200: PublishedTemplateSchema, ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const { key } = request.params;
      return { key, version: await publishTemplate(store.templates, request.workspace.id, key, clock.now()) };
    },
  );

  api.get(
    '/templates/:key/versions',
    {
      schema: {
        tags,
        summary: 'Every published version, newest first',
        params: TemplateParamsSchema,
        response: { 200: TemplateVersionsSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { key } = request.params;
      const versions = await store.templates.versions(request.workspace.id, key);
      if (!versions) throw new AppError('not_found', `no template "${key}" in this workspace`);
      return {
        items: versions.map((v) => ({
          version: v.version,
          publishedAt: iso(v.publishedAt),
          content: v.content,
        })),
      };
    },
  );

  api.post(
    '/templates/:key/preview',
    {
      schema: {
        tags,
        summary:
          'Render the draft (or the given content) for a customer, with their traits, stage and predictions; links go nowhere',
        params: TemplateParamsSchema,
        body: PreviewTemplateSchema,
        response: { 200: TemplatePreviewSchema, ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const t = await templateOf(store, request.workspace.id, request.params.key);
      return previewTemplate(store, request.workspace, t, request.body);
    },
  );
}
