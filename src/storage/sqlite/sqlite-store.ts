import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Message } from '../../core/index.ts';
import type { EngineStore, EngineTx } from '../../engine/index.ts';
import { type IngestOutcome, ingestMessages } from '../../identity/index.ts';
import type { IngestGroup, IngestStorage } from '../../ingest/index.ts';
import { readMigrations } from '../migrations.ts';
import type { OpenStore } from '../store.ts';
import { SqliteAnalytics } from './analytics.ts';
import { SqliteCustomers } from './customers.ts';
import { SqliteEngineAdmin } from './engine-admin.ts';
import { SqliteEngineTransaction } from './engine-transaction.ts';
import { IngestThread } from './ingest-thread.ts';
import { SqliteIngestTransaction } from './ingest-transaction.ts';
import { SqliteSegmentAdmin } from './segment-admin.ts';
import { SqliteKeys, SqliteWorkspaces } from './workspaces.ts';

/** How long a connection waits for another's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

export type SqliteOptions = {
  /** `FULL` syncs the WAL on every commit (survives power loss); `NORMAL` only at checkpoints. */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
  cacheMb?: number;
  /** WAL pages after which a commit checkpoints them into the database file (SQLite's default 1000). */
  walAutocheckpointPages?: number;
  /**
   * Run ingest transactions on a worker thread with its own connection (the server does); otherwise
   * they run on the calling thread.
   */
  ingestThread?: boolean;
  /** Run the lifecycle engine on the ingest thread (needs `ingestThread`); the server does. */
  engineThread?: boolean;
};

/**
 * The embedded store: one SQLite file in WAL mode through `node:sqlite`. Calls are synchronous under
 * the hood, so a transaction never interleaves with another one in this process.
 */
export class SqliteStore implements OpenStore, EngineStore {
  readonly dialect = 'sqlite' as const;
  readonly db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #ingestTx: SqliteIngestTransaction | undefined;
  #engineTx: SqliteEngineTransaction | undefined;
  /** Called after each commit of a write transaction (the writer thread counts them for `restartWal`). */
  onCommit: (() => void) | null = null;
  #writeQueue: Promise<unknown> = Promise.resolve();
  readonly #file: string;
  readonly #options: SqliteOptions;
  #thread: IngestThread | undefined;
  /** The engine's tables for the admin API and the CLI. */
  readonly engine: SqliteEngineAdmin = new SqliteEngineAdmin(this);
  readonly segments: SqliteSegmentAdmin = new SqliteSegmentAdmin(this);
  readonly analytics: SqliteAnalytics = new SqliteAnalytics(this);
  readonly workspaces: SqliteWorkspaces = new SqliteWorkspaces(this);
  readonly keys: SqliteKeys = new SqliteKeys(this);
  readonly customers: SqliteCustomers = new SqliteCustomers(this);
  readonly ingest: IngestStorage = { commit: (groups, now) => this.#commitIngest(groups, now) };

  constructor(file: string, options: SqliteOptions = {}) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.#file = file;
    this.#options = options;
    this.db = new DatabaseSync(file);
    this.db.exec(`PRAGMA journal_mode = WAL;
      PRAGMA synchronous = ${options.synchronous ?? 'FULL'};
      PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};
      PRAGMA foreign_keys = ON;
      PRAGMA temp_store = MEMORY;
      PRAGMA cache_size = -${(options.cacheMb ?? 32) * 1024};
      PRAGMA wal_autocheckpoint = ${options.walAutocheckpointPages ?? 1000};
`);
  }

  /** A prepared statement, prepared once per SQL text. */
  statement(sql: string): StatementSync {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Runs `fn` in a write transaction; rolls back if it throws. */
  transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      this.onCommit?.();
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * Runs async write work one at a time. Ingest awaits between its steps, and a promise continuation
   * of another request could otherwise write in the middle of its open transaction.
   */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#writeQueue.then(fn, fn);
    this.#writeQueue = run.catch(() => undefined);
    return run;
  }

  async migrate(): Promise<number[]> {
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
    const done = new Set(
      this.db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((r) => Number(r.version)),
    );
    const applied: number[] = [];
    for (const migration of readMigrations(path.join(import.meta.dirname, 'migrations'))) {
      if (done.has(migration.version)) continue;
      const ran = this.transaction(() => {
        // Checked again under the write lock: another process may have applied it since we read `done`.
        if (this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version)) {
          return false;
        }
        this.db.exec(migration.sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(migration.version, migration.name, Date.now());
        return true;
      });
      if (ran) applied.push(migration.version);
    }
    this.#statements.clear();
    return applied;
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (!this.db.isOpen) return;
    await this.#thread?.close();
    this.#thread = undefined;
    this.#statements.clear();
    try {
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }

  #commitIngest(groups: IngestGroup[], now: number): Promise<IngestOutcome[]> {
    if (!this.db.isOpen) return Promise.reject(new Error('the store is closed'));
    if (this.#options.ingestThread && this.#file !== ':memory:') {
      this.#thread ??= new IngestThread(this.#file, this.#options, this.#options.engineThread);
      return this.#thread.ingest(groups, now);
    }
    return this.#exclusive(() => this.#ingest(groups, now));
  }

  async #ingest(groups: IngestGroup[], now: number): Promise<IngestOutcome[]> {
    this.#ingestTx ??= new SqliteIngestTransaction(this);
    const tx = this.#ingestTx;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      tx.begin();
      const outcomes: IngestOutcome[] = [];
      for (const group of groups) {
        outcomes.push(await ingestMessages(tx, group.workspaceId, group.messages, group.settings, now));
      }
      this.db.exec('COMMIT');
      this.onCommit?.();
      return outcomes;
    } catch (error) {
      tx.forget();
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  ingestWaiting(events: number): void {
    this.#thread?.setWaiting(events);
  }

  /** Starts the ingest thread, and the lifecycle engine on it, before the first ingest. */
  startThreads(): void {
    if (this.#options.ingestThread && this.#file !== ':memory:') {
      this.#thread ??= new IngestThread(this.#file, this.#options, this.#options.engineThread);
    }
  }

  /**
   * With the ingest thread, the next transaction goes to it while the last one commits: the thread
   * takes them in order, and never waits for a round trip to the HTTP thread between two of them.
   */
  get ingestPipeline(): number {
    return this.#options.ingestThread && this.#file !== ':memory:' ? 2 : 1;
  }

  /** True when a thread of this store runs the lifecycle engine (nobody else should). */
  get runsEngine(): boolean {
    return Boolean(this.#options.ingestThread && this.#options.engineThread && this.#file !== ':memory:');
  }

  startOwnEngine(): void {
    if (this.runsEngine) this.startThreads();
  }

  /** Runs a synchronous write in its own transaction, in turn with the other writes of this connection. */
  writeNow<T>(fn: () => T): Promise<T> {
    return this.#exclusive(async () => this.transaction(fn));
  }

  engineTransaction<T>(fn: (tx: EngineTx) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      this.#engineTx ??= new SqliteEngineTransaction(this);
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.#engineTx);
        this.db.exec('COMMIT');
        this.onCommit?.();
        return result;
      } catch (error) {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  insertEventsRaw(workspaceId: number, events: { message: Message; customerId: number }[]): Promise<number> {
    return this.#exclusive(async () => {
      this.#ingestTx ??= new SqliteIngestTransaction(this);
      const tx = this.#ingestTx;
      return this.transaction(() => tx.insertEvents(workspaceId, events));
    });
  }
}
