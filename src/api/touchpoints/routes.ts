import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/index.ts';
import type { Store } from '../../storage/index.ts';
import {
  TouchpointConfigSchema,
  TouchpointSettingsSchema,
  touchpointSettingsView,
} from '../../touchpoints/index.ts';
import { errorResponses } from '../error-responses.ts';

/**
 * The workspace's touchpoint rules: GET shows them beside the built-in defaults, PUT replaces them.
 * They apply to events stored from then on (within the few seconds workspaces are cached for).
 */
export async function touchpointRoutes(app: FastifyInstance, deps: { store: Store }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = deps;
  api.get(
    '/settings/touchpoints',
    {
      schema: {
        tags: ['touchpoints'],
        summary: "The workspace's channel and touchpoint rules, and the defaults",
        response: { 200: TouchpointSettingsSchema },
      },
    },
    async (request) => touchpointSettingsView(request.workspace.settings.touchpoints),
  );
  api.put(
    '/settings/touchpoints',
    {
      schema: {
        tags: ['touchpoints'],
        summary: 'Replace the channel and touchpoint rules (ahead of the defaults unless defaults: false)',
        body: TouchpointConfigSchema,
        response: { 200: TouchpointSettingsSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const workspace = await store.workspaces.get(request.workspace.id);
      if (!workspace) throw new AppError('not_found', 'workspace not found');
      const rules = request.body;
      await store.workspaces.updateSettings(workspace.id, { ...workspace.settings, touchpoints: rules });
      return touchpointSettingsView(rules);
    },
  );
}
