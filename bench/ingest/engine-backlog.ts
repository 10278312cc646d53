import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';

/** Client events the server's lifecycle engine has yet to process, read beside the running server. */
async function backlog(env: Record<string, string>): Promise<number> {
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      return Number((await client.query('SELECT count(*) AS n FROM engine_queue')).rows[0].n);
    } finally {
      await client.end();
    }
  }
  const db = new DatabaseSync(env.LOOPLINE_DB!, { readOnly: true });
  try {
    const row = db
      .prepare(
        `SELECT count(*) AS n FROM events
         WHERE id > (SELECT value FROM engine_cursor WHERE name = 'events') AND internal = 0`,
      )
      .get();
    return Number(row!.n);
  } finally {
    db.close();
  }
}

/**
 * Waits until the engine has processed every client event (or `limitS` passed) and returns how long
 * that took: during a flood the server accepts events first and processes them after.
 */
export async function waitForEngine(
  env: Record<string, string>,
  limitS = 900,
): Promise<{ seconds: number; left: number }> {
  const start = performance.now();
  let left = await backlog(env);
  while (left > 0 && performance.now() - start < limitS * 1000) {
    await new Promise((r) => setTimeout(r, 250));
    left = await backlog(env);
  }
  return { seconds: (performance.now() - start) / 1000, left };
}
