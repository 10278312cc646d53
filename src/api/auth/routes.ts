import { timingSafeEqual } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, type Clock, iso } from '../../core/index.ts';
import type { Store } from '../../storage/index.ts';
import {
  addFirstAdmin,
  csrfToken,
  hashToken,
  LoginBodySchema,
  liveSession,
  MeSchema,
  type MeView,
  passwordProblem,
  SESSION_MS,
  SetupBodySchema,
  SetupStatusSchema,
  signIn,
} from '../../users/index.ts';
import { checkCsrf } from '../admin-auth.ts';
import { errorResponses } from '../error-responses.ts';
import { readCookie, SESSION_COOKIE, sameOrigin, setSessionCookie } from '../session-cookie.ts';

export type AuthRouteDeps = {
  store: Pick<Store, 'users' | 'workspaces'>;
  clock: Clock;
  /** The one-time token of the setup link printed at start while no user exists. */
  setupToken?: string;
};

const Ok = Type.Object({ ok: Type.Boolean() });

/** Sign-in for the dashboard: the session cookie, who is signed in, sign-out and the first admin's setup. */
export async function authRoutes(app: FastifyInstance, deps: AuthRouteDeps): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, clock } = deps;
  const users = store.users;

  const me = async (userId: number, token: string, expiresAt: number): Promise<MeView> => {
    const user = await users.get(userId);
    if (!user) throw new AppError('unauthorized', 'this account no longer exists');
    const workspaces = [];
    for (const m of await users.memberships(userId)) {
      const ws = await store.workspaces.get(m.workspaceId);
      if (ws) workspaces.push({ id: ws.id, name: ws.name, role: m.role });
    }
    return {
      user: { id: user.id, email: user.email },
      workspaces,
      csrfToken: csrfToken(token),
      expiresAt: iso(expiresAt),
    };
  };

  // A login form posted from another site would sign the browser into the attacker's account.
  const refuseForeign = (request: FastifyRequest) => {
    if (request.headers.origin !== undefined && !sameOrigin(request))
      throw new AppError('forbidden', 'sign in from the dashboard of this server');
  };

  api.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: LoginBodySchema,
        response: { 200: MeSchema, ...errorResponses(429) },
      },
    },
    async (request, reply) => {
      refuseForeign(request);
      const result = await signIn(users, { ...request.body, address: request.ip, now: clock.now() });
      if (!result.ok) {
        if (result.reason === 'limited')
          throw new AppError('too_many_requests', 'too many failed sign-ins: wait 15 minutes and try again');
        throw new AppError('unauthorized', 'wrong email or password');
      }
      setSessionCookie(request, reply, result.token, SESSION_MS);
      return me(result.user.id, result.token, result.expiresAt);
    },
  );

  api.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, their workspaces and roles, and the CSRF token',
        response: { 200: MeSchema },
      },
    },
    async (request) => {
      const token = readCookie(request, SESSION_COOKIE);
      const session = token ? await liveSession(users, token, clock.now()) : null;
      if (!token || !session) throw new AppError('unauthorized', 'not signed in');
      return me(session.userId, token, session.expiresAt);
    },
  );

  api.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session and clears the cookie',
        response: { 200: Ok },
      },
    },
    async (request, reply) => {
      const token = readCookie(request, SESSION_COOKIE);
      if (!token) return { ok: true };
      checkCsrf(request, token);
      await users.revokeSession(hashToken(token), clock.now());
      setSessionCookie(request, reply, null);
      return { ok: true };
    },
  );

  api.get(
    '/auth/setup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether the first admin still has to be set up',
        response: { 200: SetupStatusSchema },
      },
    },
    async () => ({ needsSetup: (await users.count()) === 0 }),
  );

  api.post(
    '/auth/setup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create the first admin with the one-time token of the setup link printed at start',
        body: SetupBodySchema,
        response: { 200: MeSchema, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      refuseForeign(request);
      const { token, email, password } = request.body;
      if (!deps.setupToken || !sameToken(token, deps.setupToken))
        throw new AppError(
          'forbidden',
          'this setup link is not valid: use the one printed when the server started',
        );
      // One-time: once a user exists the link opens nothing.
      if ((await users.count()) > 0)
        throw new AppError('conflict', 'the first admin is set up already: sign in');
      const workspaces = (await store.workspaces.list()).map((w) => w.id);
      if (workspaces.length === 0) throw new AppError('conflict', 'there is no workspace yet');
      const problem = passwordProblem(password);
      if (problem) throw new AppError('bad_request', problem);
      const now = clock.now();
      await addFirstAdmin(users, workspaces, email, password, now);
      const result = await signIn(users, { email, password, address: request.ip, now });
      if (!result.ok) throw new AppError('internal', 'the new admin could not sign in');
      setSessionCookie(request, reply, result.token, SESSION_MS);
      return me(result.user.id, result.token, result.expiresAt);
    },
  );
}

const sameToken = (a: string, b: string) => {
  const [x, y] = [Buffer.from(hashToken(a)), Buffer.from(hashToken(b))];
  return timingSafeEqual(x, y);
};
