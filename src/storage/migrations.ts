import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One numbered `NNN_name.sql` file; `name` is the file name without `.sql`. */
export type Migration = { version: number; name: string; sql: string; checksum: string; file: string };

/** A row of `schema_migrations`; `checksum` is null for rows recorded before checksums were. */
export type AppliedMigration = { version: number; name: string; checksum: string | null; appliedAt: number };

/** The columns both dialects select from `schema_migrations`, in `toAppliedMigration`'s shape. */
export const APPLIED_MIGRATIONS_SQL = 'SELECT version, name, checksum, applied_at FROM schema_migrations';

/** A `schema_migrations` row as either driver returns it. */
export function toAppliedMigration(r: Record<string, unknown>): AppliedMigration {
  return {
    version: Number(r.version),
    name: String(r.name),
    checksum: r.checksum === null ? null : String(r.checksum),
    appliedAt: Number(r.applied_at),
  };
}

export type Dialect = 'sqlite' | 'postgres';

/** The folder of a dialect's shipped migrations. */
export function migrationsDir(dialect: Dialect): string {
  return path.join(import.meta.dirname, dialect, 'migrations');
}

/**
 * The SHA-256 of a migration's text. Line endings are normalised first: a checkout that turns LF into
 * CRLF (git's autocrlf on Windows) has not changed the migration, and must not stop the server.
 */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** The numbered `NNN_name.sql` files of one dialect's migrations folder, in order. */
export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d+_[\w-]+\.sql$/.test(file))
    .map((file) => {
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number.parseInt(file, 10),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: migrationChecksum(sql),
        file: path.join(dir, file),
      };
    })
    .sort((a, b) => a.version - b.version);
}

/** A migration's name without its number: what stays the same when a file is renumbered. */
export function migrationStem(name: string): string {
  return name.replace(/^\d+_/, '');
}

/** A database whose recorded migrations do not fit the files: the server must not start on it. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}
