import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/index.ts';
import type { Store } from '../../storage/index.ts';
import { kpiRoutes } from './kpi-routes.ts';
import { predictionRoutes } from './prediction-routes.ts';
import { reportRoutes } from './report-routes.ts';
import { spendRoutes } from './spend-routes.ts';

/** The analytics admin API under /api/v1/analytics: every report scoped to `request.workspace`. */
export async function analyticsRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  await spendRoutes(app, deps);
  await reportRoutes(app, deps);
  await kpiRoutes(app, deps);
  await predictionRoutes(app, deps);
}
