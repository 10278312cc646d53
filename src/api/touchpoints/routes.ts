import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/index.ts';
import type { Store } from '../../storage/index.ts';
import { DEFAULT_TOUCHPOINT_RULES, validateTouchpointConfig } from '../../touchpoints/index.ts';

// The config schema carries an $id, which may appear only once per document, so the response is
// described loosely; the handler validates the body against the real schema.
const Config = { type: 'object', additionalProperties: true } as const;
const ViewSchema = {
  type: 'object',
  properties: { rules: Config, defaults: Config },
  required: ['rules', 'defaults'],
} as const;

/**
 * The workspace's touchpoint rules: GET shows them beside the built-in defaults, PUT replaces them.
 * They apply to events stored from then on (within the few seconds workspaces are cached for).
 */
export async function touchpointRoutes(app: FastifyInstance, deps: { store: Store }): Promise<void> {
  const { store } = deps;
  app.get(
    '/settings/touchpoints',
    {
      schema: {
        tags: ['touchpoints'],
        summary: "The workspace's channel and touchpoint rules, and the defaults",
        response: { 200: ViewSchema },
      },
    },
    async (request) => ({
      rules: request.workspace.settings.touchpoints ?? {},
      defaults: DEFAULT_TOUCHPOINT_RULES,
    }),
  );
  app.put(
    '/settings/touchpoints',
    {
      schema: {
        tags: ['touchpoints'],
        summary: 'Replace the channel and touchpoint rules (ahead of the defaults unless defaults: false)',
        body: {},
        response: { 200: ViewSchema },
      },
    },
    async (request) => {
      const issues = validateTouchpointConfig(request.body);
      if (issues.length > 0) {
        const first = issues[0]!;
        throw new AppError('bad_request', `invalid touchpoint rules: ${first.path}: ${first.message}`, {
          issues,
        });
      }
      const workspace = await store.workspaces.get(request.workspace.id);
      if (!workspace) throw new AppError('not_found', 'workspace not found');
      const rules = request.body as never;
      await store.workspaces.updateSettings(workspace.id, { ...workspace.settings, touchpoints: rules });
      return { rules, defaults: DEFAULT_TOUCHPOINT_RULES };
    },
  );
}
