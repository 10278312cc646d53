import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/index.ts';
import type { Store } from '../storage/index.ts';
import { reportRoutes } from './report-routes.ts';
import { spendRoutes } from './spend-routes.ts';

/** The analytics admin API under /api/v1/analytics: every report scoped to `request.workspace`. */
export async function analyticsRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  await spendRoutes(app, deps);
  await reportRoutes(app, deps);
}
