import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Message } from '../../core/index.ts';
import { type IngestOutcome, ingestMessages } from '../../identity/index.ts';
import type { IngestGroup, IngestStorage } from '../../ingest/index.ts';
import type { OpenStore } from '../store.ts';
import { SqliteAnalytics } from './analytics.ts';
import { SqliteCustomers } from './customers.ts';
import { SqliteEngineAdmin } from './engine-admin.ts';
import { IngestThread } from './ingest-thread.ts';
import { sqliteJobs } from './jobs.ts';
import { SqliteJourneys } from './journeys.ts';
import { sqliteMessaging } from './messaging.ts';
import { migrateSqlite } from './migrate.ts';
import { SqliteSegmentAdmin } from './segment-admin.ts';
import { SqliteTemplates } from './templates.ts';
import { SqliteUsers } from './users.ts';
import { SqliteKeys, SqliteWorkspaces } from './workspaces.ts';
import { SqliteUnit } from './write-unit.ts';

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
  /** The migrations folder (default: the shipped one); tests point it at an edited copy. */
  migrationsDir?: string;
};

/**
 * The embedded store: one SQLite file in WAL mode through `node:sqlite`. Calls are synchronous under
 * the hood, so a transaction never interleaves with another one in this process.
 */
export class SqliteStore implements OpenStore {
  readonly dialect = 'sqlite' as const;
  readonly db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  readonly #unit: SqliteUnit = new SqliteUnit(this);
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
  readonly users: SqliteUsers = new SqliteUsers(this);
  readonly customers: SqliteCustomers = new SqliteCustomers(this);
  readonly ingest: IngestStorage = { commit: (groups, now) => this.#commitIngest(groups, now) };
  readonly jobs = sqliteJobs(this);
  readonly journeys: SqliteJourneys = new SqliteJourneys(this);
  readonly messaging = sqliteMessaging(this);
  readonly templates: SqliteTemplates = new SqliteTemplates(this);

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

  /**
   * Runs async write work one at a time. Ingest awaits between its steps, and a promise continuation
   * of another request could otherwise write in the middle of its open transaction.
   */
  #exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.#writeQueue.then(fn, fn);
    this.#writeQueue = run.catch(() => undefined);
    return run;
  }

  /** Applies the pending migrations (see `migrate.ts`); refuses a database whose applied ones changed. */
  async migrate(): Promise<number[]> {
    const applied = await this.#exclusive(async () => migrateSqlite(this.db, this.#options.migrationsDir));
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
    return this.#ingestHere(groups, now);
  }

  #ingestHere(groups: IngestGroup[], now: number): Promise<IngestOutcome[]> {
    return this.write(async (unit) => {
      const outcomes: IngestOutcome[] = [];
      for (const group of groups) {
        outcomes.push(
          await ingestMessages(unit.ingest, group.workspaceId, group.messages, group.settings, now),
        );
      }
      return outcomes;
    });
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

  /**
   * The one write template of this connection: BEGIN IMMEDIATE, `fn` with the unit's facets, COMMIT; a
   * ROLLBACK when `fn` throws. Writes take their turn one at a time (see `#exclusive`).
   */
  write<T>(fn: (unit: SqliteUnit) => Promise<T> | T): Promise<T> {
    if (!this.db.isOpen) return Promise.reject(new Error('the store is closed'));
    return this.#exclusive(() => {
      this.db.exec('BEGIN IMMEDIATE');
      this.#unit.began();
      let result: T | Promise<T>;
      try {
        result = fn(this.#unit);
      } catch (error) {
        this.#rollback();
        throw error;
      }
      // Synchronous work commits before anything else runs: between BEGIN and an await, another
      // connection of this thread could ask for the write lock and block the thread waiting for it.
      if (!(result instanceof Promise)) return this.#commit(result);
      return result.then(
        (value) => this.#commit(value),
        (error) => {
          this.#rollback();
          throw error;
        },
      );
    });
  }

  #commit<T>(result: T): T {
    this.db.exec('COMMIT');
    this.onCommit?.();
    return result;
  }

  #rollback(): void {
    if (this.db.isTransaction) this.db.exec('ROLLBACK');
    this.#unit.rolledBack();
  }

  /** Runs a synchronous write in its own transaction (`write` for callers with no use for the unit). */
  writeNow<T>(fn: () => T): Promise<T> {
    return this.write(() => fn());
  }

  insertEventsRaw(workspaceId: number, events: { message: Message; customerId: number }[]): Promise<number> {
    return this.write((unit) => unit.ingest.insertEvents(workspaceId, events));
  }
}
