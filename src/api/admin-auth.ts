import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type Clock } from '../core/index.ts';
import {
  csrfMatches,
  liveSession,
  type Role,
  requiredRole,
  roleAtLeast,
  type UserStorage,
} from '../users/index.ts';
import type { KeyAuthenticator, Workspace, WorkspaceStorage } from '../workspaces/index.ts';
import { isSafeMethod, readCookie, SESSION_COOKIE, sameOrigin } from './session-cookie.ts';

/** Who made an admin request: a secret key (admin of its workspace) or a signed-in user. */
export type Principal = { kind: 'key' } | { kind: 'user'; userId: number; token: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** The workspace this admin request acts on: the secret key's, or the one the user chose. */
    workspace: Workspace;
    /** The caller's role in that workspace. */
    role: Role;
    principal: Principal;
  }
}

export type AuthDeps = {
  keys: KeyAuthenticator;
  users: UserStorage;
  workspaces: Pick<WorkspaceStorage, 'get'>;
  clock: Clock;
};

const PREFIX = '/api/v1';

/**
 * Every route registered in this scope needs `Authorization: Bearer <secret key>` (acting as admin of
 * the key's workspace) or a session cookie. One hook decides for every route, present and future: the
 * workspace (the key's; or X-Workspace, or the user's only one), CSRF for a cookie's unsafe request,
 * and the role the method and path need (see `requiredRole`). No route can reach another workspace.
 */
export function requireAdmin(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('workspace', null as unknown as Workspace);
  app.decorateRequest('role', null as never);
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new AppError('unauthorized', 'send Authorization: Bearer <secret key>');
      const workspace = await deps.keys.authenticate(match[1], 'secret');
      if (!workspace) throw new AppError('unauthorized', 'unknown or revoked secret key');
      request.workspace = workspace;
      request.role = 'admin';
      request.principal = { kind: 'key' };
    } else await fromSession(request, deps);
    const path = request.url.slice(PREFIX.length).split('?')[0];
    const needed = requiredRole(request.method, path);
    if (!roleAtLeast(request.role, needed))
      throw new AppError(
        'forbidden',
        `${request.method} ${PREFIX}${path} needs the ${needed} role in workspace "${request.workspace.name}"; you are ${request.role}`,
        { needed, role: request.role },
      );
  });
}

async function fromSession(request: FastifyRequest, deps: AuthDeps): Promise<void> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) throw new AppError('unauthorized', 'sign in, or send Authorization: Bearer <secret key>');
  const session = await liveSession(deps.users, token, deps.clock.now());
  if (!session) throw new AppError('unauthorized', 'your session has expired or was ended: sign in again');
  checkCsrf(request, token);
  const memberships = await deps.users.memberships(session.userId);
  const chosen = request.headers['x-workspace'];
  const membership =
    typeof chosen === 'string'
      ? memberships.find((m) => String(m.workspaceId) === chosen)
      : memberships.length === 1
        ? memberships[0]
        : undefined;
  if (!membership) {
    const why =
      typeof chosen === 'string'
        ? `you are not a member of workspace ${chosen}`
        : memberships.length === 0
          ? 'you are not a member of any workspace: ask an admin to add you'
          : 'you belong to several workspaces: send X-Workspace with the id of one';
    throw new AppError('forbidden', why);
  }
  const workspace = await deps.workspaces.get(membership.workspaceId);
  if (!workspace) throw new AppError('forbidden', 'that workspace no longer exists');
  request.workspace = workspace;
  request.role = membership.role;
  request.principal = { kind: 'user', userId: session.userId, token };
}

/**
 * A cookie is sent by the browser whoever made the page, so a request that changes something must come
 * from this server's own pages (Origin) and carry the session's CSRF token, which other sites cannot read.
 */
export function checkCsrf(request: FastifyRequest, token: string): void {
  if (isSafeMethod(request.method)) return;
  if (!sameOrigin(request))
    throw new AppError(
      'forbidden',
      'this request did not come from the dashboard (its Origin is missing or foreign)',
    );
  const presented = request.headers['x-csrf-token'];
  if (!csrfMatches(token, typeof presented === 'string' ? presented : undefined))
    throw new AppError('forbidden', 'send the X-CSRF-Token header with the token /api/v1/auth/me gives');
}
