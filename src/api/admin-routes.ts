import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/index.ts';
import type { Sender } from '../messaging/index.ts';
import type { Store, WriteUnit } from '../storage/index.ts';
import type { KeyAuthenticator } from '../workspaces/index.ts';
import { requireAdmin } from './admin-auth.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { type AuthRouteDeps, authRoutes } from './auth/routes.ts';
import { customerRoutes } from './customers/routes.ts';
import { declareErrorResponses } from './error-responses.ts';
import { journeyRoutes } from './journeys/routes.ts';
import { keyRoutes } from './keys/routes.ts';
import { lifecycleRoutes } from './lifecycle/routes.ts';
import { messagingRoutes } from './messaging/routes.ts';
import { segmentRoutes } from './segments/routes.ts';
import { refuseUnknownInput } from './strict-input.ts';
import { templateRoutes } from './templates/routes.ts';
import { touchpointRoutes } from './touchpoints/routes.ts';
import { userRoutes } from './users/routes.ts';

export type AdminDeps = {
  store: Store;
  clock: Clock;
  keys: KeyAuthenticator;
  /** The server's sender, for test sends. */
  sender?: Sender<WriteUnit>;
  /** The server's public URL (links and report hooks are made under it). */
  publicUrl?: string | undefined;
};

/**
 * The admin API (mount it under /api/v1): every route behind a secret key or a signed-in user's
 * session with the role it needs, scoped to one workspace, its input checked against its own schemas with no unknown key let through, its error
 * statuses documented. A new capability adds its routes here.
 */
export async function adminRoutes(admin: FastifyInstance, deps: AdminDeps): Promise<void> {
  const { store, clock, keys } = deps;
  requireAdmin(admin, { keys, users: store.users, workspaces: store.workspaces, clock });
  // Before any route registers: both change every route's schemas as it does.
  refuseUnknownInput(admin);
  declareErrorResponses(admin);
  await customerRoutes(admin, { store });
  await lifecycleRoutes(admin, { store, clock });
  await segmentRoutes(admin, { store, clock });
  await touchpointRoutes(admin, { store });
  await analyticsRoutes(admin, { store, clock });
  await journeyRoutes(admin, { store, clock });
  await messagingRoutes(admin, { store, clock, sender: deps.sender, publicUrl: deps.publicUrl });
  await templateRoutes(admin, { store, clock });
  await userRoutes(admin, { store, clock });
  await keyRoutes(admin, { store, clock, keys });
}

/** Sign-in (mount it under /api/v1 beside the admin API): its routes take no key and check sessions themselves. */
export async function signInRoutes(scope: FastifyInstance, deps: AuthRouteDeps): Promise<void> {
  refuseUnknownInput(scope);
  declareErrorResponses(scope);
  await authRoutes(scope, deps);
}
