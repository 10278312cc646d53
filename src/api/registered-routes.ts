import type { FastifyInstance } from 'fastify';

/** A route as Fastify registered it: its method and its URL pattern (`/api/v1/segments/:key`). */
export type RegisteredRoute = { method: string; url: string };

/**
 * Every route a ready server has, read from Fastify's own tree (`printRoutes`), so that tests can go
 * over all of them and no route escapes a check by being left out of a list. Each line of the tree
 * adds its text to its parent's (`v1/i` then `dentify` is /v1/identify), one level per four columns.
 * HEAD routes, which Fastify adds beside each GET, are left out.
 * @example registeredRoutes(app).filter((r) => r.url.startsWith('/api/v1/'))
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const path: string[] = [];
  const routes: RegisteredRoute[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    path.length = match[1]!.length / 4;
    path.push(match[2]!);
    const url = path.join('');
    for (const method of match[3]?.split(', ') ?? []) {
      if (method !== 'HEAD') routes.push({ method, url });
    }
  }
  return routes;
}
