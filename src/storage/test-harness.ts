import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import type { OpenStore, Store } from './index.ts';
import { migrationsDir, readMigrations } from './migrations.ts';
import { serverSqliteOptions } from './open-store.ts';
import { dropSchema, PostgresStore } from './postgres/postgres-store.ts';
import { type SqliteOptions, SqliteStore } from './sqlite/sqlite-store.ts';

/** The stores the shared suites run against, each on a database of its own (see `storeAdapters`). */

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** What a test may change of how a harness opens its store. */
export type OpenOptions = { migrationsDir?: string };

/** One adapter under test: `open` connects to its database (call it twice for two connections). */
export type Harness = {
  name: AdapterName;
  open(options?: OpenOptions): OpenStore;
  migrations: number[];
  cleanup(): Promise<void>;
};

const versions = (dialect: Store['dialect']) => readMigrations(migrationsDir(dialect)).map((m) => m.version);

/** SQLite on the calling thread, unsynced: the fastest way to run the suites against SQLite's SQL. */
export function sqliteHarness(): Harness {
  return sqliteFileHarness('sqlite', { synchronous: 'OFF' });
}

/**
 * SQLite as the server opens it (`serverSqliteOptions`): ingest on the writer thread with its own
 * connection, NORMAL sync, the checkpointer thread, and every other read and write on the calling
 * thread's connection beside them. The lifecycle engine stays off the writer thread here: the suites
 * drive it step by step through `Store.write` with a manual clock, while the thread's engine
 * would run on the system clock whenever ingest kicks it, racing the steps a test takes.
 */
export function sqliteThreadHarness(): Harness {
  return sqliteFileHarness('sqlite (writer thread)', serverSqliteOptions(undefined, false));
}

function sqliteFileHarness(name: AdapterName, settings: SqliteOptions): Harness {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopline-store-'));
  const file = path.join(dir, 'test.db');
  const opened: SqliteStore[] = [];
  return {
    name,
    open: (options) => {
      const store = new SqliteStore(file, { ...settings, ...options });
      opened.push(store);
      return store;
    },
    migrations: versions('sqlite'),
    cleanup: async () => {
      // A store a test left open keeps its threads, and they would keep the test process alive.
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh schema per run, so runs never see each other's rows and leave nothing behind. */
export function postgresHarness(url = TEST_DATABASE_URL): Harness {
  const schema = `loopline_test_${randomBytes(6).toString('hex')}`;
  return {
    name: 'postgres',
    open: (options) => new PostgresStore(url, { schema, poolSize: 12, ...options }),
    migrations: versions('postgres'),
    cleanup: () => dropSchema(url, schema),
  };
}

/**
 * A migrated store of the adapter for the suite that calls this, opened before its tests and closed and
 * dropped after them; the returned function gives it to the tests.
 * @example const store = suiteStore(adapter); it('...', async () => { await store().ping(); });
 */
export function suiteStore(adapter: Adapter): () => Store {
  let harness: Harness | undefined;
  let store: Store | undefined;
  before(async () => {
    harness = adapter.make();
    store = harness.open();
    await store.migrate();
  });
  after(async () => {
    await store?.close();
    await harness?.cleanup();
  });
  return () => store!;
}

/** Null when PostgreSQL answers at `url`, else why not. */
export async function postgresUnreachable(url = TEST_DATABASE_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The adapters the shared suites run against. */
export type AdapterName = 'sqlite' | 'sqlite (writer thread)' | 'postgres';

/** One adapter of a shared suite: `make` gives a fresh harness; `skip` says why its part does not run. */
export type Adapter = { name: AdapterName; make: () => Harness; skip: string | false };

/**
 * The adapters a shared suite runs against: SQLite on the calling thread, SQLite as the server runs it
 * (writer thread), PostgreSQL. Without PostgreSQL its part is skipped, saying why, except in CI, where
 * its `make` fails instead: a missing database must fail the run, not pass quietly. `skip` skips all
 * (a suite that needs data that is not there).
 */
export async function storeAdapters(skip: string | false = false): Promise<Adapter[]> {
  const unreachable = await postgresUnreachable();
  return [
    { name: 'sqlite', make: sqliteHarness, skip },
    { name: 'sqlite (writer thread)', make: sqliteThreadHarness, skip },
    {
      name: 'postgres',
      make: () => {
        if (unreachable) {
          throw new Error(`CI needs PostgreSQL at ${TEST_DATABASE_URL} (TEST_DATABASE_URL): ${unreachable}`);
        }
        return postgresHarness();
      },
      skip:
        skip ||
        (unreachable && !process.env.CI ? `no PostgreSQL at ${TEST_DATABASE_URL} (${unreachable})` : false),
    },
  ];
}
