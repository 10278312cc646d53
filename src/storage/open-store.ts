import { SqliteStore } from './sqlite/sqlite-store.ts';
import type { OpenStore } from './store.ts';

/** Where the store is, as the configuration (`config/`) reads it from the environment. */
export type StoreConfig = {
  store: 'sqlite' | 'postgres';
  sqlitePath: string;
  databaseUrl?: string | null;
  sqliteSync?: 'normal' | 'full';
};

/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export async function openStore(config: StoreConfig, options: { engine?: boolean } = {}): Promise<OpenStore> {
  if (config.store === 'postgres') {
    const { PostgresStore } = await import('./postgres/postgres-store.ts');
    return new PostgresStore(config.databaseUrl!);
  }
  // The server's ingest transactions run on their own thread so that commits never stall HTTP.
  // This thread's connection serves reads only, so it keeps a small page cache.
  return new SqliteStore(config.sqlitePath, {
    ingestThread: true,
    // The server runs the lifecycle engine on the writer thread; CLI commands leave it to the server.
    engineThread: options.engine ?? false,
    cacheMb: 8,
    synchronous: config.sqliteSync === 'full' ? 'FULL' : 'NORMAL',
  });
}
