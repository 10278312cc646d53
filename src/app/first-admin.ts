import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/index.ts';
import type { Store } from '../storage/index.ts';
import { addFirstAdmin } from '../users/index.ts';

export type FirstAdmin =
  | { kind: 'exists' }
  | { kind: 'created'; email: string }
  /** No user yet and none configured: the token of a one-time setup link to print. */
  | { kind: 'setup'; token: string };

/**
 * The first dashboard admin: from LOOPLINE_ADMIN_EMAIL and LOOPLINE_ADMIN_PASSWORD when set, as admin of
 * every workspace there is (they run the server); otherwise, while no user exists, a random one-time token for a setup link.
 * There is no default password: without either, nobody can sign in until someone opens the link.
 */
export async function ensureFirstAdmin(
  store: Pick<Store, 'users' | 'workspaces'>,
  clock: Clock,
  seed: { email?: string; password?: string },
): Promise<FirstAdmin> {
  if ((await store.users.count()) > 0) return { kind: 'exists' };
  if (seed.email && seed.password) {
    const ids = (await store.workspaces.list()).map((w) => w.id);
    const email = await addFirstAdmin(store.users, ids, seed.email, seed.password, clock.now());
    return { kind: 'created', email };
  }
  return { kind: 'setup', token: randomBytes(24).toString('base64url') };
}
