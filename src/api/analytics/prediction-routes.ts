import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { analyticsSettings, fitWorkspace } from '../../analytics/index.ts';
import { AppError, type Clock, DAY } from '../../core/index.ts';
import type { Store } from '../../storage/index.ts';
import { knownBodyOnly, knownQueryOnly } from '../http.ts';

const FitBody = Type.Object({
  until: Type.Optional(
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description:
        'Last day of calibration: fit on purchases through it and compare the forecast after it; nothing is stored',
    }),
  ),
  unit: Type.Optional(
    Type.Union([Type.Literal('days'), Type.Literal('weeks')], { description: 'Default weeks' }),
  ),
});

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
      },
      preValidation: knownQueryOnly({ properties: {} }),
    },
    async (request) => {
      const fit = await store.analytics.latestFit(request.workspace.id);
      return { fit: fit && { fittedAt: new Date(fit.fittedAt).toISOString(), ...fit.report } };
    },
  );

  api.post(
    '/analytics/predictions/fit',
    {
      schema: {
        tags,
        summary:
          "Fit the purchase and spend models on the workspace's purchases now; without `until`, store every customer's predictions",
        body: FitBody,
      },
      preValidation: [knownQueryOnly({ properties: {} }), knownBodyOnly(FitBody)],
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
