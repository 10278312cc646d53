import type { FastifyInstance, RouteOptions } from 'fastify';
import { Type } from 'typebox';
import { type ErrorBody, ErrorSchema } from '../core/index.ts';

/** Error answers point at one shared schema, which the OpenAPI document lists once as `Error`. */
const ERROR_ID = 'Error';
const ErrorRef = Type.Unsafe<ErrorBody>({ $ref: `${ERROR_ID}#`, description: 'An error' });

/**
 * The error statuses any admin route can answer with: input its schema refuses (400), a missing or
 * wrong secret key or session (401), a role too low or a request without its CSRF token (403), a fault (500), a server shutting down (503).
 */
const EVERY_ROUTE = [400, 401, 403, 500, 503];

/**
 * Response schemas for the error statuses a route sends beyond those every route does, all in the one
 * error shape.
 * @example response: { 200: SegmentSchema, ...errorResponses(404, 409) }
 */
export const errorResponses = (...statuses: number[]): Record<number, typeof ErrorRef> =>
  Object.fromEntries(statuses.map((status) => [status, ErrorRef]));

/**
 * Adds the statuses of EVERY_ROUTE (and 415, an unsupported Content-Type, to a route that takes a body)
 * to each route's response schemas, so the OpenAPI document lists them without each route repeating
 * them. Call it on the scope before any route registers. The serializer finds the shared schema there.
 */
export function declareErrorResponses(app: FastifyInstance): void {
  app.addSchema({ ...ErrorSchema, $id: ERROR_ID });
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema ?? {};
    const common = errorResponses(...EVERY_ROUTE, ...(schema.body === undefined ? [] : [415]));
    route.schema = { ...schema, response: { ...common, ...(schema.response as object | undefined) } };
  });
}
