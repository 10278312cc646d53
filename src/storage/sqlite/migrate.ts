import type { DatabaseSync } from 'node:sqlite';
import { appliedBy, type MigrationStep, migrationSteps } from '../migration-plan.ts';
import { APPLIED_MIGRATIONS_SQL, migrationsDir, readMigrations, toAppliedMigration } from '../migrations.ts';

function run(db: DatabaseSync, step: MigrationStep): void {
  if (step.kind === 'apply') db.exec(step.migration.sql);
  else if (step.kind === 'remove')
    db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(step.version);
  else if (step.kind === 'checksum') {
    db.prepare('UPDATE schema_migrations SET checksum = ? WHERE version = ?').run(
      step.checksum,
      step.version,
    );
  } else {
    const { version, name, appliedAt, checksum } = step.row;
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)').run(
      version,
      name,
      appliedAt,
      checksum,
    );
  }
}

/**
 * Applies the migrations in `dir` not yet applied to this connection's file, all in one write
 * transaction, and returns their numbers (see `migrationSteps`; a database whose applied migrations
 * changed is refused). Another process migrating the same file at once waits for the write lock, then
 * finds them applied. Synchronous from BEGIN to COMMIT, so nothing else on this thread runs in between.
 */
export function migrateSqlite(db: DatabaseSync, dir = migrationsDir('sqlite'), now = Date.now()): number[] {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL, checksum TEXT)`);
    // Tables made before checksums were recorded get the column (SQLite has no ADD COLUMN IF NOT EXISTS).
    if (!db.prepare("SELECT 1 FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'").get()) {
      db.exec('ALTER TABLE schema_migrations ADD COLUMN checksum TEXT');
    }
    const rows = db.prepare(APPLIED_MIGRATIONS_SQL).all().map(toAppliedMigration);
    const steps = migrationSteps(readMigrations(dir), rows, now);
    for (const step of steps) run(db, step);
    db.exec('COMMIT');
    return appliedBy(steps);
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
