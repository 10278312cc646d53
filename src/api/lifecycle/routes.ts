import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/index.ts';
import { AppError } from '../../core/index.ts';
import { IdParamsSchema, resolveCustomer } from '../../customers/index.ts';
import { dryRun, explainStage, requireSegments, storedRuntime } from '../../engine/index.ts';
import type { LifecycleModel } from '../../lifecycle/index.ts';
import {
  ExplanationSchema,
  HistoryQuerySchema,
  isPresetName,
  LifecycleViewSchema,
  loadPreset,
  ModelDocumentSchema,
  modelFromDocument,
  PRESET_NAMES,
  PutLifecycleSchema,
  PutQuerySchema,
  StageHistorySchema,
} from '../../lifecycle/index.ts';
import type { Store } from '../../storage/index.ts';
import { errorResponses } from '../error-responses.ts';
import { dryRunView, explanationView, lifecycleView, moveView, recomputeView } from './views.ts';

/** Reads a model from a PUT body: a YAML or JSON document, or `{"preset": "clm-5"}`. */
function modelFromBody(body: unknown): LifecycleModel {
  if (body && typeof body === 'object' && 'preset' in body && Object.keys(body).length === 1) {
    const name = String((body as { preset: unknown }).preset);
    if (!isPresetName(name)) {
      throw new AppError('bad_request', `unknown preset "${name}"; presets: ${PRESET_NAMES.join(', ')}`);
    }
    return loadPreset(name);
  }
  const result = modelFromDocument(body, typeof body === 'string' ? 'yaml' : undefined);
  if (!result.ok) {
    const first = result.errors[0]!;
    throw new AppError('bad_request', `invalid lifecycle model: ${first.path}: ${first.message}`, {
      errors: result.errors,
    });
  }
  return result.model;
}

/** The lifecycle admin API: the active model (lifecycle as code), stage history and explanations. */
export async function lifecycleRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, clock } = deps;
  app.addContentTypeParser(
    ['application/yaml', 'application/x-yaml', 'text/yaml'],
    { parseAs: 'string' },
    (_r, body, done) => done(null, body),
  );

  api.get(
    '/lifecycle',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'The active lifecycle model, its versions and recompute progress',
        response: { 200: LifecycleViewSchema },
      },
    },
    async (request) => {
      const engine = store.engine;
      const ws = request.workspace.id;
      const [active, versions, recompute] = await Promise.all([
        engine.getModel(ws),
        engine.listModelVersions(ws),
        engine.recomputeStatus(ws),
      ]);
      return lifecycleView(active, versions, recompute);
    },
  );

  api.put(
    '/lifecycle',
    {
      schema: {
        tags: ['lifecycle'],
        summary:
          'Publish a lifecycle model (YAML or JSON, or {"preset": name}); ?dryRun=true only reports the moves',
        querystring: PutQuerySchema,
        body: ModelDocumentSchema,
        response: { 200: PutLifecycleSchema },
      },
    },
    async (request) => {
      const engine = store.engine;
      const model = modelFromBody(request.body);
      const ws = request.workspace.id;
      await requireSegments(engine, ws, model);
      if (request.query.dryRun) {
        const current = await storedRuntime(engine, ws);
        return dryRunView(await dryRun(engine, current, model, clock.now()));
      }
      const version = await engine.publishModel(ws, model, clock.now());
      return { version, recompute: recomputeView(await engine.recomputeStatus(ws)) };
    },
  );

  api.get(
    '/customers/:id/stages',
    {
      schema: {
        tags: ['lifecycle'],
        summary: "A customer's stage history, newest first, with the rule and values behind each move",
        params: IdParamsSchema,
        querystring: HistoryQuerySchema,
        response: { 200: StageHistorySchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const engine = store.engine;
      const ws = request.workspace.id;
      const { id } = await resolveCustomer(store.customers, ws, request.params.id);
      const q = request.query;
      const items = await engine.stageHistory(ws, id, q.cursor ? Number(q.cursor) : null, q.limit + 1);
      const more = items.length > q.limit;
      const page = items.slice(0, q.limit);
      return {
        items: page.map(moveView),
        next: more ? String(page.at(-1)!.id) : null,
      };
    },
  );

  api.get(
    '/customers/:id/explain',
    {
      schema: {
        tags: ['lifecycle'],
        summary:
          'Why the customer is in their stage, and which condition of each stage above failed and by how much',
        params: IdParamsSchema,
        response: { 200: ExplanationSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const { id } = await resolveCustomer(store.customers, ws, request.params.id);
      const e = await explainStage(store.engine, ws, id, clock.now());
      if (!e) throw new AppError('not_found', `no customer ${id} in this workspace`);
      return explanationView(e);
    },
  );
}
