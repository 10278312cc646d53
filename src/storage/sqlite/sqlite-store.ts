import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { EngineStore, EngineTx } from '../../engine/index.ts';
import { type IngestOutcome, ingestMessages } from '../../identity/index.ts';
import type { Message } from '../../ingest/message.ts';
import { readMigrations } from '../migrations.ts';
import type {
  ApiKey,
  Customer,
  CustomerQuery,
  EventQuery,
  Identity,
  IngestGroup,
  Merge,
  Page,
  Store,
  StoredEvent,
  Workspace,
  WorkspaceSettings,
} from '../port.ts';
import { toApiKey, toCustomer, toWorkspace } from '../rows.ts';
import { SqliteAnalytics } from './analytics.ts';
import { SqliteEngineAdmin } from './engine-admin.ts';
import { SqliteEngineTransaction } from './engine-transaction.ts';
import { IngestThread } from './ingest-thread.ts';
import { SqliteIngestTransaction } from './ingest-transaction.ts';
import { sqliteJobs } from './jobs.ts';
import { listCustomers, listEvents } from './reads.ts';
import { SqliteSegmentAdmin } from './segment-admin.ts';

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
export class SqliteStore implements Store, EngineStore {
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
  readonly jobs = sqliteJobs(this);

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

  createWorkspace(name: string, settings: WorkspaceSettings, now: number): Promise<Workspace> {
    return this.#exclusive(async () => {
      const row = this.statement(
        'INSERT INTO workspaces (name, settings, created_at) VALUES (?, ?, ?) RETURNING *',
      ).get(name, JSON.stringify(settings), now);
      return toWorkspace(row!);
    });
  }

  async getWorkspace(id: number): Promise<Workspace | null> {
    const row = this.statement('SELECT * FROM workspaces WHERE id = ?').get(id);
    return row ? toWorkspace(row) : null;
  }

  async getWorkspaceByName(name: string): Promise<Workspace | null> {
    const row = this.statement('SELECT * FROM workspaces WHERE name = ?').get(name);
    return row ? toWorkspace(row) : null;
  }

  async listWorkspaces(): Promise<Workspace[]> {
    return this.statement('SELECT * FROM workspaces ORDER BY id').all().map(toWorkspace);
  }

  updateWorkspaceSettings(id: number, settings: WorkspaceSettings): Promise<void> {
    return this.#exclusive(async () => {
      this.statement('UPDATE workspaces SET settings = ? WHERE id = ?').run(JSON.stringify(settings), id);
    });
  }

  insertApiKey(key: Omit<ApiKey, 'id' | 'revokedAt'>): Promise<ApiKey> {
    return this.#exclusive(async () => {
      const row = this.statement(
        `INSERT INTO api_keys (workspace_id, kind, name, prefix, hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
      ).get(key.workspaceId, key.kind, key.name, key.prefix, key.hash, key.createdAt);
      return toApiKey(row!);
    });
  }

  async listApiKeys(workspaceId?: number): Promise<ApiKey[]> {
    const rows =
      workspaceId === undefined
        ? this.statement('SELECT * FROM api_keys ORDER BY id').all()
        : this.statement('SELECT * FROM api_keys WHERE workspace_id = ? ORDER BY id').all(workspaceId);
    return rows.map(toApiKey);
  }

  async findApiKeyByHash(hash: string): Promise<ApiKey | null> {
    const row = this.statement('SELECT * FROM api_keys WHERE hash = ?').get(hash);
    return row ? toApiKey(row) : null;
  }

  async getApiKey(id: number): Promise<ApiKey | null> {
    const row = this.statement('SELECT * FROM api_keys WHERE id = ?').get(id);
    return row ? toApiKey(row) : null;
  }

  revokeApiKey(id: number, at: number): Promise<boolean> {
    return this.#exclusive(async () => {
      const result = this.statement(
        'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      ).run(at, id);
      return Number(result.changes) > 0;
    });
  }

  ingest(groups: IngestGroup[], now: number): Promise<IngestOutcome[]> {
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

  async listCustomers(workspaceId: number, query: CustomerQuery): Promise<Page<Customer>> {
    return listCustomers(this, workspaceId, query);
  }

  async getCustomer(workspaceId: number, id: number): Promise<Customer | null> {
    const row = this.statement('SELECT * FROM customers WHERE workspace_id = ? AND id = ?').get(
      workspaceId,
      id,
    );
    return row ? toCustomer(row) : null;
  }

  async findSurvivor(workspaceId: number, mergedId: number): Promise<number | null> {
    const row = this.statement(
      'SELECT survivor_id FROM merges WHERE workspace_id = ? AND from_customer_id = ? ORDER BY id DESC LIMIT 1',
    ).get(workspaceId, mergedId);
    return row ? Number(row.survivor_id) : null;
  }

  async customerIdentities(workspaceId: number, customerId: number): Promise<Identity[]> {
    return this.statement(
      `SELECT kind, value, created_at FROM identities WHERE customer_id = ? AND workspace_id = ?
       ORDER BY created_at, kind, value`,
    )
      .all(customerId, workspaceId)
      .map((r) => ({ kind: String(r.kind), value: String(r.value), createdAt: Number(r.created_at) }));
  }

  async customerMerges(workspaceId: number, customerId: number): Promise<Merge[]> {
    return this.statement(
      `SELECT from_customer_id, into_customer_id, reason, message_id, at FROM merges
       WHERE workspace_id = ? AND survivor_id = ? ORDER BY id`,
    )
      .all(workspaceId, customerId)
      .map((r) => ({
        fromCustomerId: Number(r.from_customer_id),
        intoCustomerId: Number(r.into_customer_id),
        reason: String(r.reason),
        messageId: String(r.message_id),
        at: Number(r.at),
      }));
  }

  async listEvents(workspaceId: number, query: EventQuery): Promise<Page<StoredEvent>> {
    return listEvents(this, workspaceId, query);
  }

  async countEvents(workspaceId: number): Promise<number> {
    const row = this.statement(
      'SELECT count(*) AS n FROM events WHERE workspace_id = ? AND internal = 0',
    ).get(workspaceId);
    return Number(row!.n);
  }
}
