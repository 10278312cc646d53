import type { Config } from '../config/index.ts';
import type { Store } from './port.ts';
import { type SqliteOptions, SqliteStore } from './sqlite/sqlite-store.ts';

/**
 * How the server and the CLI open SQLite: ingest transactions on a writer thread of their own, so that
 * commits never stall HTTP, and this thread's connection, serving reads only, with a small page cache.
 * `engine` runs the lifecycle engine on the writer thread too (the server; CLI commands leave it to it).
 */
export function serverSqliteOptions(sync: Config['sqliteSync'] | undefined, engine: boolean): SqliteOptions {
  return {
    ingestThread: true,
    engineThread: engine,
    cacheMb: 8,
    synchronous: sync === 'full' ? 'FULL' : 'NORMAL',
  };
}

/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export async function openStore(
  config: Pick<Config, 'store' | 'sqlitePath' | 'databaseUrl'> & Partial<Pick<Config, 'sqliteSync'>>,
  options: { engine?: boolean } = {},
): Promise<Store> {
  if (config.store === 'postgres') {
    const { PostgresStore } = await import('./postgres/postgres-store.ts');
    return new PostgresStore(config.databaseUrl!);
  }
  return new SqliteStore(config.sqlitePath, serverSqliteOptions(config.sqliteSync, options.engine ?? false));
}
