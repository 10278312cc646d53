import path from 'node:path';
import type pg from 'pg';
import { readMigrations } from '../migrations.ts';
import { inTransaction } from './pool.ts';

/**
 * Applies the numbered migrations not yet applied, all in one transaction, and returns their numbers.
 * Several server processes may start at once: the advisory lock makes the second wait until the first
 * commits, after which it finds every migration applied (READ COMMITTED reads the new rows).
 */
export function migrate(pool: pg.Pool, schema: string | undefined, now: number): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    // Keyed by schema so that test runs in separate schemas do not wait for each other.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `loopline:migrate:${schema ?? ''}`,
    ]);
    // Inside the lock: CREATE ... IF NOT EXISTS is not safe against a concurrent CREATE of the same name.
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    const done = new Set(
      (await client.query('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)),
    );
    const applied: number[] = [];
    for (const migration of readMigrations(path.join(import.meta.dirname, 'migrations'))) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        now,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
