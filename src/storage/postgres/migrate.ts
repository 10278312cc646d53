import type pg from 'pg';
import { appliedBy, type MigrationStep, migrationSteps } from '../migration-plan.ts';
import { APPLIED_MIGRATIONS_SQL, migrationsDir, readMigrations, toAppliedMigration } from '../migrations.ts';
import { inTransaction } from './pool.ts';

async function run(client: pg.PoolClient, step: MigrationStep): Promise<void> {
  if (step.kind === 'apply') await client.query(step.migration.sql);
  else if (step.kind === 'remove')
    await client.query('DELETE FROM schema_migrations WHERE version = $1', [step.version]);
  else if (step.kind === 'checksum') {
    await client.query('UPDATE schema_migrations SET checksum = $1 WHERE version = $2', [
      step.checksum,
      step.version,
    ]);
  } else {
    const { version, name, appliedAt, checksum } = step.row;
    await client.query(
      'INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES ($1, $2, $3, $4)',
      [version, name, appliedAt, checksum],
    );
  }
}

/**
 * Applies the numbered migrations not yet applied, all in one transaction, and returns their numbers
 * (see `migrationSteps`; a database whose applied migrations changed is refused). Several server
 * processes may start at once: the advisory lock makes the second wait until the first commits, after
 * which it finds every migration applied (READ COMMITTED reads the new rows).
 */
export function migrate(
  pool: pg.Pool,
  schema: string | undefined,
  now: number,
  dir = migrationsDir('postgres'),
): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    // Keyed by schema so that test runs in separate schemas do not wait for each other.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `loopline:migrate:${schema ?? ''}`,
    ]);
    // Inside the lock: CREATE ... IF NOT EXISTS is not safe against a concurrent CREATE of the same name.
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL, checksum TEXT)`);
    // Tables made before checksums were recorded get the column.
    await client.query('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum TEXT');
    const { rows } = await client.query(APPLIED_MIGRATIONS_SQL);
    const steps = migrationSteps(readMigrations(dir), rows.map(toAppliedMigration), now);
    for (const step of steps) await run(client, step);
    return appliedBy(steps);
  });
}
