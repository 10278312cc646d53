import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rootPage } from './root-page.ts';

/** Where `npm run build:web` puts the dashboard (web/dist), found from this file, not from the cwd. */
export const DEFAULT_WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

/** Paths the dashboard never answers for, so no client-side route can shadow the APIs. */
const RESERVED = /^\/(v1|api|m|metrics|health[a-z]*)(\/|$|\?)/;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

type Asset = { type: string; raw: Buffer; br?: Buffer; gzip?: Buffer };

function load(file: string): Asset {
  const read = (suffix: string) => (existsSync(file + suffix) ? readFileSync(file + suffix) : undefined);
  return {
    type: TYPES[path.extname(file)] ?? 'application/octet-stream',
    raw: readFileSync(file),
    br: read('.br'),
    gzip: read('.gz'),
  };
}

/** Sends the smallest encoding the browser accepts; the build wrote brotli and gzip copies beside each file. */
function send(request: FastifyRequest, reply: FastifyReply, asset: Asset, cache: string) {
  const accepts = String(request.headers['accept-encoding'] ?? '');
  reply.header('content-type', asset.type).header('cache-control', cache).header('vary', 'accept-encoding');
  if (asset.br && /\bbr\b/.test(accepts)) return reply.header('content-encoding', 'br').send(asset.br);
  if (asset.gzip && /\bgzip\b/.test(accepts))
    return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.raw);
}

/**
 * Serves the built dashboard: `/assets/*` (hashed names, so cached for a year as immutable), and
 * index.html at `/` and at every other path the APIs do not own, for the app's own router. Without a
 * build the page at `/` says how to make one, beside the first-run guide.
 */
export function serveWebApp(
  app: FastifyInstance,
  options: { dist: string | null; publicUrl?: string },
): void {
  const index = options.dist ? path.join(options.dist, 'index.html') : null;
  const built = index !== null && existsSync(index);
  const guide = (request: FastifyRequest, reply: FastifyReply) =>
    reply
      .type('text/html')
      .header('cache-control', 'no-cache')
      .send(
        rootPage(
          options.publicUrl ?? `${request.protocol}://${request.host}`,
          options.dist === null
            ? undefined
            : 'The dashboard is not built on this server: run npm run build:web (npm install and npm start do it), then reload.',
        ),
      );
  if (!built) {
    app.get('/', { schema: { hide: true } }, guide);
    return;
  }
  const page = load(index);
  const assets = new Map<string, Asset>();
  const dir = path.join(options.dist!, 'assets');
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    if (name.endsWith('.br') || name.endsWith('.gz')) continue;
    assets.set(name, load(path.join(dir, name)));
  }
  // The page itself is revalidated every time: it names the hashed files of the current build.
  const shell = (request: FastifyRequest, reply: FastifyReply) => send(request, reply, page, 'no-cache');
  app.get('/', { schema: { hide: true } }, shell);
  app.get('/assets/*', { schema: { hide: true } }, (request, reply) => {
    const asset = assets.get((request.params as { '*': string })['*']);
    if (!asset) return reply.callNotFound();
    return send(request, reply, asset, 'public, max-age=31536000, immutable');
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (RESERVED.test(request.url)) return reply.callNotFound();
    return shell(request, reply);
  });
}
