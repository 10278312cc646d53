export { type AdminDeps, adminRoutes, signInRoutes } from './admin-routes.ts';
export { closeConnectionsWhenStopping } from './drain.ts';
export { installErrorHandling } from './errors.ts';
export { type IngestDeps, ingestRoutes } from './ingest/routes.ts';
export { type PublicDeps, publicMessageRoutes } from './messaging/public-routes.ts';
export { Metrics } from './metrics.ts';
