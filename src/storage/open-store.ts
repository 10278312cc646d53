import { type SqliteOptions, SqliteStore } from './sqlite/sqlite-store.ts';
import type { OpenStore } from './store.ts';

/** Where the store is, as the configuration (`config/`) reads it from the environment. */
export type StoreConfig = {
  store: 'sqlite' | 'postgres';
  sqlitePath: string;
  databaseUrl?: string | null;
  sqliteSync?: 'normal' | 'full';
};

/**
 * How the server and the CLI open SQLite: ingest transactions on a writer thread of their own, so that
 * commits never stall HTTP, and this thread's connection, serving reads only, with a small page cache.
 * `engine` runs the lifecycle engine on the writer thread too (the server; CLI commands leave it to it).
 */
export function serverSqliteOptions(sync: StoreConfig['sqliteSync'], engine: boolean): SqliteOptions {
  return {
    ingestThread: true,
    engineThread: engine,
    cacheMb: 8,
    synchronous: sync === 'full' ? 'FULL' : 'NORMAL',
  };
}

/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export async function openStore(config: StoreConfig, options: { engine?: boolean } = {}): Promise<OpenStore> {
  if (config.store === 'postgres') {
    const { PostgresStore } = await import('./postgres/postgres-store.ts');
    return new PostgresStore(config.databaseUrl!);
  }
  return new SqliteStore(config.sqlitePath, serverSqliteOptions(config.sqliteSync, options.engine ?? false));
}
