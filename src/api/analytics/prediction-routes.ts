import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  analyticsSettings,
  FitBodySchema,
  FitResultSchema,
  fitWorkspace,
  LatestFitSchema,
  latestFitView,
} from '../../analytics/index.ts';
import { AppError, type Clock, DAY } from '../../core/index.ts';
import type { Store } from '../../storage/index.ts';

/** The prediction models: the latest stored fit, and a fit on demand. */
export async function predictionRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, clock } = deps;
  const tags = ['analytics'];

  api.get(
    '/analytics/predictions',
    {
      schema: {
        tags,
        summary: 'The latest fit of BG/NBD and Gamma-Gamma: parameters, standard errors, population figures',
        response: { 200: LatestFitSchema },
      },
    },
    async (request) => ({ fit: latestFitView(await store.analytics.latestFit(request.workspace.id)) }),
  );

  api.post(
    '/analytics/predictions/fit',
    {
      schema: {
        tags,
        summary:
          "Fit the purchase and spend models on the workspace's purchases now; without `until`, store every customer's predictions",
        body: FitBodySchema,
        response: { 200: FitResultSchema },
      },
    },
    async (request) => {
      const ws = request.workspace;
      const body = request.body ?? {};
      const until = body.until === undefined ? undefined : Date.parse(`${body.until}T00:00:00Z`) + DAY;
      if (until !== undefined && !Number.isFinite(until)) {
        throw new AppError('bad_request', `until ${body.until} is not a day`);
      }
      const settings = analyticsSettings((await store.workspaces.get(ws.id))?.settings.analytics);
      const fit = await fitWorkspace(store, ws.id, {
        until,
        unit: body.unit ?? 'weeks',
        event: settings.purchaseEvent,
        now: clock.now(),
        store: true,
      });
      return { report: fit.report, holdout: fit.holdout, stored: fit.written };
    },
  );
}
