import { ensureFirstAdmin } from '../app/index.ts';
import type { Config } from '../config/index.ts';
import type { Clock } from '../core/index.ts';
import type { Store } from '../storage/index.ts';

/**
 * Makes sure someone can sign in to the dashboard: the admin from the environment, or, while no user
 * exists, a one-time setup link printed here (to the terminal only, never logged: whoever opens it
 * first becomes the admin). Returns the link's token for the server.
 */
export async function dashboardAccess(
  store: Store,
  clock: Clock,
  config: Pick<Config, 'adminEmail' | 'adminPassword' | 'publicUrl' | 'port'>,
): Promise<string | undefined> {
  const admin = await ensureFirstAdmin(store, clock, {
    email: config.adminEmail,
    password: config.adminPassword,
  });
  if (admin.kind === 'created')
    process.stdout.write(`Dashboard admin ${admin.email} created from the environment.\n`);
  if (admin.kind !== 'setup') return undefined;
  const url = config.publicUrl ?? `http://localhost:${config.port}`;
  process.stdout.write(
    `\nNo dashboard user yet. Create the first admin (this link works once, while this server runs):\n` +
      `  ${url}/setup?token=${admin.token}\n` +
      `or set LOOPLINE_ADMIN_EMAIL and LOOPLINE_ADMIN_PASSWORD, or run loopline users add --email ... --role admin\n\n`,
  );
  return admin.token;
}
