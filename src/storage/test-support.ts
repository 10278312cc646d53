import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import { DEFAULT_IDENTITY_SETTINGS, type IdentitySettings, type IngestOutcome } from '../identity/index.ts';
import type { JsonObject, Message } from '../ingest/message.ts';
import { readMigrations } from './migrations.ts';
import { serverSqliteOptions } from './open-store.ts';
import type { Customer, Store, Workspace } from './port.ts';
import { dropSchema, PostgresStore } from './postgres/postgres-store.ts';
import { type SqliteOptions, SqliteStore } from './sqlite/sqlite-store.ts';

/** Fixtures for the storage suite that runs against both adapters. */

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** What a test may change of how a harness opens its store. */
export type OpenOptions = { migrationsDir?: string };

/** One adapter under test: `open` connects to its database (call it twice for two connections). */
export type Harness = {
  name: AdapterName;
  open(options?: OpenOptions): Store;
  migrations: number[];
  cleanup(): Promise<void>;
};

const versions = (dialect: string) =>
  readMigrations(path.join(import.meta.dirname, dialect, 'migrations')).map((m) => m.version);

/** SQLite on the calling thread, unsynced: the fastest way to run the suites against SQLite's SQL. */
export function sqliteHarness(): Harness {
  return sqliteFileHarness('sqlite', { synchronous: 'OFF' });
}

/**
 * SQLite as the server opens it (`serverSqliteOptions`): ingest on the writer thread with its own
 * connection, NORMAL sync, the checkpointer thread, and every other read and write on the calling
 * thread's connection beside them. The lifecycle engine stays off the writer thread here: the suites
 * drive it step by step through `engineTransaction` with a manual clock, while the thread's engine
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

/**
 * Runs one SQL statement straight on a store's own connection, with `$1, $2, ...` placeholders on both
 * dialects: for tests that look under the port.
 */
export async function sqlRows(
  store: Store,
  sql: string,
  args: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  if (store.dialect === 'postgres') return (await (store as PostgresStore).pool.query(sql, args)).rows;
  return (store as SqliteStore).db.prepare(sql.replace(/\$(\d+)/g, '?$1')).all(...(args as number[]));
}

let workspaceSeq = 0;

/** A new workspace per test, so that tests sharing one store cannot see each other's customers. */
export function newWorkspace(store: Store, identity: Partial<IdentitySettings> = {}): Promise<Workspace> {
  const name = `ws-${process.pid}-${++workspaceSeq}`;
  return store.createWorkspace(name, { identity: { ...DEFAULT_IDENTITY_SETTINGS, ...identity } }, 1_000);
}

/** Ingests one request's messages with the workspace's own settings. */
export async function ingest(store: Store, ws: Workspace, ...messages: Message[]): Promise<IngestOutcome> {
  const [outcome] = await store.ingest(
    [{ workspaceId: ws.id, messages, settings: ws.settings.identity }],
    5_000,
  );
  return outcome;
}

/** Every customer of a workspace, walking all pages. */
export async function allCustomers(store: Store, workspaceId: number): Promise<Customer[]> {
  const out: Customer[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listCustomers(workspaceId, { limit: 100, cursor });
    out.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return out;
}

type Ids = { userId?: string; anonymousId?: string };
type Extra = Partial<Message>;

let messageSeq = 0;
const BASE = 1_700_000_000_000;

/** A message with a fresh messageId and a timestamp later than the previous one's. */
export function message(
  type: Message['type'],
  ids: Ids,
  payload: JsonObject = {},
  extra: Extra = {},
): Message {
  const n = ++messageSeq;
  const m: Message = {
    messageId: `msg-${n}`,
    type,
    userId: ids.userId ?? null,
    anonymousId: ids.anonymousId ?? null,
    name: null,
    timestamp: BASE + n * 1000,
    receivedAt: BASE + n * 1000 + 5,
    payload,
    ...extra,
  };
  // As validation hands messages on (ingest/validate.ts): the payload's text travels with it, and the
  // writer thread is sent only the parts of the payload that identity resolution reads.
  return { ...m, payloadJson: m.payloadJson ?? JSON.stringify(m.payload) };
}

export const identify = (ids: Ids, traits: JsonObject = {}, extra: Extra = {}) =>
  message('identify', ids, { traits }, extra);
export const track = (ids: Ids, event: string, properties: JsonObject = {}, extra: Extra = {}) =>
  message('track', ids, { properties }, { name: event, ...extra });
export const page = (ids: Ids, name: string, extra: Extra = {}) =>
  message('page', ids, { properties: { path: `/${name}` } }, { name, ...extra });
export const group = (ids: Ids, groupId: string, extra: Extra = {}) =>
  message('group', ids, { groupId, traits: { plan: 'team' } }, extra);
export const alias = (userId: string, previousId: string, extra: Extra = {}) =>
  message('alias', { userId }, { previousId }, extra);

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
