export { requireAdmin } from './admin-auth.ts';
export { closeConnectionsWhenStopping } from './drain.ts';
export { type ErrorBody, errorBody, installErrorHandling, methodNotAllowed } from './errors.ts';
export { Metrics } from './metrics.ts';
