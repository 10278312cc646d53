import type { FastifyInstance } from 'fastify';
import type { Store } from '../storage/index.ts';
import { addMember, type Role } from '../users/index.ts';

/** The Origin `inject` requests come from (Fastify's default host). */
export const TEST_ORIGIN = 'http://localhost:80';

/**
 * A signed-in user for admin API tests: creates the account with `roles` per workspace id, signs in,
 * and returns a `call` that sends the session cookie (and, for unsafe methods, the Origin and CSRF token).
 */
export async function signedIn(
  app: FastifyInstance,
  store: Store,
  email: string,
  roles: Record<number, Role>,
  now: number,
) {
  const password = 'a long enough password';
  for (const [workspaceId, role] of Object.entries(roles))
    await addMember(store.users, { email, password, role, workspaceId: Number(workspaceId), now });
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    headers: { origin: TEST_ORIGIN },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  const csrf = res.json().csrfToken as string;
  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method,
      url,
      payload: payload as never,
      headers: {
        cookie,
        ...(method === 'GET' ? {} : { origin: TEST_ORIGIN, 'x-csrf-token': csrf }),
        ...headers,
      },
    });
  return { call, cookie, csrf };
}
