import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/index.ts';
import type { KeyAuthenticator, Workspace } from '../workspaces/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The workspace whose secret key authorised this admin request. */
    workspace: Workspace;
  }
}

/**
 * Every route registered in this scope needs `Authorization: Bearer <secret key>`; the handler sees
 * only that key's workspace, so no admin route can reach another workspace's data.
 */
export function requireSecretKey(app: FastifyInstance, keys: KeyAuthenticator): void {
  app.decorateRequest('workspace', null as unknown as Workspace);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new AppError('unauthorized', 'send Authorization: Bearer <secret key>');
    const workspace = await keys.authenticate(match[1], 'secret');
    if (!workspace) throw new AppError('unauthorized', 'unknown or revoked secret key');
    request.workspace = workspace;
  });
}
